/**
 * The product's words as the newsroom reads them, and the colour each state wears on a chip.
 * Plain data (no JSX, no browser API): the dataProvider, the error messages and the tests use it.
 */
// The vocabularies themselves come from the server's domain (plain data, shared by both), so a
// new state or action cannot exist on one side only.
import {
  ACTOR_KINDS,
  ATTRIBUTION_STATUSES,
  DISPUTE_STATES,
  DISPUTE_STATUSES,
  REVIEW_STATUSES,
  ROLES,
  SOURCE_KINDS,
  STANCES,
  VERDICTS,
  type AttributionStatus,
  type DisputeState,
  type DisputeStatus,
  type ReviewStatus,
  type Role,
  type Stance,
  type Verdict,
} from '@domain/vocabulary';
import { CLAIM_ACTIONS, type ClaimAction } from '@domain/workflow';
import type { HistoryAction, HistoryEntityType } from '@domain/history';

export { ACTOR_KINDS, ATTRIBUTION_STATUSES, CLAIM_ACTIONS, DISPUTE_STATES, DISPUTE_STATUSES, REVIEW_STATUSES, ROLES, SOURCE_KINDS, STANCES, VERDICTS };
export type { AttributionStatus, ClaimAction, DisputeState, DisputeStatus, HistoryAction, HistoryEntityType, ReviewStatus, Role, Stance, Verdict };

/** Chip colours: MUI palette names, so light and dark themes both read well. */
export type Tone = 'default' | 'primary' | 'secondary' | 'success' | 'warning' | 'error' | 'info';

interface Term {
  label: string;
  tone: Tone;
  /** A filled chip for states that ask for attention; outlined for quiet ones. */
  filled?: boolean;
}

export const REVIEW_STATUS: Record<ReviewStatus, Term> = {
  DRAFT: { label: 'Draft', tone: 'default' },
  IN_REVIEW: { label: 'In review', tone: 'info', filled: true },
  PENDING_APPROVAL: { label: 'Pending approval', tone: 'warning', filled: true },
  PUBLISHED: { label: 'Published', tone: 'success', filled: true },
  ARCHIVED: { label: 'Archived', tone: 'default' },
};

export const VERDICT: Record<Verdict, Term> = {
  TRUE: { label: 'True', tone: 'success', filled: true },
  MOSTLY_TRUE: { label: 'Mostly true', tone: 'success' },
  MIXED: { label: 'Mixed', tone: 'warning' },
  MOSTLY_FALSE: { label: 'Mostly false', tone: 'error' },
  FALSE: { label: 'False', tone: 'error', filled: true },
  MISLEADING: { label: 'Misleading', tone: 'secondary', filled: true },
  UNPROVEN: { label: 'Unproven', tone: 'default' },
  NOT_CHECKABLE: { label: 'Not checkable', tone: 'default' },
};

export const DISPUTE_STATUS: Record<DisputeStatus, Term> = {
  NONE: { label: 'Not disputed', tone: 'default' },
  DISPUTED: { label: 'Disputed', tone: 'error', filled: true },
  RESOLVED: { label: 'Dispute resolved', tone: 'success' },
};

export const ATTRIBUTION_STATUS: Record<AttributionStatus, Term> = {
  VERIFIED: { label: 'Verified', tone: 'success' },
  PARAPHRASED: { label: 'Paraphrased', tone: 'info' },
  MISATTRIBUTED: { label: 'Misattributed', tone: 'error', filled: true },
  UNVERIFIED: { label: 'Unverified', tone: 'default' },
};

export const STANCE: Record<Stance, Term> = {
  SUPPORTS: { label: 'Supports', tone: 'success' },
  REFUTES: { label: 'Refutes', tone: 'error' },
  CONTEXT: { label: 'Context', tone: 'info' },
};

export const DISPUTE_STATE: Record<DisputeState, Term> = {
  OPEN: { label: 'Open', tone: 'error', filled: true },
  UPHELD: { label: 'Upheld', tone: 'warning' },
  REJECTED: { label: 'Rejected', tone: 'default' },
  WITHDRAWN: { label: 'Withdrawn', tone: 'default' },
};

export const ROLE: Record<Role, string> = {
  FACT_CHECKER: 'Fact-checker',
  EDITOR: 'Editor',
  AUDITOR: 'Auditor',
  ADMIN: 'Admin',
};

