import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Context } from '../resolvers/context';
import { costOf, type QueryCost } from './limits';
import type { Admission, PublicApiPolicy } from './policy';

/**
 * The public API's contract in Apollo's path: each operation's cost in `extensions.cost`, the
 * quota charged when the operation is known (a refusal is 429 RATE_LIMITED with Retry-After, and
 * nothing runs), RateLimit and Cache-Control headers on every answer.
 */
export function publicApiPlugin(schema: GraphQLSchema, maxCost: number, policy: PublicApiPolicy): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request }) {
      let cost: QueryCost | null = null;
      let admission: Admission | undefined;
      return {
        async didResolveOperation({ document, operation, contextValue }) {
          if (!operation) return;
          cost = costOf(schema, document, operation, maxCost);
          // Already charged when the public fast path admitted it and then left it to us.
          const earlier = (contextValue as Context & { admission?: Admission }).admission;
          admission = earlier && !earlier.refusal ? earlier : await policy.admit(contextValue.viewer, contextValue.clientAddress, cost);
          // Its headers (Retry-After, RateLimit) are set in willSendResponse, like every answer's.
          if (admission.refusal) throw new GraphQLError(admission.refusal.message, { originalError: admission.refusal, extensions: { http: { status: 429 } } });
        },
        async willSendResponse({ response, contextValue, operation }) {
          // A request that never got to run (it did not parse or validate) still counts as one.
          admission ??= await policy.admit(contextValue.viewer, contextValue.clientAddress, null, false);
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          if (result && cost && !admission.refusal) result.extensions = { ...result.extensions, cost };
          const headers = policy.headers(contextValue.viewer, admission.decision, {
            method: request.http?.method ?? 'POST',
            isQuery: operation?.operation === 'query',
            hasErrors: !result || Boolean(result.errors?.length),
          });
          for (const [name, value] of Object.entries(headers)) {
            const key = name.toLowerCase();
            const before = key === 'vary' ? response.http.headers.get(key) : undefined;
            response.http.headers.set(key, before ? `${before}, ${value}` : value);
          }
        },
      };
    },
  };
}
