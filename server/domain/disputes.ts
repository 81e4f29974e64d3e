import { AppError } from './errors';
import { inRoleGroup, type DisputeState, type DisputeStatus } from './vocabulary';
import type { ActingUser } from './workflow';

/** A claim's dispute status follows from its disputes: any open one makes it DISPUTED. */
export function disputeStatusOf(states: readonly DisputeState[]): DisputeStatus {
  if (states.length === 0) return 'NONE';
  return states.includes('OPEN') ? 'DISPUTED' : 'RESOLVED';
}

export type DisputeAction = 'RESOLVE' | 'WITHDRAW';

/** Who may close a dispute: editors resolve; the opener or an editor may withdraw. Only open ones. */
export function assertDisputeAction(
  dispute: { status: DisputeState; openedById: string | null },
  action: DisputeAction,
  user: ActingUser,
): void {
  const desk = inRoleGroup(user.role, 'DESK');
  if (action === 'RESOLVE' && !desk) {
    throw new AppError('FORBIDDEN', 'Only an editor can resolve a dispute.', { action });
  }
  if (action === 'WITHDRAW' && !desk && dispute.openedById !== user.userId) {
    throw new AppError('FORBIDDEN', 'Only whoever opened a dispute, or an editor, can withdraw it.', { action });
  }
  if (dispute.status !== 'OPEN') {
    throw new AppError(
      'INVALID_TRANSITION',
      `Cannot ${action.toLowerCase()} this dispute: it is already ${dispute.status}.`,
      { action, currentState: dispute.status, allowedActions: [] },
    );
  }
}
