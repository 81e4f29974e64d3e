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
  submit: `mutation($i: ClaimSubmitInput!) { claimSubmit(input: $i) { claim { id version } } }`,
  proposeVerdict: `mutation($i: ClaimProposeVerdictInput!) { claimProposeVerdict(input: $i) { claim { id version } } }`,
  approve: `mutation($i: ClaimApproveVerdictInput!) { claimApproveVerdict(input: $i) { claim { id version publishedAt } } }`,
  reject: `mutation($i: ClaimRejectVerdictInput!) { claimRejectVerdict(input: $i) { claim { id version } } }`,
  reopen: `mutation($i: ClaimReopenInput!) { claimReopen(input: $i) { claim { id version } } }`,
  archive: `mutation($i: ClaimArchiveInput!) { claimArchive(input: $i) { claim { id version } } }`,
  assign: `mutation($i: ClaimAssignInput!) { claimAssign(input: $i) { claim { id version } } }`,
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
  const only = async <T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> =>
    Object.values(await app.ok<Record<string, T>>(query, variables, token))[0]!;
  /** A workflow step: its input names the claim and the version seen, its payload holds the claim. */
  const step = async <T = ClaimRef>(query: string, claim: ClaimRef, input: Record<string, unknown>, token: string): Promise<T> =>
    (await only<{ claim: T }>(query, { i: { claimId: claim.id, expectedVersion: claim.version, ...input } }, token)).claim;
  return {
    create: (input, token) => only(M.create, { i: input }, token),
    addEvidence: (claim, input, token) => only(M.addEvidence, { id: claim.id, v: claim.version, i: input }, token),
    submit: (claim, token) => step(M.submit, claim, {}, token),
    proposeVerdict: (claim, verdict, rationale, token) => step(M.proposeVerdict, claim, { verdict, rationale }, token),
    approve: (claim, token) => step(M.approve, claim, {}, token),
    reject: (claim, reason, token) => step(M.reject, claim, { reason }, token),
    reopen: (claim, reason, token) => step(M.reopen, claim, { reason }, token),
    archive: (claim, reason, token) => step(M.archive, claim, { reason }, token),
    assign: (claim, assigneeId, token) => step(M.assign, claim, { assigneeId }, token),
  };
}

/** A page of a claims search as the search tests read it (SEARCH_PAGE). */
export interface SearchPage {
  searchMode: 'FULL_TEXT' | 'SIMILAR' | null;
  edges: { cursor: string; searchRank: number | null; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean };
}

export const SEARCH_PAGE = `query($filter: ClaimFilter, $first: Int, $after: String) {
  claims(filter: $filter, first: $first, after: $after) { searchMode edges { cursor searchRank node { id } } pageInfo { hasNextPage } }
}`;
