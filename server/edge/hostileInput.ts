import { Kind, parse, visit, type DocumentNode, type Location, type ValueNode } from 'graphql';
import { hostileText } from '../domain/hostileText';

/** Finding the first hostile string of a GraphQL request, and naming where it came in (see graphqlInput.ts). */

/** The parts of a GraphQL-over-HTTP request that can carry strings. */
export interface GraphQLRequestParts {
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

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

