import { AppError, badInput } from './errors';
import { inRoleGroup, type ReviewStatus, type Role, type Verdict } from './vocabulary';
import { ANNOTATION_FIELDS, VERDICTS_WITHOUT_EVIDENCE, type ClaimAction } from './workflow';

/** The claim rules the workflow table does not hold: what an edit is, what a verdict needs, who may work on a claim. */

/** An edit touching only annotation fields is ANNOTATE (allowed until archived); any other field makes it UPDATE. */
export function editAction(changedFields: readonly string[]): Extract<ClaimAction, 'ANNOTATE' | 'UPDATE'> {
  return changedFields.every((f) => ANNOTATION_FIELDS.has(f)) ? 'ANNOTATE' : 'UPDATE';
}

/** A verdict needs evidence to weigh, except the verdicts that have nothing to weigh. */
export function assertVerdictEvidence(verdict: Verdict, evidenceCount: number, currentState: ReviewStatus): void {
  if (VERDICTS_WITHOUT_EVIDENCE.has(verdict) || evidenceCount > 0) return;
  throw new AppError(
    'INVALID_TRANSITION',
    `A ${verdict} verdict needs at least one piece of evidence; add evidence first ` +
      `(only ${[...VERDICTS_WITHOUT_EVIDENCE].join(' and ')} need none).`,
    { action: 'PROPOSE_VERDICT', currentState, requirement: 'EVIDENCE' },
  );
}

/** A claim is assigned to an active user who works on claims; `user` is undefined when no such user exists. */
export function assertAssignable(assigneeId: string, user: { role: Role; active: boolean } | undefined): void {
  if (!user) throw badInput('assigneeId', `no user with id ${assigneeId}.`);
  if (!user.active) throw badInput('assigneeId', 'that user is deactivated.');
  if (!inRoleGroup(user.role, 'WRITER')) {
    throw badInput('assigneeId', `a ${user.role} cannot work on claims; assign a fact-checker or an editor.`);
  }
}

/** How long a search text may be, trimmed: a full-text filter, and the probe of "similar claims". */
export const SEARCH_LIMITS = {
  filter: { min: 1, max: 500 },
  similar: { min: 3, max: 1000 },
} as const;

/** The trimmed search text, or BAD_USER_INPUT naming `field` when it is too short or too long. */
export function searchText(field: string, raw: string, limits: { min: number; max: number }): string {
  const text = raw.trim();
  if (text.length < limits.min) {
    throw badInput(field, limits.min === 1 ? 'must not be empty.' : `must be at least ${limits.min} characters.`);
  }
  if (text.length > limits.max) throw badInput(field, `must be at most ${limits.max} characters.`);
  return text;
}
