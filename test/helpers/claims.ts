import type { z } from 'zod';
import type { Verdict } from '../../server/domain/vocabulary';
import type { addEvidenceInput, createClaimInput } from '../../server/domain/validation';
import type { TestApp } from './app';

/**
 * The claim mutations as a client sends them, once for the whole suite, and typed functions over
 * them that fail the test on any error. Each answers the claim's id and new version, which the
 * next step needs (`expectedVersion`). A test about a mutation's own answer or refusal writes its
 * document in full, to show what it checks.
 */
export interface ClaimRef {
  id: string;
  version: number;
}

export type CreateClaimInput = z.input<typeof createClaimInput>;
export type AddEvidenceInput = z.input<typeof addEvidenceInput>;

export const CLAIM_MUTATIONS = {
  create: `mutation($i: CreateClaimInput!) { createClaim(input: $i) { id version } }`,
  addEvidence: `mutation($id: ID!, $v: Int!, $i: AddEvidenceInput!) { addEvidence(claimId: $id, expectedVersion: $v, input: $i) { id claim { id version } } }`,
  submit: `mutation($id: ID!, $v: Int!) { submitClaim(id: $id, expectedVersion: $v) { id version } }`,
  proposeVerdict: `mutation($id: ID!, $v: Int!, $verdict: Verdict!, $r: String!) { proposeVerdict(id: $id, expectedVersion: $v, verdict: $verdict, rationale: $r) { id version } }`,
  approve: `mutation($id: ID!, $v: Int!) { approveVerdict(id: $id, expectedVersion: $v) { id version publishedAt } }`,
  reject: `mutation($id: ID!, $v: Int!, $r: String!) { rejectVerdict(id: $id, expectedVersion: $v, reason: $r) { id version } }`,
  reopen: `mutation($id: ID!, $v: Int!, $r: String!) { reopenClaim(id: $id, expectedVersion: $v, reason: $r) { id version } }`,
  archive: `mutation($id: ID!, $v: Int!, $r: String!) { archiveClaim(id: $id, expectedVersion: $v, reason: $r) { id version } }`,
  assign: `mutation($id: ID!, $v: Int!, $a: ID) { assignClaim(id: $id, expectedVersion: $v, assigneeId: $a) { id version } }`,
} as const;

export interface ClaimOperations {
  create(input: CreateClaimInput, token: string): Promise<ClaimRef>;
  /** Answers the new evidence's id and the claim as it now is. */
  addEvidence(claim: ClaimRef, input: AddEvidenceInput, token: string): Promise<{ id: string; claim: ClaimRef }>;
  submit(claim: ClaimRef, token: string): Promise<ClaimRef>;
  proposeVerdict(claim: ClaimRef, verdict: Verdict, rationale: string, token: string): Promise<ClaimRef>;
  /** Answers when the claim was published, too. */
  approve(claim: ClaimRef, token: string): Promise<ClaimRef & { publishedAt: string }>;
  reject(claim: ClaimRef, reason: string, token: string): Promise<ClaimRef>;
  reopen(claim: ClaimRef, reason: string, token: string): Promise<ClaimRef>;
  archive(claim: ClaimRef, reason: string, token: string): Promise<ClaimRef>;
  /** `assigneeId` null takes the claim off whoever has it. */
  assign(claim: ClaimRef, assigneeId: string | null, token: string): Promise<ClaimRef>;
}

/** The operations against `app` (which may be the stand-in `useApp()` returns: it is read at each call). */
export function claimOperations(app: TestApp): ClaimOperations {
  const M = CLAIM_MUTATIONS;
  const on = (claim: ClaimRef) => ({ id: claim.id, v: claim.version });
  const only = async <T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> =>
    Object.values(await app.ok<Record<string, T>>(query, variables, token))[0]!;
  return {
    create: (input, token) => only(M.create, { i: input }, token),
    addEvidence: (claim, input, token) => only(M.addEvidence, { ...on(claim), i: input }, token),
    submit: (claim, token) => only(M.submit, on(claim), token),
    proposeVerdict: (claim, verdict, rationale, token) => only(M.proposeVerdict, { ...on(claim), verdict, r: rationale }, token),
    approve: (claim, token) => only(M.approve, on(claim), token),
    reject: (claim, reason, token) => only(M.reject, { ...on(claim), r: reason }, token),
    reopen: (claim, reason, token) => only(M.reopen, { ...on(claim), r: reason }, token),
    archive: (claim, reason, token) => only(M.archive, { ...on(claim), r: reason }, token),
    assign: (claim, assigneeId, token) => only(M.assign, { ...on(claim), a: assigneeId }, token),
  };
}
