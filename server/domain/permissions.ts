import { AppError, unauthenticated } from './errors';
import type { Viewer } from './viewer';
import { inRoleGroup, type RoleGroup } from './vocabulary';

/**
 * Who may read each field and call each operation: one table, checked by a test that fails when
 * any field of the schema has no rule. Row-level rules (public readers see published claims only)
 * live in the services' queries; this table decides fields and operations.
 */
export type Rule =
  /** Anyone, logged in or not. */
  | 'PUBLIC'
  /** The members of a role group (ROLE_GROUPS): STAFF, WRITER, DESK, AUDIT or ADMIN. */
  | RoleGroup
  /** Admins, or the user the object is about. */
  | 'SELF_OR_ADMIN';

type TypeRules = Record<string, Rule> & { '*'?: Rule };

/**
 * Mutations of the old shape (loose arguments, the claim returned) and their replacements (one
 * `input`, a `<Name>Payload`). The old ones keep working, deprecated, until the date their reason
 * gives (docs/client-guide.md, Change policy), under their replacement's rule.
 */
export const SUPERSEDED_MUTATIONS = {
  submitClaim: 'claimSubmit',
  proposeVerdict: 'claimProposeVerdict',
  approveVerdict: 'claimApproveVerdict',
  rejectVerdict: 'claimRejectVerdict',
  reopenClaim: 'claimReopen',
  archiveClaim: 'claimArchive',
  restoreClaim: 'claimRestore',
  assignClaim: 'claimAssign',
} as const;

export type PayloadMutation = (typeof SUPERSEDED_MUTATIONS)[keyof typeof SUPERSEDED_MUTATIONS];

const MUTATIONS: Record<string, Rule> = {
  login: 'PUBLIC',
  logout: 'PUBLIC',
  createClaim: 'WRITER',
  updateClaim: 'WRITER',
  claimSubmit: 'WRITER',
  claimProposeVerdict: 'WRITER',
  claimApproveVerdict: 'DESK',
  claimRejectVerdict: 'DESK',
  claimReopen: 'DESK',
  claimArchive: 'DESK',
  claimRestore: 'ADMIN',
  claimAssign: 'DESK',
  addEvidence: 'WRITER',
  updateEvidence: 'WRITER',
  removeEvidence: 'WRITER',
  openDispute: 'WRITER',
  resolveDispute: 'DESK',
  withdrawDispute: 'WRITER',
  createActor: 'WRITER',
  updateActor: 'WRITER',
  createSource: 'WRITER',
  updateSource: 'WRITER',
  // Merging moves other people's claims and cannot be undone by an edit: the desk decides.
  mergeActors: 'DESK',
  mergeSources: 'DESK',
  createUser: 'ADMIN',
  updateUser: 'ADMIN',
  // Every staff role, auditors included: it changes only how the admin UI speaks to the caller.
  updateMyPreferences: 'STAFF',
  createApiKey: 'ADMIN',
  revokeApiKey: 'ADMIN',
  importClaimReviews: 'DESK',
  recordCheckpoint: 'AUDIT',
};

/** `claimSubmit` → `ClaimSubmitPayload`. */
export const payloadType = (mutation: PayloadMutation) => `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Payload`;

/** A claim's newsroom-only fields, live (`Claim`) and as they were (`ClaimRevision`). */
const CLAIM_RULES: TypeRules = {
  '*': 'PUBLIC',
  assignee: 'STAFF',
  internalNote: 'STAFF',
  proposedBy: 'STAFF',
  proposedAt: 'STAFF',
  approvedBy: 'STAFF',
  createdBy: 'STAFF',
  // Newsroom deliberation: the public reads only verdicts that were approved.
  rejectedProposal: 'STAFF',
};
/** Evidence's newsroom-only fields, live and in a revision. */
const EVIDENCE_RULES: TypeRules = { '*': 'PUBLIC', note: 'STAFF', isPublic: 'STAFF', addedBy: 'STAFF' };

