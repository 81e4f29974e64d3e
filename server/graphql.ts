import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { DatabaseOutage } from './db/outage';
import { AppError, FRAMEWORK_ERROR_CODES } from './domain/errors';
import { cutEcho } from './edge/echo';
import { graphqlOperations, operationLabel } from './metrics';
import type { Context } from './resolvers/context';
import { buildSchema } from './resolvers';
import { PublicReadPlanner } from './resolvers/publicReads';

const FRAMEWORK_CODES: ReadonlySet<string> = new Set(FRAMEWORK_ERROR_CODES);

export interface GraphQLOptions {
  introspection: boolean;
  log: Logger;
  /** Turns database connection failures into SERVICE_UNAVAILABLE and reports each outage once. */
  outage: DatabaseOutage;
  /** Adds `x-sql-statements` to each response (tests and benchmarks). */
  exposeStatementCount: boolean;
}

export const LIMITS = {
  maxTokens: 5000,
  maxDepth: 10,
  maxAliases: 15,
  maxCost: 5000,
  maxDirectives: 20,
  /** graphql-js stops validating after this many errors (and adds one saying so): one is enough to fix. */
  maxValidationErrors: 1,
};

/**
 * Only AppErrors and the framework's own input errors reach a client as they are; an unreachable
 * database becomes SERVICE_UNAVAILABLE (answered with 503 by the `outcomes` plugin); anything else (a
 * bug, another database or driver error) becomes "Internal server error" and is logged in full here.
 */
export function formatError(log: Logger, outage: DatabaseOutage) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const unwrapped = unwrapResolverError(error);
    // Errors raised outside resolvers (building the context) carry theirs as originalError.
    const original = unwrapped instanceof GraphQLError && unwrapped.originalError ? unwrapped.originalError : unwrapped;
    const known = original instanceof AppError ? original : outage.unavailable(original);
    if (known) {
      return {
        message: known.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: known.code, ...known.details },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && FRAMEWORK_CODES.has(code)) {
      return { message: cutEcho(formatted.message), locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    log.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL request');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/** Apollo, and the public fast path that answers what it can with the same schema and limits. */
export function createGraphQL(opts: GraphQLOptions): { apollo: ApolloServer<Context>; planner: PublicReadPlanner } {
  const armor = new ApolloArmor({
    // Apollo's own parser limit is used instead: this plugin turns syntax errors into HTTP 500.
    maxTokens: { enabled: false },
    // Depth as the data nests: a fragment spread is not a level of its own.
    maxDepth: { n: LIMITS.maxDepth, flattenFragments: true },
    // Its default allow-list exempts `__typename`: 1,000 aliases of it would be free.
    maxAliases: { n: LIMITS.maxAliases, allowList: [] },
    costLimit: { maxCost: LIMITS.maxCost },
    maxDirectives: { n: LIMITS.maxDirectives },
    // Field suggestions reveal the schema; hide them where introspection is off.
    blockFieldSuggestion: { enabled: !opts.introspection },
  }).protect();

  const statementHeader: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const tally = (contextValue as Context & { tally?: { statements: number } }).tally;
          if (tally) response.http.headers.set('x-sql-statements', String(tally.statements));
        },
      };
    },
  };

  const outcomes: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async willSendResponse({ response, operation, operationName }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const unavailable = errors?.find((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE');
          // An outage is 503 even when part of the data came back: the client should retry the whole.
          if (unavailable) {
            response.http.status = 503;
            response.http.headers.set('retry-after', String(unavailable.extensions!.retryAfterSeconds));
          }
          graphqlOperations.inc({
            operation: operationLabel(operationName, operation !== undefined),
            type: operation?.operation ?? 'unknown',
            outcome: errors?.length ? String(errors[0]!.extensions?.code ?? 'INTERNAL_SERVER_ERROR') : 'ok',
          });
        },
      };
    },
    // Requests refused before an operation is looked at (authentication, outage) are counted too.
    async contextCreationDidFail({ error }) {
      const code = error instanceof GraphQLError ? error.extensions.code : undefined;
      graphqlOperations.inc({ operation: 'unknown', type: 'unknown', outcome: String(code ?? 'INTERNAL_SERVER_ERROR') });
    },
  };

  const schema = buildSchema();
  const planner = new PublicReadPlanner(schema, armor.validationRules, LIMITS);
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: opts.introspection,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // main.ts owns shutdown: HTTP drains first (http.ts), then the database stops.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    validationRules: armor.validationRules,
    validationOptions: { maxErrors: LIMITS.maxValidationErrors },
    formatError: formatError(opts.log, opts.outage),
    plugins: [
      ...armor.plugins,
      outcomes,
      // The default landing page loads Apollo's sandbox from the internet; the admin UI is ours.
      ApolloServerPluginLandingPageDisabled(),
      // We set no cache hints; left on, it would hook every field of every response.
      ApolloServerPluginCacheControlDisabled(),
      ...(opts.exposeStatementCount ? [statementHeader] : []),
    ],
  });
  return { apollo, planner };
}
