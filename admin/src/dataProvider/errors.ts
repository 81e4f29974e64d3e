import { VERDICTS_WITHOUT_EVIDENCE } from '@domain/workflow';
import { en } from '../i18n/en';
import type { Translate } from '../i18n/messages';
import { fieldLabel, termLabel, VERDICTS, type ReviewStatus } from '../vocabulary';
import { ApiError, type ErrorCode } from './graphql';

/**
 * What a person sees when something is refused or fails, in their language: a short title and a
 * sentence that says what happened and what to do next, built from the error's code and the
 * facts the server sends with it (versions, state, allowed actions, field). The server's own
 * message (English) is shown only where it carries the one detail there is no word for here: why
 * an input was refused, and codes this app never provokes.
 */
interface ReadableError {
  code: ErrorCode;
  title: string;
  message: string;
  /** The form field to point at, for BAD_USER_INPUT. */
  field?: string;
}

type Explained = Omit<ReadableError, 'code' | 'title'> & { title?: string };
type Explain = (error: ApiError, x: Record<string, unknown>, t: Translate) => Explained;

/** Enum names inside a server message as the app shows them elsewhere ("A TRUE verdict" → "A True verdict"). */
const humaniseMessage = (t: Translate, message: string): string =>
  message.replace(/\b[A-Z][A-Z_]{2,}\b/g, (word) => {
    for (const vocabulary of ['verdict', 'review_status'] as const) {
      const label = termLabel(t, vocabulary, word);
      if (label !== word) return label;
    }
    return word;
  });

const unexplained: Explain = (error, _, t) => ({ message: t('app.error.unexplained', { message: error.message }) });
const outOfDate: Explain = (_, __, t) => ({ message: t('app.error.out_of_date') });

/** The verdicts a proposal may carry without evidence, in words and in the reader's way of listing. */
export const verdictsWithoutEvidence = (t: Translate): string =>
  new Intl.ListFormat(t.locale, { type: 'conjunction' }).format(VERDICTS.filter((v) => VERDICTS_WITHOUT_EVIDENCE.has(v)).map((v) => termLabel(t, 'verdict', v)));

