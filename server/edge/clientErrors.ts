/**
 * Requests that fail before any route runs — the body cannot be read, inflated, decoded or parsed —
 * answer their own 4xx with a code, in the GraphQL error shape, instead of "Internal server error".
 * The messages are ours: the parser's own (positions, zlib codes, charset echoes) never reach a client.
 */

export interface ClientErrorAnswer {
  status: number;
  body: { errors: { message: string; extensions: { code: string } }[] };
}

interface Known {
  status: number;
  code: string;
  message: (bodyLimit: string) => string;
}

/** body-parser's and raw-body's error types (their `type` property). */
const BY_TYPE: Record<string, Known> = {
  'entity.too.large': { status: 413, code: 'PAYLOAD_TOO_LARGE', message: (limit) => `Request body too large (limit ${limit}).` },
  'entity.parse.failed': { status: 400, code: 'BAD_REQUEST', message: () => 'The request body is not valid JSON.' },
  'charset.unsupported': {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: () => 'Send the body as UTF-8 (Content-Type: application/json; charset=utf-8).',
  },
  'encoding.unsupported': {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: () => 'Unsupported Content-Encoding: send the body uncompressed, or as gzip, deflate or br.',
  },
  'request.aborted': { status: 400, code: 'BAD_REQUEST', message: () => 'The request body ended before it was complete.' },
  'request.size.invalid': { status: 400, code: 'BAD_REQUEST', message: () => 'The request body is not as long as its Content-Length says.' },
  'parameters.too.many': { status: 413, code: 'PAYLOAD_TOO_LARGE', message: () => 'Too many parameters in the request.' },
};

/** A compressed body that does not inflate (zlib's and brotli's error codes). */
const INFLATE_FAILED: Known = {
  status: 400,
  code: 'BAD_REQUEST',
  message: () => 'The request body could not be decompressed as its Content-Encoding says.',
};

/** Any other 4xx raised before a route (a malformed URL, a parser error without a type). */
const OTHER_CLIENT_ERROR: Known = { status: 400, code: 'BAD_REQUEST', message: () => 'The request could not be read.' };

/** The answer for a client's error, or undefined when the error is the server's (a 5xx, a bug). */
export function answerClientError(err: unknown, bodyLimit: string): ClientErrorAnswer | undefined {
  const e = (err ?? {}) as { type?: unknown; status?: unknown; code?: unknown };
  const status = typeof e.status === 'number' ? e.status : 500;
  let known = typeof e.type === 'string' ? BY_TYPE[e.type] : undefined;
  if (!known && status >= 400 && status < 500) {
    known = typeof e.code === 'string' && /^(Z_|ERR_BROTLI|ERR_ZSTD|ERR__?ZLIB)/.test(e.code) ? INFLATE_FAILED : { ...OTHER_CLIENT_ERROR, status };
  }
  if (!known) return undefined;
  return { status: known.status, body: { errors: [{ message: known.message(bodyLimit), extensions: { code: known.code } }] } };
}
