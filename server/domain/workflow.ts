import { AppError } from './errors';
import type { HistoryAction } from './history';
import { ROLE_GROUPS, type Role, type ReviewStatus, type Verdict } from './vocabulary';

/**
 * The review workflow as one table (DESIGN.md):
 *
 *   DRAFT --submit--> IN_REVIEW --proposeVerdict--> PENDING_APPROVAL --approve--> PUBLISHED
 *   PENDING_APPROVAL --reject--> IN_REVIEW;  PUBLISHED --reopen--> IN_REVIEW
 *   any state but ARCHIVED --archive--> ARCHIVED --restore (ADMIN)--> DRAFT
 *
 * Besides the transitions, the table lists the actions that keep the state (edit, evidence,
 * assign, dispute) so `nextActions` and every refusal come from the same place.
 */
export const CLAIM_ACTIONS = [
  'UPDATE',
  'ANNOTATE',
  'EDIT_EVIDENCE',
  'SUBMIT',
  'PROPOSE_VERDICT',
  'APPROVE',
  'REJECT',
  'REOPEN',
  'ARCHIVE',
  'RESTORE',
  'ASSIGN',
  'OPEN_DISPUTE',
] as const;
export type ClaimAction = (typeof CLAIM_ACTIONS)[number];

const { WRITER, DESK, ADMIN } = ROLE_GROUPS;
const EDITABLE: readonly ReviewStatus[] = ['DRAFT', 'IN_REVIEW'];
const LIVE: readonly ReviewStatus[] = ['DRAFT', 'IN_REVIEW', 'PENDING_APPROVAL', 'PUBLISHED'];

interface ActionRule {
  from: readonly ReviewStatus[];
  /** The state after the action; absent for actions that keep the state. */
  to?: ReviewStatus;
  roles: readonly Role[];
  /** For a workflow step (`applyTransition`): the history action it records. */
  event?: HistoryAction;
  /** The step sends the verdict back to be (re)proposed: who proposed it, and when, is cleared. */
  clearsProposal?: true;
}

export const WORKFLOW: Readonly<Record<ClaimAction, ActionRule>> = {
  UPDATE: { from: EDITABLE, roles: WRITER },
  // Internal notes and topics are newsroom bookkeeping, not the public check: editable until archived.
  ANNOTATE: { from: LIVE, roles: WRITER },
  // Adding, editing and removing evidence alike: evidence is part of the check, frozen once proposed.
  EDIT_EVIDENCE: { from: EDITABLE, roles: WRITER },
  SUBMIT: { from: ['DRAFT'], to: 'IN_REVIEW', roles: WRITER, event: 'submitClaim' },
  PROPOSE_VERDICT: { from: ['IN_REVIEW'], to: 'PENDING_APPROVAL', roles: WRITER, event: 'proposeVerdict' },
  APPROVE: { from: ['PENDING_APPROVAL'], to: 'PUBLISHED', roles: DESK, event: 'approveVerdict' },
  // The verdict goes back to what it was before the proposal; the rejected proposal stays readable
  // to staff (domain/proposals.ts) for the checker to revise.
  REJECT: { from: ['PENDING_APPROVAL'], to: 'IN_REVIEW', roles: DESK, event: 'rejectVerdict', clearsProposal: true },
  REOPEN: { from: ['PUBLISHED'], to: 'IN_REVIEW', roles: DESK, event: 'reopenClaim', clearsProposal: true },
  ARCHIVE: { from: LIVE, to: 'ARCHIVED', roles: DESK, event: 'archiveClaim' },
  RESTORE: { from: ['ARCHIVED'], to: 'DRAFT', roles: ADMIN, event: 'restoreClaim', clearsProposal: true },
  ASSIGN: { from: LIVE, roles: DESK, event: 'assignClaim' },
  OPEN_DISPUTE: { from: LIVE, roles: WRITER },
};

/** Fields ANNOTATE may change; every other field needs UPDATE (frozen once proposed or published). */
export const ANNOTATION_FIELDS: ReadonlySet<string> = new Set(['internalNote', 'topics']);

/** Verdicts that need no evidence: there is nothing to weigh for an opinion or an unprovable claim. */
export const VERDICTS_WITHOUT_EVIDENCE: ReadonlySet<Verdict> = new Set(['UNPROVEN', 'NOT_CHECKABLE']);

export interface ClaimFacts {
  reviewStatus: ReviewStatus;
  proposedById: string | null;
}

/** The logged-in user taking an action (not the claimant, who is an Actor in the catalog). */
export interface ActingUser {
  userId: string;
  role: Role;
}

/**
 * Why `user` may not take `action` on `claim` now, or null when it may. `doing` names what the user
 * tried where one action covers several operations (EDIT_EVIDENCE: add, edit or remove evidence),
 * so a refusal says what was refused.
 */
function refusal(claim: ClaimFacts, action: ClaimAction, user: ActingUser, doing = describe(action)): AppError | null {
  const rule = WORKFLOW[action];
  if (!rule.roles.includes(user.role)) {
    return new AppError('FORBIDDEN', `Your role (${user.role}) may not ${doing}.`, {
      action,
      requiredRoles: rule.roles,
    });
  }
  if (!rule.from.includes(claim.reviewStatus)) {
    const allowed = allowedActions(claim, user);
    return new AppError(
      'INVALID_TRANSITION',
      `Cannot ${doing}: the claim is ${claim.reviewStatus}. ` +
        (allowed.length ? `Allowed now: ${allowed.join(', ')}.` : 'No action is allowed for you now.'),
      { action, currentState: claim.reviewStatus, allowedActions: allowed },
    );
  }
  if (action === 'APPROVE' && claim.proposedById === user.userId) {
    return new AppError(
      'FORBIDDEN',
      'You proposed this verdict, so another editor must approve it (four-eyes rule).',
      { action, rule: 'FOUR_EYES' },
    );
  }
  return null;
}

/** Throws the refusal, if any: the one gate every workflow action goes through. */
export function assertAllowed(claim: ClaimFacts, action: ClaimAction, user: ActingUser, doing?: string): void {
  const error = refusal(claim, action, user, doing);
  if (error) throw error;
}

/** What `user` may do to `claim` now (`Claim.nextActions`). */
export function allowedActions(claim: ClaimFacts, user: ActingUser): ClaimAction[] {
  return CLAIM_ACTIONS.filter((a) => {
    const rule = WORKFLOW[a];
    if (!rule.roles.includes(user.role) || !rule.from.includes(claim.reviewStatus)) return false;
    return !(a === 'APPROVE' && claim.proposedById === user.userId);
  });
}

export function nextState(from: ReviewStatus, action: ClaimAction): ReviewStatus {
  return WORKFLOW[action].to ?? from;
}

function describe(action: ClaimAction): string {
  return action.toLowerCase().replace(/_/g, ' ') + (action === 'UPDATE' ? ' this claim' : '');
}
