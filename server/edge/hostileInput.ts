import { Kind, parse, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema, type Location, type ValueNode } from 'graphql';
import { hostileText, type TextKind } from '../domain/hostileText';

/** Finding the first hostile string of a GraphQL request, and naming where it came in (see graphqlInput.ts). */

/**
 * Read arguments that stand for prose rather than a single line: the statement being typed, whose
 * duplicates `similarClaims` finds, may keep what a claim's text may keep (a quotation's
 * right-to-left embedding). Every other read argument is a `line` (hostileText.ts).
 */
const PROSE_READ_ARGUMENTS: readonly (readonly [type: string, field: string, argument: string])[] = [['Query', 'similarClaims', 'text']];

/**
 * What kind of text each argument of the schema is, for the edge: a root mutation's arguments are
 * `argument` (write validation holds each field to its stored kind, and a quotation may keep its
 * bidirectional controls); every other argument is read, `line` unless listed as prose. Checked
 * against the schema when built, so a renamed argument cannot leave the list silently.
 */
export function argumentKinds(schema: GraphQLSchema): (parent: string | undefined, field: string | undefined, argument: string) => TextKind {
  for (const [type, field, argument] of PROSE_READ_ARGUMENTS) {
    const def = schema.getType(type);
    const fieldDef = def && 'getFields' in def ? def.getFields()[field] : undefined;
    if (!fieldDef || !('args' in fieldDef) || !fieldDef.args.some((a) => a.name === argument)) {
      throw new Error(`hostileInput.ts names ${type}.${field}(${argument}), which the schema does not have`);
    }
  }
  const mutation = schema.getMutationType()?.name;
  const prose = new Set(PROSE_READ_ARGUMENTS.map((a) => a.join('.')));
  return (parent, field, argument) => {
    if (parent !== undefined && parent === mutation) return 'argument';
    return prose.has(`${parent}.${field}.${argument}`) ? 'prose' : 'line';
  };
}

export type ArgumentKinds = ReturnType<typeof argumentKinds>;

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
 * A document that might hold a hostile string: any GraphQL \u escape (\u0000, \uD83D, \u{…} can
 * decode to what is refused), or a raw character some kind refuses (a NUL or a bidirectional
 * control, which graphql-js takes inside a string). False positives only cost a parse.
 */
const suspectDocument = (query: string, strictest: (s: string) => string | undefined) => query.includes('\\u') || strictest(query) !== undefined;

/**
 * The request's first hostile string, named, or undefined when there is none (or when the request
 * is malformed in a way Apollo reports itself: unparsable document, variables that are not an object).
 */
export function findHostileInput(
  parts: GraphQLRequestParts,
  opts: { maxTokens: number; escapedBytes: boolean; schema: GraphQLSchema; kinds: ArgumentKinds },
): Refusal | undefined {
  const { query, variables, operationName, extensions } = parts;
  const vars = isObject(variables) ? variables : {};
  const checkAs = (kind: TextKind) => (s: string) => hostileText(s, kind, { escapedBytes: opts.escapedBytes });
  const check = checkAs('argument');
  // `line` refuses all that any kind refuses: the quick test of whether to look closer.
  const strictest = checkAs('line');

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
    (typeof query === 'string' && suspectDocument(query, strictest)) ||
    hasHostileString(variables, strictest) ||
    hasHostileString(extensions, check);
  if (!suspect) return undefined;

  const found = documentOf() && hostileArgument(document!, typeof query === 'string' ? query : '', vars, opts.schema, opts.kinds, checkAs);
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

/**
 * Every argument in the document (fields and directives, all operations and fragments), each held
 * to its kind of text (argumentKinds), and every variable default. A variable is held to the kind
 * of each argument it is used in; one no argument uses, to `argument`.
 */
function hostileArgument(
  document: DocumentNode,
  source: string,
  vars: Record<string, unknown>,
  schema: GraphQLSchema,
  kinds: ArgumentKinds,
  checkAs: (kind: TextKind) => (s: string) => string | undefined,
): Refusal | undefined {
  let found: Refusal | undefined;
  const escapes: number[] = [];
  for (const m of source.matchAll(/[\uDC80-\uDCFF]/gu)) escapes.push(m.index);
  const defaults = new Map<string, ValueNode>();
  let check = checkAs('argument');
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
        const name = value.name.value;
        // A variable left out takes its default: held to this argument's kind too.
        const fallback = name in vars ? undefined : defaults.get(name);
        if (fallback) return inspect(fallback, path);
        const hit = firstHostile(vars[name], `$${name}`, check);
        if (hit) {
          // The client's name for the place: the argument path, plus whatever lies inside the variable.
          const inside = hit.path.slice(name.length + 1);
          found = { status: 400, code: 'BAD_USER_INPUT', field: `${path}${inside}`, variable: hit.path, message: hit.why, location: where(value.loc) };
        }
        return;
      }
      default:
        return;
    }
  };
  // Defaults first: as written they are checked as `argument`, and named as the variable.
  visit(document, {
    VariableDefinition(node) {
      if (node.defaultValue) {
        defaults.set(node.variable.name.value, node.defaultValue);
        inspect(node.defaultValue, `$${node.variable.name.value}`);
      }
      return false;
    },
  });
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      VariableDefinition: () => false,
      Argument(node) {
        if (found) return false;
        // A directive's argument is no field's: read, like any argument outside a mutation's root.
        const directive = typeInfo.getDirective();
        const kind = directive ? kinds(undefined, undefined, node.name.value) : kinds(typeInfo.getParentType()?.name, typeInfo.getFieldDef()?.name, node.name.value);
        check = checkAs(kind);
        inspect(node.value, node.name.value);
        return false;
      },
    }),
  );
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

