import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { Logger } from 'pino';
import type { DatabaseOutage } from './db/outage';
import { AppError, FRAMEWORK_ERROR_CODES } from './domain/errors';
import { cutEcho } from './edge/echo';
import { LIMITS } from './domain/queryLimits';
import { graphqlOperations, operationLabel } from './metrics';
import { costLimit, refuseAs } from './publicApi/limits';
import { publicApiPlugin } from './publicApi/plugin';
import type { PublicApiPolicy } from './publicApi/policy';
import type { Context } from './resolvers/context';
import { buildSchema } from './resolvers';

const FRAMEWORK_CODES: ReadonlySet<string> = new Set(FRAMEWORK_ERROR_CODES);
/** graphql-js's words (sic) when a document is over its token limit. */
const TOKEN_LIMIT = /^Syntax Error: Document contains more that (\d+) tokens/;

export interface GraphQLOptions {
  introspection: boolean;
  log: Logger;
  /** Turns database connection failures into SERVICE_UNAVAILABLE and reports each outage once. */
  outage: DatabaseOutage;
  /** Adds `x-sql-statements` to each response (tests and benchmarks). */
  exposeStatementCount: boolean;
  /** Quotas and caching headers of public answers (shared with the fast path). */
  policy: PublicApiPolicy;
}

export { LIMITS };

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
    // graphql-js's own token limit (Apollo's parseOptions.maxTokens), coded like the other limits.
    const tokens = code === 'GRAPHQL_PARSE_FAILED' ? TOKEN_LIMIT.exec(formatted.message) : null;
    if (tokens) {
      return { message: `This query has more than ${tokens[1]} tokens; the limit is ${tokens[1]}.`, extensions: { code: 'TOO_MANY_TOKENS', limit: Number(tokens[1]) } };
    }
    if (typeof code === 'string' && FRAMEWORK_CODES.has(code)) {
      return { message: cutEcho(formatted.message), locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    log.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL request');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/** Apollo, and the public fast path that answers what it can with the same schema and limits. */
export function createGraphQL(opts: GraphQLOptions): { apollo: ApolloServer<Context>; validationRules: ValidationRule[]; schema: GraphQLSchema } {
  const armor = new ApolloArmor({
    // Apollo's own parser limit is used instead: this plugin turns syntax errors into HTTP 500.
    maxTokens: { enabled: false },
    // Depth as the data nests: a fragment spread is not a level of its own. Each refusal has its
    // own code (publicApi/limits.ts) instead of armor's "Syntax Error: …".
    maxDepth: { n: LIMITS.maxDepth, flattenFragments: true, propagateOnRejection: false, onReject: [refuseAs('QUERY_TOO_DEEP', 'Query depth')] },
    // Its default allow-list exempts `__typename`: 1,000 aliases of it would be free.
    maxAliases: { n: LIMITS.maxAliases, allowList: [], propagateOnRejection: false, onReject: [refuseAs('TOO_MANY_ALIASES', 'Aliases')] },
    // Cost is armor's rule run by costLimit below, which also reports it in every response.
    costLimit: { enabled: false },
    maxDirectives: { n: LIMITS.maxDirectives, propagateOnRejection: false, onReject: [refuseAs('TOO_MANY_DIRECTIVES', 'Directives')] },
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
  const validationRules = [...armor.validationRules, costLimit(LIMITS.maxCost)];
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: opts.introspection,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // main.ts owns shutdown: HTTP drains first (http.ts), then the database stops.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    validationRules,
    validationOptions: { maxErrors: LIMITS.maxValidationErrors },
    formatError: formatError(opts.log, opts.outage),
    plugins: [
      ...armor.plugins,
      outcomes,
      publicApiPlugin(schema, LIMITS.maxCost, opts.policy),
      // The default landing page loads Apollo's sandbox from the internet; the admin UI is ours.
      ApolloServerPluginLandingPageDisabled(),
      // We set no cache hints; left on, it would hook every field of every response.
      ApolloServerPluginCacheControlDisabled(),
      ...(opts.exposeStatementCount ? [statementHeader] : []),
    ],
  });
  return { apollo, validationRules, schema };
}
