import { isUtf8 } from 'node:buffer';
import express, { type Request, type RequestHandler } from 'express';
import { Kind, parse, visit, type DocumentNode, type Location, type ValueNode } from 'graphql';
import { decodeUtf8Escaped, hostileText } from '../domain/hostileText';
import { graphqlOperations } from '../metrics';

/**
 * Hostile bytes, refused once, at the edge of /graphql: before the public fast path, before
 * Apollo, before any SQL. Every string a request carries — argument literals in the document,
 * variable values, variable defaults, extensions — must be valid UTF-8 without NUL or lone
 * surrogates (domain/hostileText.ts). A refusal is HTTP 400 with BAD_USER_INPUT naming the
 * argument as the client wrote it (`filter.search`, `input.aliases.2`), or the variable (`$text`)
 * when no argument uses it. The hostile value itself is never echoed.
 *
 * Almost every request is clean: a cheap scan decides whether to look closer, and only a suspect
 * request has its document parsed here (Apollo and the fast path keep their own parse caches).
 */

/** The parts of a GraphQL-over-HTTP request that can carry strings. */
interface GraphQLRequestParts {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
  extensions?: unknown;
}

export interface Refusal {
  status: number;
  message: string;
  code: 'BAD_USER_INPUT' | 'BAD_REQUEST' | 'OPERATION_RESOLUTION_FAILURE';
  field?: string;
  /** The variable the value came in, when it came in one. */
  variable?: string;
  location?: { line: number; column: number };
}

/** GraphQL's Name production: what an operation can be called. */
const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
/** A longer operationName is checked against the document before Apollo may repeat it in an error. */
const ECHOED_NAME_MAX = 100;

/**
 * A document that might hold a hostile string: a raw NUL (graphql-js takes it inside a string),
 * or any GraphQL \u escape (\u0000, \uD83D, \u{…} can decode to what is refused). Raw lone
 * surrogates are the lexer's to refuse. False positives only cost a parse.
 */
