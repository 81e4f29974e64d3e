import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLFormattedError } from 'graphql';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { AppError, FRAMEWORK_ERROR_CODES } from './domain/errors';
import type { Context } from './resolvers/context';
import { buildSchema } from './resolvers';
import { PublicReadPlanner } from './resolvers/publicReads';

const FRAMEWORK_CODES: ReadonlySet<string> = new Set(FRAMEWORK_ERROR_CODES);

export interface GraphQLOptions {
  httpServer: Server;
  introspection: boolean;
  log: Logger;
  /** Adds `x-sql-statements` to each response (tests and benchmarks). */
  exposeStatementCount: boolean;
}

export const LIMITS = {
  maxTokens: 5000,
  maxDepth: 10,
  maxAliases: 15,
  maxCost: 5000,
  maxDirectives: 20,
};

/**
 * Only AppErrors and the framework's own input errors reach a client as they are; anything else
 * (a bug, a database or driver error) becomes "Internal server error" and is logged in full here.
 */
export function formatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof AppError) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: original.code, ...original.details },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && FRAMEWORK_CODES.has(code)) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
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
    maxAliases: { n: LIMITS.maxAliases },
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

  const schema = buildSchema();
  const planner = new PublicReadPlanner(schema, armor.validationRules, LIMITS.maxTokens);
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: opts.introspection,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // main.ts owns shutdown: HTTP drains first, then the database stops.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    validationRules: armor.validationRules,
    formatError: formatError(opts.log),
    plugins: [
      ...armor.plugins,
      ApolloServerPluginDrainHttpServer({ httpServer: opts.httpServer }),
      // The default landing page loads Apollo's sandbox from the internet; the admin UI is ours.
      ApolloServerPluginLandingPageDisabled(),
      // We set no cache hints; left on, it would hook every field of every response.
      ApolloServerPluginCacheControlDisabled(),
      ...(opts.exposeStatementCount ? [statementHeader] : []),
    ],
  });
  return { apollo, planner };
}
