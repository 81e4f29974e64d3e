import { isUtf8 } from 'node:buffer';
import express, { type Request, type RequestHandler } from 'express';
import type { GraphQLSchema } from 'graphql';
import { decodeUtf8Escaped } from '../domain/hostileText';
import { graphqlOperations } from '../metrics';
import { argumentKinds, findHostileInput, isObject, type GraphQLRequestParts } from './hostileInput';
import { queryParameters } from './queryString';

/**
 * Hostile bytes, refused once, at the edge of /graphql: before the public fast path, before
 * Apollo, before any SQL. Every string a request carries — argument literals in the document,
 * variable values, variable defaults, extensions — must be valid UTF-8 without NUL or lone
 * surrogates, and each read argument (anything outside a mutation's own arguments) without what
 * a line of text may not hold: control and bidirectional control characters (domain/hostileText.ts,
 * hostileInput.ts's argumentKinds). A refusal is HTTP 400 with BAD_USER_INPUT naming the
 * argument as the client wrote it (`filter.search`, `input.aliases.2`), or the variable (`$text`)
 * when no argument uses it. The hostile value itself is never echoed.
 *
 * Almost every request is clean: a cheap scan decides whether to look closer, and only a suspect
 * request has its document parsed here (Apollo and the fast path keep their own parse caches).
 */

/** Request bodies that were not valid UTF-8, kept raw so their strings can be decoded with the bad bytes visible. */
const notUtf8 = new WeakMap<Request, Buffer>();

class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * express.json for /graphql: UTF-8 only (RFC 8259 for JSON between systems). A body that is not
 * valid UTF-8 is parsed as usual (the parser would turn the bad bytes into U+FFFD) and remembered,
 * so refuseHostileInput can name the string that held them.
 */
export function graphqlBody(limit: string): RequestHandler {
  return express.json({
    limit,
    verify: (req, _res, buf, encoding) => {
      if (encoding.toLowerCase() !== 'utf-8') {
        throw new BodyError(415, 'charset.unsupported', `unsupported charset ${encoding}`);
      }
      if (!isUtf8(buf)) notUtf8.set(req as Request, buf);
    },
  });
}

/** Express middleware: answers a request carrying hostile text, lets every other request through. */
export function refuseHostileInput(maxTokens: number, schema: GraphQLSchema): RequestHandler {
  const kinds = argumentKinds(schema);
  return (req, res, next) => {
    const incoming = requestParts(req);
    if (!incoming) return next();
    const refusal = findHostileInput(incoming.parts, { maxTokens, escapedBytes: incoming.escapedBytes, schema, kinds });
    if (!refusal) return next();
    // The statement tally (tests): proves nothing reached the database.
    const tally = res.locals.tally as { statements: number } | undefined;
    if (tally) res.setHeader('x-sql-statements', String(tally.statements));
    const { field, variable, location, code, message, status } = refusal;
    // Counted with the requests refused before an operation was looked at.
    graphqlOperations.inc({ operation: 'unknown', type: 'unknown', outcome: code });
    res.status(status).json({
      errors: [
        {
          message: field ? `${field}: ${message}` : message,
          ...(location ? { locations: [location] } : {}),
          extensions: { code, ...(field ? { field } : {}), ...(variable ? { variable } : {}) },
        },
      ],
    });
  };
}

/** The request's GraphQL parts: from the JSON body of a POST, from the query string of a GET. */
function requestParts(req: Request): { parts: GraphQLRequestParts; escapedBytes: boolean } | undefined {
  if (req.method === 'GET' || req.method === 'HEAD') {
    const all = queryParameters(req.url);
    if (!all.size) return undefined;
    // The first of each name, as Apollo reads them.
    const params = new Map([...all].map(([name, values]) => [name, values[0]!]));
    const escapedBytes = [...params.values()].some((v) => ESCAPED_BYTES.test(v));
    const variables = jsonOrUndefined(params.get('variables'));
    const extensions = jsonOrUndefined(params.get('extensions'));
    return {
      parts: { query: params.get('query'), variables, operationName: params.get('operationName'), extensions },
      escapedBytes,
    };
  }
  const raw = notUtf8.get(req);
  if (raw) {
    // The same JSON, decoded again with each bad byte kept visible as a surrogate escape.
    const parts = jsonOrUndefined(decodeUtf8Escaped(raw));
    return { parts: isObject(parts) ? parts : {}, escapedBytes: true };
  }
  return isObject(req.body) ? { parts: req.body as GraphQLRequestParts, escapedBytes: false } : undefined;
}

const ESCAPED_BYTES = /[\uDC80-\uDCFF]/u;

function jsonOrUndefined(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