const suspectDocument = (query: string) => query.includes('\\u') || query.includes('\u0000');

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
export function refuseHostileInput(maxTokens: number): RequestHandler {
  return (req, res, next) => {
    const incoming = requestParts(req);
    if (!incoming) return next();
    const refusal = findHostileInput(incoming.parts, { maxTokens, escapedBytes: incoming.escapedBytes });
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
    const search = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
    if (!search) return undefined;
    const params = searchParams(search);
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

/**
 * The request's first hostile string, named, or undefined when there is none (or when the request
 * is malformed in a way Apollo reports itself: unparsable document, variables that are not an object).
 */
export function findHostileInput(parts: GraphQLRequestParts, opts: { maxTokens: number; escapedBytes: boolean }): Refusal | undefined {
  const { query, variables, operationName, extensions } = parts;
  const vars = isObject(variables) ? variables : {};
  const check = (s: string) => hostileText(s, 'argument', { escapedBytes: opts.escapedBytes });

  let document: DocumentNode | undefined;
  const documentOf = (): DocumentNode | undefined => {
    if (document || typeof query !== 'string') return document;
    try {
      // Escaped bytes would make the lexer fail; as U+FFFD (one UTF-16 unit each, so offsets
      // stay) the document parses and the escapes' offsets tell which string held them.
      document = parse(opts.escapedBytes ? query.replace(/[\uDC80-\uDCFF]/gu, '\uFFFD') : query, { maxTokens: opts.maxTokens });
    } catch {
      document = undefined;
    }
    return document;
  };

  if (typeof operationName === 'string') {
    const unknown = { status: 400, code: 'OPERATION_RESOLUTION_FAILURE' as const, message: 'operationName names no operation in the query.' };
    if (!NAME.test(operationName)) return unknown;
    // Apollo repeats an unknown operationName in its error: only a short one may reach it.
    if (operationName.length > ECHOED_NAME_MAX) {
      const doc = documentOf();
      const named = doc?.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === operationName);
      if (!named) return unknown;
    }
  }

  const suspect =
    opts.escapedBytes ||
    (typeof query === 'string' && suspectDocument(query)) ||
    hasHostileString(variables, check) ||
    hasHostileString(extensions, check);
  if (!suspect) return undefined;

  const found = documentOf() && hostileArgument(document!, typeof query === 'string' ? query : '', vars, check);
  if (found) return found;
  for (const [name, value] of Object.entries(vars)) {
    const hit = firstHostile(value, `$${name}`, check);
    if (hit) return { status: 400, code: 'BAD_USER_INPUT', field: hit.path, variable: hit.path, message: hit.why };
  }
  const ext = firstHostile(extensions, 'extensions', check);
  if (ext) return { status: 400, code: 'BAD_USER_INPUT', field: ext.path, message: ext.why };
  if (opts.escapedBytes) {
    // Bad bytes outside any string value (a comment, a key, a document that does not parse).
    return { status: 400, code: 'BAD_REQUEST', message: 'The request is not valid UTF-8: send it encoded as UTF-8.' };
  }
  return undefined;
}

/** Every argument in the document (fields and directives, all operations and fragments) and every variable default. */
function hostileArgument(document: DocumentNode, source: string, vars: Record<string, unknown>, check: (s: string) => string | undefined): Refusal | undefined {
  let found: Refusal | undefined;
  const escapes: number[] = [];
  for (const m of source.matchAll(/[\uDC80-\uDCFF]/gu)) escapes.push(m.index);
  const inspect = (value: ValueNode, path: string): void => {
    if (found) return;
    switch (value.kind) {
      case Kind.STRING: {
        const loc = value.loc;
        const why = loc && escapes.some((at) => at >= loc.start && at < loc.end) ? check(source.slice(loc.start, loc.end)) : check(value.value);
        if (why) found = { status: 400, code: 'BAD_USER_INPUT', field: path, message: why, location: where(loc) };
        return;
      }
      case Kind.LIST:
        value.values.forEach((v, i) => inspect(v, `${path}.${i}`));
        return;
      case Kind.OBJECT:
        value.fields.forEach((f) => inspect(f.value, `${path}.${f.name.value}`));
        return;
      case Kind.VARIABLE: {
        const hit = firstHostile(vars[value.name.value], `$${value.name.value}`, check);
        if (hit) {
          // The client's name for the place: the argument path, plus whatever lies inside the variable.
          const inside = hit.path.slice(value.name.value.length + 1);
          found = { status: 400, code: 'BAD_USER_INPUT', field: `${path}${inside}`, variable: hit.path, message: hit.why, location: where(value.loc) };
        }
        return;
      }
      default:
        return;
    }
  };
  visit(document, {
    Argument(node) {
      inspect(node.value, node.name.value);
      return false;
    },
    VariableDefinition(node) {
      if (node.defaultValue) inspect(node.defaultValue, `$${node.variable.name.value}`);
      return false;
    },
  });
  return found;
}

function where(loc: Location | undefined): Refusal['location'] {
  return loc ? { line: loc.startToken.line, column: loc.startToken.column } : undefined;
}

/**
 * The first hostile string inside a JSON value, with its path (`$filter.topics.0`). Iterative, and
 * the path is built only for a hit: 50,000 nested brackets must cost neither stack nor memory.
 */
function firstHostile(value: unknown, path: string, check: (s: string) => string | undefined): { path: string; why: string } | undefined {
  interface Entry {
    value: unknown;
    key: string;
    parent?: Entry;
  }
  const stack: Entry[] = [{ value, key: path }];
  while (stack.length) {
    const entry = stack.pop()!;
    const v = entry.value;
    if (typeof v === 'string') {
      const why = check(v);
      if (why) {
        const keys: string[] = [];
        for (let e: Entry | undefined = entry; e; e = e.parent) keys.unshift(e.key);
        return { path: keys.join('.'), why };
      }
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: String(i), parent: entry });
    } else if (isObject(v)) {
      for (const [key, inner] of Object.entries(v).reverse()) stack.push({ value: inner, key, parent: entry });
    }
  }
  return undefined;
}

/** Whether a JSON value holds a hostile string: firstHostile without the bookkeeping, for the clean common case. */
function hasHostileString(value: unknown, check: (s: string) => string | undefined): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (check(v)) return true;
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (isObject(v)) {
      for (const x of Object.values(v)) stack.push(x);
    }
  }
  return false;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonOrUndefined(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A query string's parameters (first of each name), decoded like URLSearchParams except that
 * percent-encoded bytes that are not UTF-8 stay visible as surrogate escapes instead of U+FFFD.
 */
function searchParams(search: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of search.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    if (!params.has(name)) params.set(name, decodeComponent(eq < 0 ? '' : pair.slice(eq + 1)));
  }
  return params;
}

function decodeComponent(s: string): string {
  const raw = Buffer.from(s.replace(/\+/g, ' '), 'latin1');
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const hex = raw[i] === 0x25 && i + 2 < raw.length ? raw.subarray(i + 1, i + 3).toString('latin1') : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(raw[i]!);
    }
  }
  return decodeUtf8Escaped(Uint8Array.from(bytes));
}
