/**
 * The product's vocabularies as the newsroom reads them: the colour each state wears on a chip,
 * and each value's words in the language showing (the catalogues in i18n/, typed by the server's
 * unions). Plain data (no JSX, no browser API): the dataProvider, the error messages and the
 * tests use it.
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
import { en } from './i18n/en';
import type { MessageKey, Translate } from './i18n/messages';

export { ACTOR_KINDS, ATTRIBUTION_STATUSES, CLAIM_ACTIONS, DISPUTE_STATES, DISPUTE_STATUSES, REVIEW_STATUSES, ROLES, SOURCE_KINDS, STANCES, VERDICTS };
export type { AttributionStatus, ClaimAction, DisputeState, DisputeStatus, HistoryAction, HistoryEntityType, ReviewStatus, Role, Stance, Verdict };

/** Chip colours: MUI palette names, so light and dark themes both read well. */
export type Tone = 'default' | 'primary' | 'secondary' | 'success' | 'warning' | 'error' | 'info';

export interface Look {
  tone: Tone;
  /** A filled chip for states that ask for attention; outlined for quiet ones. */
  filled?: boolean;
}

export const REVIEW_STATUS: Record<ReviewStatus, Look> = {
  DRAFT: { tone: 'default' },
  IN_REVIEW: { tone: 'info', filled: true },
  PENDING_APPROVAL: { tone: 'warning', filled: true },
  PUBLISHED: { tone: 'success', filled: true },
  ARCHIVED: { tone: 'default' },
};

export const VERDICT: Record<Verdict, Look> = {
  TRUE: { tone: 'success', filled: true },
  MOSTLY_TRUE: { tone: 'success' },
  MIXED: { tone: 'warning' },
  MOSTLY_FALSE: { tone: 'error' },
  FALSE: { tone: 'error', filled: true },
  MISLEADING: { tone: 'secondary', filled: true },
  UNPROVEN: { tone: 'default' },
  NOT_CHECKABLE: { tone: 'default' },
};

export const DISPUTE_STATUS: Record<DisputeStatus, Look> = {
  NONE: { tone: 'default' },
  DISPUTED: { tone: 'error', filled: true },
  RESOLVED: { tone: 'success' },
};

export const ATTRIBUTION_STATUS: Record<AttributionStatus, Look> = {
  VERIFIED: { tone: 'success' },
  PARAPHRASED: { tone: 'info' },
  MISATTRIBUTED: { tone: 'error', filled: true },
  UNVERIFIED: { tone: 'default' },
};

export const STANCE: Record<Stance, Look> = {
  SUPPORTS: { tone: 'success' },
  REFUTES: { tone: 'error' },
  CONTEXT: { tone: 'info' },
};

export const DISPUTE_STATE: Record<DisputeState, Look> = {
  OPEN: { tone: 'error', filled: true },
  UPHELD: { tone: 'warning' },
  REJECTED: { tone: 'default' },
  WITHDRAWN: { tone: 'default' },
};

/** The vocabularies the catalogues name value by value (app.<vocabulary>.<VALUE>). */
export type Vocabulary =
  | 'review_status'
  | 'verdict'
  | 'dispute_status'
  | 'attribution_status'
  | 'stance'
  | 'dispute_state'
  | 'role'
  | 'actor_kind'
  | 'source_kind'
  | 'claim_action'
  | 'history_action'
  | 'history_entity';

const knows = (vocabulary: Vocabulary, value: unknown): value is string => typeof value === 'string' && Object.hasOwn(en.app[vocabulary], value);

/** A value in the reader's words; a value this app does not know (a newer server's) shows as recorded. */
export const termLabel = (t: Translate, vocabulary: Vocabulary, value: unknown): string =>
  knows(vocabulary, value) ? t(`app.${vocabulary}.${value}` as MessageKey) : String(value ?? '');

/** A history event's action in words ("proposed a verdict"). */
export const historyActionLabel = (t: Translate, action: string): string => termLabel(t, 'history_action', action);

/** Choices for a select input; react-admin translates each name in the language showing. */
export const choices = <K extends string>(vocabulary: Vocabulary, values: readonly K[]) => values.map((id) => ({ id, name: `app.${vocabulary}.${id}` }));

/** A field as people say it; `claim.disputeStatus` (a dispute's effect on its claim) reads "Claim: Dispute status". */
export function fieldLabel(t: Translate, field: string): string {
  const [owner, name] = field.includes('.') ? (field.split('.', 2) as [string, string]) : [undefined, field];
  const label = Object.hasOwn(en.app.field, name) ? t(`app.field.${name}` as MessageKey) : name;
  return owner ? t('app.field_of', { owner: termLabel(t, 'history_entity', owner.toUpperCase()), field: label }) : label;
}
