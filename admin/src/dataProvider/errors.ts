import { CLAIM_ACTION, REVIEW_STATUS, VERDICT, fieldLabel, type ClaimAction, type ReviewStatus } from '../vocabulary';
import { ApiError, type ErrorCode } from './graphql';

/**
 * What a person sees when something is refused or fails: a short title and a sentence that says
 * what happened and what to do next. Server messages are already written for people, so they
 * are kept where they are the best explanation; codes add the title and the next step.
 */
interface ReadableError {
  code: ErrorCode;
  title: string;
  message: string;
  /** The form field to point at, for BAD_USER_INPUT. */
  field?: string;
}

const label = (action: string) => CLAIM_ACTION[action as ClaimAction] ?? action;
const state = (s: unknown) => REVIEW_STATUS[s as ReviewStatus]?.label.toLowerCase() ?? String(s);

/** Enum names inside a server message as the app shows them elsewhere ("A TRUE verdict" → "A True verdict"). */
const TERMS: Record<string, string> = Object.fromEntries(
  [...Object.entries(VERDICT), ...Object.entries(REVIEW_STATUS)].map(([k, t]) => [k, t.label]),
);
const humaniseMessage = (message: string): string =>
  message.replace(/\b[A-Z][A-Z_]{2,}\b/g, (word) => TERMS[word] ?? word);

type Explained = Omit<ReadableError, 'code'>;

const unexplained = (error: ApiError): Explained => ({ title: 'Something went wrong', message: error.message });
const outOfDate = (): Explained => ({
  title: 'App out of date',
  message: 'This page and the server disagree about the API, usually after an upgrade. Reload the page.',
});

/** What to say for each code the client can meet: a code the server adds is a compile error here until it has its words. */
const EXPLAIN: Record<ErrorCode, (error: ApiError, x: Record<string, unknown>) => Explained> = {
  CONFLICT: (_, x) => {
    const what = typeof x.entity === 'string' ? x.entity : 'record';
    const versions =
      typeof x.expectedVersion === 'number' && typeof x.currentVersion === 'number'
        ? ` (you had version ${x.expectedVersion}; it is now version ${x.currentVersion})`
        : '';
    return {
      title: 'Someone else changed this meanwhile',
      message: `This ${what} was changed by someone else while you worked on it${versions}. Nothing was overwritten. Reload to see their change; what you typed is kept, then save again.`,
    };
  },
  INVALID_TRANSITION: (error, x) => {
    // Refused for a missing precondition (a verdict without evidence), not for the claim's state:
    // the server's message says what to do.
    if (x.requirement || !Array.isArray(x.allowedActions)) return { title: 'Not possible yet', message: humaniseMessage(error.message) };
    const allowed = (x.allowedActions as string[]).map(label);
    const now = x.currentState ? `The claim is ${state(x.currentState)} now. ` : '';
    return {
      title: 'Not possible in this state',
      message:
        `${now}${x.action ? `“${label(String(x.action))}” is not possible. ` : ''}` +
        (allowed.length ? `You can: ${allowed.join(', ')}.` : 'There is nothing you can do to it now.') +
        ' Reload to see its current state.',
    };
  },
  FORBIDDEN: (error, x) => ({ title: x.rule === 'FOUR_EYES' ? 'Another editor must approve' : 'Not allowed for your role', message: error.message }),
  UNAUTHENTICATED: () => ({ title: 'Please log in again', message: 'Your session has ended (it expired, or you were logged out). Log in again to continue.' }),
  NOT_FOUND: (error) => ({ title: 'Not found', message: `${error.message} It may have been archived, or the link is wrong.` }),
  // The server's words name the setting its operator must give.
  NOT_CONFIGURED: (error) => ({ title: 'Not set up on this server', message: error.message }),
  BAD_USER_INPUT: (error, x) => {
    const path = typeof x.field === 'string' ? x.field : undefined;
    // The server names the argument path ("input.text: must be at most 1000 characters"); the
    // form knows the field as `text` and the person as "Statement".
    const field = path?.split('.').pop();
    const message =
      path && field && error.message.startsWith(`${path}:`) ? `${fieldLabel(field)}:${error.message.slice(path.length + 1)}` : error.message;
    return { title: 'Please check the form', message, field };
  },
  RATE_LIMITED: (_, x) => {
    const seconds = typeof x.retryAfter === 'number' ? x.retryAfter : undefined;
    const wait = seconds === undefined ? 'a while' : seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
    return { title: 'Too many attempts', message: `Too many attempts. Try again in ${wait}.` };
  },
  PAGE_SIZE_EXCEEDED: (error) => ({ title: 'Page too large', message: `${error.message} Choose fewer rows per page.` }),
  PAYLOAD_TOO_LARGE: () => ({ title: 'Too much at once', message: 'That is more text than one request may carry. Shorten it, or split it into several entries.' }),
  NETWORK_ERROR: (error) => ({ title: 'Server unreachable', message: error.message }),
  SERVICE_UNAVAILABLE: (_, x) => ({
    title: 'Database unavailable',
    message:
      'The server cannot reach its database right now (it may be restarting). What you typed is still here: ' +
      `try again in ${typeof x.retryAfterSeconds === 'number' ? x.retryAfterSeconds : 'a few'} seconds.`,
  }),
  GRAPHQL_VALIDATION_FAILED: outOfDate,
  GRAPHQL_PARSE_FAILED: outOfDate,
  INTERNAL_SERVER_ERROR: () => ({
    title: 'Server error',
    message: 'The server failed to do this; nothing was changed. Try again, and tell your administrator if it keeps happening.',
  }),
  // Answers this app's own requests never provoke: the server's words are all there is.
  BAD_REQUEST: unexplained,
  PERSISTED_QUERY_NOT_FOUND: unexplained,
  PERSISTED_QUERY_NOT_SUPPORTED: unexplained,
  OPERATION_RESOLUTION_FAILURE: unexplained,
  HTTP_ERROR: unexplained,
};

export function translateError(error: unknown): ReadableError {
  if (!(error instanceof ApiError)) {
    const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'Something went wrong.';
    return { code: 'INTERNAL_SERVER_ERROR', title: 'Something went wrong', message };
  }
  // A code from a newer server than this app knows gets the generic words.
  const explain = (EXPLAIN as Partial<typeof EXPLAIN>)[error.code] ?? unexplained;
  return { code: error.code, ...explain(error, error.extensions) };
}

/** One line for a notification: the message, which already says what to do next. */
export const errorMessage = (error: unknown): string => translateError(error).message;