export const CLAIM_ACTION: Record<ClaimAction, string> = {
  UPDATE: 'Edit',
  ANNOTATE: 'Edit note and topics',
  EDIT_EVIDENCE: 'Add, edit or remove evidence',
  SUBMIT: 'Submit for review',
  PROPOSE_VERDICT: 'Propose verdict',
  APPROVE: 'Approve and publish',
  REJECT: 'Reject verdict',
  REOPEN: 'Reopen for correction',
  ARCHIVE: 'Archive',
  RESTORE: 'Restore',
  ASSIGN: 'Assign',
  OPEN_DISPUTE: 'Open dispute',
};

/** History actions (mutation names) as a sentence fragment: "Fran Checker proposed a verdict". */
export const HISTORY_ACTION: Record<HistoryAction, string> = {
  createClaim: 'created the claim',
  importClaim: 'imported the claim',
  updateClaim: 'edited the claim',
  submitClaim: 'submitted it for review',
  proposeVerdict: 'proposed a verdict',
  approveVerdict: 'approved and published the verdict',
  rejectVerdict: 'rejected the proposed verdict',
  reopenClaim: 'reopened it for correction',
  archiveClaim: 'archived it',
  restoreClaim: 'restored it as a draft',
  assignClaim: 'changed the assignee',
  addEvidence: 'added evidence',
  updateEvidence: 'edited evidence',
  removeEvidence: 'removed evidence',
  openDispute: 'opened a dispute',
  resolveDispute: 'resolved a dispute',
  withdrawDispute: 'withdrew a dispute',
  createActor: 'created the actor',
  updateActor: 'edited the actor',
  createSource: 'catalogued the source',
  updateSource: 'edited the source',
  createUser: 'created the user',
  updateUser: 'edited the user',
  updateMyPreferences: 'changed their preferences',
  createApiKey: 'created the API key',
  revokeApiKey: 'revoked the API key',
};

/** What a history event is about. */
export const HISTORY_ENTITY: Record<HistoryEntityType, string> = {
  CLAIM: 'Claim',
  EVIDENCE: 'Evidence',
  DISPUTE: 'Dispute',
  ACTOR: 'Actor',
  SOURCE: 'Source',
  USER: 'User',
  API_KEY: 'API key',
};

/** An event's action in words; an action this app does not know (a newer server's) shows as recorded. */
export const historyActionLabel = (action: string): string => (HISTORY_ACTION as Partial<Record<string, string>>)[action] ?? action;

/** Field names in history as people say them. */
export const FIELD_LABEL: Record<string, string> = {
  text: 'Statement',
  quote: 'Quote',
  claimantId: 'Claimant',
  firstAppearanceId: 'First appearance',
  claimedOn: 'Claimed on',
  context: 'Context',
  topics: 'Topics',
  language: 'Language',
  reviewStatus: 'Status',
  verdict: 'Verdict',
  verdictRationale: 'Rationale',
  attributionStatus: 'Attribution',
  disputeStatus: 'Dispute status',
  assigneeId: 'Assignee',
  internalNote: 'Internal note',
  proposedById: 'Proposed by',
  proposedAt: 'Proposed at',
  approvedById: 'Approved by',
  publishedAt: 'Published at',
  stance: 'Stance',
  excerpt: 'Excerpt',
  reliability: 'Reliability',
  sourceId: 'Source',
  url: 'URL',
  note: 'Note',
  isPublic: 'Public',
  reason: 'Reason',
  counterEvidence: 'Counter-evidence',
  raisedByName: 'Raised by',
  status: 'Status',
  resolutionNote: 'Resolution note',
  resolvedAt: 'Resolved at',
  resolvedById: 'Resolved by',
};

/** `claim.disputeStatus` (a dispute's effect on its claim) reads as "Claim: Dispute status". */
export const fieldLabel = (field: string): string => {
  const [owner, name] = field.includes('.') ? field.split('.', 2) : [undefined, field];
  const label = FIELD_LABEL[name!] ?? name!;
  return owner ? `${owner.charAt(0).toUpperCase()}${owner.slice(1)}: ${label.toLowerCase()}` : label;
};

export const choices = <K extends string>(terms: Record<K, Term | string>) =>
  (Object.keys(terms) as K[]).map((id) => {
    const t = terms[id];
    return { id, name: typeof t === 'string' ? t : t.label };
  });
