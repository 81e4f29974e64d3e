/**
 * A small GraphQL client over fetch for our own API: one POST per operation, the session token as
 * a bearer token, and every error turned into an ApiError that keeps the server's
 * `extensions.code` and details (currentVersion, allowedActions, field …) so screens can react
 * to CONFLICT, FORBIDDEN or INVALID_TRANSITION instead of parsing messages.
 * No JSX, no browser globals: jest loads it in node against a real server.
 */
import type { ErrorCode as ServerErrorCode } from '@domain/errors';

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/** The codes the server sends (server/domain/errors.ts), plus two of the client's own for failures before an answer. */
export type ErrorCode = ServerErrorCode | 'NETWORK_ERROR' | 'HTTP_ERROR';

/** HTTP-like statuses, because react-admin's authProvider.checkError and notifications look at `status`. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  PAGE_SIZE_EXCEEDED: 400,
  SERVICE_UNAVAILABLE: 503,
};

export class ApiError extends Error {
  readonly code: ErrorCode;
  /** The server's extensions, code included. */
  readonly extensions: Record<string, unknown>;
  readonly status: number;
  /** react-admin's HttpError shape: notifications and checkError read `body`. */
  readonly body: { code: ErrorCode; extensions: Record<string, unknown> };
  /** Every error of the answer (the first one is this error). */
  readonly errors: GraphQLErrorShape[];

  constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}, errors: GraphQLErrorShape[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.extensions = { ...extensions, code };
    this.status = STATUS[code] ?? (code === 'NETWORK_ERROR' ? 0 : 500);
    this.body = { code, extensions: this.extensions };
    this.errors = errors;
  }

  static from(errors: GraphQLErrorShape[]): ApiError {
    const first = errors[0] ?? { message: 'The server answered with an error.' };
    const code = (first.extensions?.code as ErrorCode | undefined) ?? 'INTERNAL_SERVER_ERROR';
    return new ApiError(first.message, code, first.extensions ?? {}, errors);
  }
}

/** The code of any error a screen catches (ApiError, or something thrown on the way). */
export const errorCode = (e: unknown): ErrorCode | undefined =>
  e instanceof ApiError ? e.code : ((e as { body?: { code?: ErrorCode } } | null)?.body?.code ?? undefined);

interface GraphQLClientOptions {
  /** `/graphql` in the browser (same origin); a full URL from node. */
  url: string;
  /** The session token or API key to send, if any. */
  getToken: () => string | null | undefined;
  fetch?: typeof fetch;
}

export interface GraphQLClient {
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

/** The body of one operation as the client sends it (and as the request size is counted). */
export const requestBody = (query: string, variables: Record<string, unknown> = {}): string => JSON.stringify({ query, variables });

export function createGraphQLClient(opts: GraphQLClientOptions): GraphQLClient {
  const doFetch = opts.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init));
  return {
    async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const token = opts.getToken();
      let res: Response;
      try {
        res = await doFetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: requestBody(query, variables),
        });
      } catch {
        throw new ApiError(
          'The ClaimLedger server could not be reached. Check your connection; what you typed is still here.',
          'NETWORK_ERROR',
        );
      }
      let body: { data?: T | null; errors?: GraphQLErrorShape[] };
      try {
        body = (await res.json()) as typeof body;
      } catch {
        throw new ApiError(`The server answered HTTP ${res.status} without a readable body.`, 'HTTP_ERROR', { httpStatus: res.status });
      }
      if (body.errors?.length) throw ApiError.from(body.errors);
      if (body.data == null) throw new ApiError(`The server answered HTTP ${res.status} without data.`, 'HTTP_ERROR', { httpStatus: res.status });
      return body.data;
    },
  };
}