/** What to say for each code the client can meet: a code the server adds is a compile error here until it has its words. */
const EXPLAIN: Record<ErrorCode, Explain> = {
  CONFLICT: (_, x, t) => {
    const versions =
      typeof x.expectedVersion === 'number' && typeof x.currentVersion === 'number'
        ? t('app.error.conflict_versions', { expected: x.expectedVersion, current: x.currentVersion })
        : '';
    return { message: t('app.error.conflict', { versions }) };
  },
  INVALID_TRANSITION: (error, x, t) => {
    // Refused for a missing precondition (a verdict without evidence), not for the claim's state.
    if (x.requirement === 'EVIDENCE') return { title: t('app.error.not_yet'), message: t('app.workflow.needs_evidence', { verdicts: verdictsWithoutEvidence(t) }) };
    if (x.requirement || !Array.isArray(x.allowedActions)) return { title: t('app.error.not_yet'), message: humaniseMessage(t, error.message) };
    const allowed = (x.allowedActions as string[]).map((a) => termLabel(t, 'claim_action', a));
    const now = typeof x.currentState === 'string' && Object.hasOwn(en.app.error.state_now, x.currentState) ? t(`app.error.state_now.${x.currentState as ReviewStatus}`) : '';
    return {
      message:
        now +
        (x.action ? t('app.error.transition_action', { action: termLabel(t, 'claim_action', x.action) }) : '') +
        (allowed.length ? t('app.error.transition_allowed', { actions: allowed.join(', ') }) : t('app.error.transition_nothing')) +
        t('app.error.transition_reload'),
    };
  },
  FORBIDDEN: (_, x, t) =>
    x.rule === 'FOUR_EYES' ? { title: t('app.error.four_eyes_title'), message: t('app.error.four_eyes') } : { message: t('app.error.forbidden') },
  UNAUTHENTICATED: (_, __, t) => ({ message: t('app.error.unauthenticated') }),
  NOT_FOUND: (_, x, t) => ({ message: x.asOf ? t('app.error.not_found_claim_then') : t('app.error.not_found') }),
  // The server's words name the setting its operator must give.
  NOT_CONFIGURED: (error) => ({ message: error.message }),
  BAD_USER_INPUT: (error, x, t) => {
    const path = typeof x.field === 'string' ? x.field : undefined;
    // The server names the argument path ("input.text: must be at most 1000 characters"); the
    // form knows the field as `text` and the person by its label.
    const field = path?.split('.').pop();
    const message =
      path && field && error.message.startsWith(`${path}:`)
        ? t('app.error.field_problem', { field: fieldLabel(t, field), problem: error.message.slice(path.length + 1).trim() })
        : error.message;
    return { message, field };
  },
  RATE_LIMITED: (_, x, t) => {
    const seconds = typeof x.retryAfter === 'number' ? x.retryAfter : undefined;
    if (seconds === undefined) return { message: t('app.error.retry_later') };
    return { message: seconds < 90 ? t('app.error.retry_seconds', { smart_count: seconds }) : t('app.error.retry_minutes', { smart_count: Math.ceil(seconds / 60) }) };
  },
  PAGE_SIZE_EXCEEDED: (_, __, t) => ({ message: t('app.error.page_size') }),
  PAYLOAD_TOO_LARGE: (_, __, t) => ({ message: t('app.error.payload_too_large') }),
  NETWORK_ERROR: (_, __, t) => ({ message: t('app.error.network') }),
  SERVICE_UNAVAILABLE: (_, x, t) => ({
    message:
      typeof x.retryAfterSeconds === 'number' ? t('app.error.service_unavailable', { smart_count: x.retryAfterSeconds }) : t('app.error.service_unavailable_soon'),
  }),
  HTTP_ERROR: (error, x, t) => (typeof x.httpStatus === 'number' ? { message: t('app.error.http', { status: x.httpStatus }) } : unexplained(error, x, t)),
  GRAPHQL_VALIDATION_FAILED: outOfDate,
  GRAPHQL_PARSE_FAILED: outOfDate,
  // The public API's query limits: this app's queries stay within them.
  QUERY_TOO_COMPLEX: outOfDate,
  QUERY_TOO_DEEP: outOfDate,
  TOO_MANY_ALIASES: outOfDate,
  TOO_MANY_DIRECTIVES: outOfDate,
  TOO_MANY_TOKENS: outOfDate,
  INTERNAL_SERVER_ERROR: (_, __, t) => ({ message: t('app.error.internal') }),
  // Answers this app's own requests never provoke: the server's words are all there is.
  BAD_REQUEST: unexplained,
  PERSISTED_QUERY_NOT_FOUND: unexplained,
  PERSISTED_QUERY_NOT_SUPPORTED: unexplained,
  OPERATION_RESOLUTION_FAILURE: unexplained,
};

export function translateError(error: unknown, t: Translate): ReadableError {
  // Anything thrown that is not an answer of the server is a failure of this app: no detail to give.
  const apiError = error instanceof ApiError ? error : new ApiError(error instanceof Error ? error.message : String(error), 'INTERNAL_SERVER_ERROR');
  // A code from a newer server than this app knows gets the generic words.
  const code = Object.hasOwn(EXPLAIN, apiError.code) ? apiError.code : 'BAD_REQUEST';
  const x = apiError.extensions;
  const explained = EXPLAIN[code](apiError, x, t);
  // A bulk action that went through for some claims says so before why the others were refused.
  const message = Array.isArray(x.done) && typeof x.refused === 'number'
    ? t('app.bulk.partly_done', { done: x.done.length, total: x.done.length + x.refused, refused: x.refused, why: explained.message })
    : explained.message;
  return { code: apiError.code, title: explained.title ?? t(`app.error.title.${code}`), message, ...(explained.field ? { field: explained.field } : {}) };
}

/** One line for a notification: the message, which already says what to do next. */
export const errorMessage = (error: unknown, t: Translate): string => translateError(error, t).message;
