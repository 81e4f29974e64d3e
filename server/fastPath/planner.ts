import {
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  isObjectType,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import { ruleFor } from '../domain/permissions';
import type { JsonField } from '../services/claimProjection';
import type { ClaimListArgs } from '../services/claimReads';

/**
 * The fast path's planner: which requests it takes. A public reader's `claims` query whose every
 * field is public (the permission table) and printable in SQL (the claim projection's field specs
 * and the connection statement, sql.ts) is answered by ONE statement in which PostgreSQL builds the
 * response JSON. Anything else — another root field, a staff-only field, a field that needs code
 * (Actor.claims, Claim.corrections …), an error to report — goes through Apollo as usual.
 */

/** One requested field: the response key (alias or name), the schema field, and what it selects. */
export interface Selected extends JsonField {
  node: FieldNode;
  children?: Selected[];
}

export interface PublicClaimsRead {
  /** The operation's name in the document (for metrics), null when unnamed. */
  operationName: string | null;
  rootKey: string;
  args: ClaimListArgs;
  /** The connection's own fields: edges, nodes, pageInfo, totalCount, __typename. */
  selection: Selected[];
  /** The parsed request, for its cost (publicApi/limits.ts). */
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

interface Prepared {
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

/** json_build_object takes at most 100 arguments: 50 keys. */
const MAX_KEYS = 50;
const CACHE_SIZE = 500;

export class PublicReadPlanner {
  private readonly cache = new Map<string, Prepared | null>();

  constructor(
    /** Whether the one statement can print this field of this type. */
    private readonly printable: (type: string, field: string) => boolean,
    private readonly schema: GraphQLSchema,
    private readonly rules: readonly ValidationRule[],
    private readonly limits: { maxTokens: number; maxValidationErrors: number },
  ) {}

  /** The read to run for this request, or null when the normal path must answer it. */
  plan(body: unknown, fallback: (reason: 'arguments', err: unknown) => void): PublicClaimsRead | null {
    if (!body || typeof body !== 'object') return null;
    const { query, variables, operationName, extensions } = body as Record<string, unknown>;
    if (typeof query !== 'string' || extensions !== undefined) return null;
    if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
    const prepared = this.prepare(query, (operationName as string | null | undefined) ?? null);
    if (!prepared) return null;
    const coerced = getVariableValues(this.schema, prepared.operation.variableDefinitions ?? [], (variables as Record<string, unknown>) ?? {});
    if (coerced.errors) return null;
    try {
      return this.compile(prepared, coerced.coerced);
    } catch (err) {
      fallback('arguments', err); // an argument the normal path will report properly
      return null;
    }
  }

  private prepare(query: string, operationName: string | null): Prepared | null {
    const key = `${operationName ?? ''}\u0000${query}`;
    if (this.cache.has(key)) return this.cache.get(key)!;
    let prepared: Prepared | null = null;
    try {
      const document = parse(query, { maxTokens: this.limits.maxTokens });
      if (validate(this.schema, document, [...specifiedRules, ...this.rules], { maxErrors: this.limits.maxValidationErrors }).length === 0) {
        const operation = getOperationAST(document, operationName);
        if (operation && operation.operation === 'query') prepared = { document, operation };
      }
    } catch {
      prepared = null;
    }
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, prepared);
    return prepared;
  }

  private compile(p: Prepared, variables: Record<string, unknown>): PublicClaimsRead | null {
    const fragments = Object.fromEntries(
      p.document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    const collect = (set: SelectionSetNode, typeName: string): Map<string, FieldNode[]> | null => {
      const out = new Map<string, FieldNode[]>();
      const walk = (s: SelectionSetNode): boolean => {
        for (const sel of s.selections) {
          if (!included(sel.directives, variables)) continue;
          if (sel.kind === Kind.FIELD) {
            const key = sel.alias?.value ?? sel.name.value;
            out.set(key, [...(out.get(key) ?? []), sel]);
          } else if (sel.kind === Kind.INLINE_FRAGMENT) {
            if (sel.typeCondition && sel.typeCondition.name.value !== typeName) continue;
            if (!walk(sel.selectionSet)) return false;
          } else {
            const fragment = fragments[sel.name.value];
            if (!fragment) return false;
            if (fragment.typeCondition.name.value !== typeName) continue;
            if (!walk(fragment.selectionSet)) return false;
          }
        }
        return true;
      };
      return walk(set) ? out : null;
    };

    const select = (set: SelectionSetNode | undefined, type: GraphQLObjectType): Selected[] | null => {
      if (!set) return null;
      const fields = collect(set, type.name);
      if (!fields || fields.size > MAX_KEYS) return null;
      const result: Selected[] = [];
      for (const [key, nodes] of fields) {
        const node = nodes[0]!;
        const name = node.name.value;
        if (!this.printable(type.name, name)) return null;
        if (name !== '__typename' && ruleFor(type.name, name) !== 'PUBLIC') return null;
        // The same key twice with different sub-selections or arguments: leave merging to graphql-js.
        if (nodes.length > 1 && nodes.some((n) => n.selectionSet || n.arguments?.length)) return null;
        const entry: Selected = { key, field: name, node };
        const def = type.getFields()[name];
        if (def) {
          const named = namedType(def.type);
          if (isObjectType(named)) {
            const children = select(node.selectionSet, named);
            if (!children) return null;
            entry.children = children;
          }
          if (type.name === 'Claim' && name === 'evidence') {
            entry.stance = (getArgumentValues(def, node, variables).stance as string | null | undefined) ?? null;
          }
        }
        result.push(entry);
      }
      return result;
    };

    const root = collect(p.operation.selectionSet, 'Query');
    if (!root || root.size !== 1) return null;
    const [rootKey, nodes] = [...root][0]!;
    const node = nodes[0]!;
    if (nodes.length !== 1 || node.name.value !== 'claims') return null;
    const queryType = this.schema.getQueryType()!;
    const field = queryType.getFields().claims!;
    const selection = select(node.selectionSet, namedType(field.type) as GraphQLObjectType);
    if (!selection) return null;
    return {
      operationName: p.operation.name?.value ?? null,
      rootKey,
      args: getArgumentValues(field, node, variables) as ClaimListArgs,
      selection,
      document: p.document,
      operation: p.operation,
    };
  }
}

function namedType(type: unknown): unknown {
  let t = type as { ofType?: unknown };
  while (t.ofType) t = t.ofType as { ofType?: unknown };
  return t;
}

/** @skip and @include, as graphql-js evaluates them. */
function included(directives: readonly { name: { value: string }; arguments?: readonly { name: { value: string }; value: unknown }[] }[] | undefined, variables: Record<string, unknown>): boolean {
  for (const d of directives ?? []) {
    if (d.name.value !== 'skip' && d.name.value !== 'include') continue;
    const arg = d.arguments?.find((a) => a.name.value === 'if');
    const value = arg?.value as { kind: string; value?: boolean; name?: { value: string } } | undefined;
    const on = value?.kind === Kind.VARIABLE ? Boolean(variables[value.name!.value]) : Boolean(value?.value);
    if (d.name.value === 'skip' && on) return false;
    if (d.name.value === 'include' && !on) return false;
  }
  return true;
}
