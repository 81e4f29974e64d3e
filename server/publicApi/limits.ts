import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { GraphQLError, Kind, TypeInfo, ValidationContext, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type ValidationRule } from 'graphql';
import { AppError, type LimitCode } from '../domain/errors';

/**
 * The limits a query must keep (LIMITS in graphql.ts), each refused with its own code. Depth,
 * aliases and directives are graphql-armor's rules with our refusals; cost is graphql-armor's cost
 * rule too, run here with the weights below, so that the cost reported in every response
 * (`extensions.cost`) is the cost that was enforced.
 */

/**
 * The cost of a query, graphql-armor's rule: a leaf field costs 1, a field with a selection 2 plus
 * 1.5 × what it selects, and a field with a literal `first` or `last` argument that many times
 * over. Introspection (`__schema`) is free.
 */
const COST_WEIGHTS = { objectCost: 2, scalarCost: 1, depthCostFactor: 1.5, ignoreIntrospection: true } as const;

export interface QueryCost {
  requested: number;
  limit: number;
}

/** A refusal of a limit, carried by a validation error (Apollo wraps it; formatError shows ours). */
function limitError(code: LimitCode, message: string, details: Record<string, unknown>): GraphQLError {
  const error = new AppError(code, message, details);
  return new GraphQLError(message, { originalError: error });
}

/**
 * The cost of each operation of a document, in document order, rounded up to a whole number: the
 * limit is whole, so a rounded cost is over it exactly when the exact one is.
 */
function operationCosts(context: ValidationContext): number[] {
  const costs: number[] = [];
  const visitor = costLimitRule({ ...COST_WEIGHTS, maxCost: Infinity, onAccept: [(_ctx, { n }) => costs.push(Math.ceil(n))] })(context);
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) (visitor.OperationDefinition.enter as (op: OperationDefinitionNode) => void)(definition);
  }
  return costs;
}

/**
 * The validation rule that refuses an operation costing more than `limit`: QUERY_TOO_COMPLEX.
 * Reported while the document is visited (graphql-js's error limit can only stop a visit).
 */
export function costLimit(limit: number): ValidationRule {
  return (context) => {
    let costs: number[] | undefined;
    let index = 0;
    return {
      OperationDefinition() {
        costs ??= operationCosts(context);
        const requested = costs[index++] ?? 0;
        if (requested <= limit) return;
        const message = `This query costs ${requested}; the limit is ${limit}. Ask for fewer items (first) or fewer fields.`;
        context.reportError(limitError('QUERY_TOO_COMPLEX', message, { cost: { requested, limit } }));
      },
    };
  };
}

/** graphql-armor's onReject handler for the limits it enforces: our code and words instead of "Syntax Error: …". */
export function refuseAs(code: LimitCode, what: string) {
  return (context: ValidationContext | null, error: GraphQLError) => {
    // armor's message: "Syntax Error: Query depth limit of 10 exceeded, found 11."
    const found = /limit of (\d+) exceeded, found (\d+)/.exec(error.message);
    const [limit, requested] = found ? [Number(found[1]), Number(found[2])] : [undefined, undefined];
    context?.reportError(limitError(code, `${what}: ${requested ?? 'more than allowed'}; the limit is ${limit ?? 'lower'}.`, { limit, found: requested }));
  };
}

const costs = new WeakMap<DocumentNode, number[]>();

/**
 * The cost of the operation a request runs (cached per parsed document: Apollo and the fast path
 * keep their parsed documents, so a repeated query is costed once).
 */
export function costOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, limit: number): QueryCost {
  let perOperation = costs.get(document);
  if (!perOperation) {
    perOperation = operationCosts(new ValidationContext(schema, document, new TypeInfo(schema), () => undefined));
    costs.set(document, perOperation);
  }
  const index = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).indexOf(operation);
  return { requested: perOperation[index] ?? 0, limit };
}