export const PERMISSIONS: Record<string, TypeRules> = {
  Query: {
    apiVersion: 'PUBLIC',
    // Each object's own rules decide: loadNodes answers null for types the viewer may not read.
    node: 'PUBLIC',
    nodes: 'PUBLIC',
    claims: 'PUBLIC',
    claim: 'PUBLIC',
    claimRevision: 'PUBLIC',
    similarClaims: 'STAFF',
    similarActors: 'STAFF',
    similarSources: 'STAFF',
    topics: 'PUBLIC',
    actors: 'PUBLIC',
    actor: 'PUBLIC',
    sources: 'PUBLIC',
    source: 'PUBLIC',
    disputes: 'STAFF',
    auditLog: 'AUDIT',
    verifyHistory: 'STAFF',
    me: 'PUBLIC',
    users: 'ADMIN',
    staff: 'STAFF',
    apiKeys: 'ADMIN',
    stats: 'PUBLIC',
  },
  Mutation: {
    ...MUTATIONS,
    ...Object.fromEntries(Object.entries(SUPERSEDED_MUTATIONS).map(([old, now]) => [old, MUTATIONS[now]!])),
  },
  // Reached only through their mutation, which its own rule gates.
  ...Object.fromEntries(Object.values(SUPERSEDED_MUTATIONS).map((m) => [payloadType(m), { '*': 'PUBLIC' as Rule }])),
  Claim: {
    ...CLAIM_RULES,
    disputes: 'STAFF',
    history: 'STAFF',
    // What the public reads of a claim under correction or withdrawn (services/publishedVersions.ts).
    correctionInProgress: 'PUBLIC',
    withdrawn: 'PUBLIC',
  },
  Withdrawal: { '*': 'PUBLIC' },
  RejectedProposal: { '*': 'STAFF' },
  ClaimRevision: CLAIM_RULES,
  Evidence: EVIDENCE_RULES,
  EvidenceRevision: EVIDENCE_RULES,
  Actor: { '*': 'PUBLIC' },
  Source: { '*': 'PUBLIC' },
  Topic: { '*': 'PUBLIC' },
  Correction: { '*': 'PUBLIC' },
  SimilarClaim: { '*': 'PUBLIC' },
  SimilarActor: { '*': 'STAFF' },
  SimilarSource: { '*': 'STAFF' },
  PageInfo: { '*': 'PUBLIC' },
  ClaimConnection: { '*': 'PUBLIC' },
  ClaimEdge: { '*': 'PUBLIC' },
  ActorConnection: { '*': 'PUBLIC' },
  ActorEdge: { '*': 'PUBLIC' },
  SourceConnection: { '*': 'PUBLIC' },
  SourceEdge: { '*': 'PUBLIC' },
  EvidenceConnection: { '*': 'PUBLIC' },
  EvidenceEdge: { '*': 'PUBLIC' },
  Stats: { '*': 'PUBLIC', openDisputes: 'STAFF', myAssignments: 'STAFF', pendingMyApproval: 'STAFF' },
  StatusCount: { '*': 'PUBLIC' },
  VerdictCount: { '*': 'PUBLIC' },
  WeekCount: { '*': 'PUBLIC' },
  // Returned by login to the user who just proved who they are.
  AuthPayload: { '*': 'PUBLIC' },
  User: { '*': 'STAFF', email: 'SELF_OR_ADMIN', locale: 'SELF_OR_ADMIN' },
  Dispute: { '*': 'STAFF' },
  DisputeConnection: { '*': 'STAFF' },
  DisputeEdge: { '*': 'STAFF' },
  HistoryEvent: { '*': 'STAFF' },
  HistoryEventConnection: { '*': 'STAFF' },
  HistoryEventEdge: { '*': 'STAFF' },
  FieldChange: { '*': 'STAFF' },
  HistoryVerification: { '*': 'STAFF' },
  ChainBreak: { '*': 'STAFF' },
  Checkpoint: { '*': 'AUDIT' },
  ImportReport: { '*': 'DESK' },
  ImportFailure: { '*': 'DESK' },
  ApiKey: { '*': 'ADMIN' },
  NewApiKey: { '*': 'ADMIN' },
};

/** The rule for a field: its own entry, else its type's default; undefined when the table has none. */
export function ruleFor(typeName: string, fieldName: string): Rule | undefined {
  const rules = PERMISSIONS[typeName];
  return rules?.[fieldName] ?? rules?.['*'];
}

export function permits(rule: Rule, viewer: Viewer, subject?: { id?: unknown }): boolean {
  if (rule === 'PUBLIC') return true;
  if (viewer.kind !== 'user') return false;
  // The rule names the role group (ROLE_GROUPS) except the one that also looks at the subject.
  if (rule === 'SELF_OR_ADMIN') return inRoleGroup(viewer.role, 'ADMIN') || subject?.id === viewer.userId;
  return inRoleGroup(viewer.role, rule);
}

/**
 * Why a field is refused to this viewer: a logged-in user's role does not allow it, and an API
 * key reads only what the public reads (FORBIDDEN: logging in again would not help); only a reader
 * who sent no credentials is told to log in (UNAUTHENTICATED).
 */
export function refusal(viewer: Viewer, field: string): AppError {
  if (viewer.kind === 'user') return new AppError('FORBIDDEN', `Your role (${viewer.role}) may not use ${field}.`, { field });
  if (viewer.apiKeyId) return new AppError('FORBIDDEN', `API keys read what the public reads; ${field} needs a staff login.`, { field });
  return unauthenticated(`Log in to use ${field}.`);
}
