/**
 * Errors the product raises on purpose. Each carries a machine-readable code (the GraphQL
 * `extensions.code`) and a message that tells a person what to do next. Anything that is not an
 * AppError is a bug or an outage and is masked before it reaches a client.
 */
/** A query over one of the limits of every query (depth, aliases, directives, cost, tokens). */
export type LimitCode = 'QUERY_TOO_COMPLEX' | 'QUERY_TOO_DEEP' | 'TOO_MANY_ALIASES' | 'TOO_MANY_DIRECTIVES' | 'TOO_MANY_TOKENS';

type AppErrorCode =
  | LimitCode
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  /** A feature the operator has not set up (signed checkpoints without CHECKPOINT_KEY_FILE). */
  | 'NOT_CONFIGURED'
  | 'CONFLICT'
  | 'INVALID_TRANSITION'
  | 'RATE_LIMITED'
  | 'PAGE_SIZE_EXCEEDED'
  | 'SERVICE_UNAVAILABLE';

/** Codes of graphql-js and Apollo themselves that are safe to pass on to a client as they are. */
export const FRAMEWORK_ERROR_CODES = [
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
] as const;

/**
 * Every code a client can receive: the AppError codes, the framework's, the HTTP layer's
 * PAYLOAD_TOO_LARGE (and BAD_REQUEST for a body that is not JSON), and INTERNAL_SERVER_ERROR for
 * everything masked. The admin UI's error texts are typed by it.
 */
export type ErrorCode = AppErrorCode | (typeof FRAMEWORK_ERROR_CODES)[number] | 'PAYLOAD_TOO_LARGE' | 'INTERNAL_SERVER_ERROR';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Extra machine-readable facts for the client (field, currentVersion, allowedActions …). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** How long a client should wait before retrying when the database is unreachable (Retry-After). */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The database is down, restarting or out of connections: an outage, not a bug. Clients retry;
 * a mutation whose answer was lost may have been applied, which `expectedVersion` makes safe to retry.
 */
export const serviceUnavailable = () =>
  new AppError('SERVICE_UNAVAILABLE', `The database is unreachable right now. Retry in ${RETRY_AFTER_SECONDS} seconds.`, {
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });

export const badInput = (field: string, message: string, details: Record<string, unknown> = {}) =>
  new AppError('BAD_USER_INPUT', `${field}: ${message}`, { field, ...details });

export const notFound = (entity: string, id: string) =>
  new AppError('NOT_FOUND', `No ${entity} with id ${id}.`, { entity, id });

export const unauthenticated = (message = 'Log in first: send Authorization: Bearer <token>.') =>
  new AppError('UNAUTHENTICATED', message);

export const conflict = (entity: string, expectedVersion: number, currentVersion: number) =>
  new AppError(
    'CONFLICT',
    `This ${entity} was changed by someone else (you edited version ${expectedVersion}, it is now at ` +
      `version ${currentVersion}). Reload it, re-apply your change and save again.`,
    { entity, expectedVersion, currentVersion },
  );
