/**
 * What one GraphQL query may ask for, whoever sends it: enforced by Apollo's parser (tokens),
 * graphql-armor's rules (depth, aliases, directives) and its cost rule (server/publicApi/limits.ts),
 * each refusal with its own code. The quotas (domain/quotas.ts) must leave room for one query of
 * the largest cost.
 */
export const LIMITS = {
  maxTokens: 5000,
  maxDepth: 10,
  maxAliases: 15,
  maxCost: 5000,
  maxDirectives: 20,
  /** graphql-js stops validating after this many errors (and adds one saying so): one is enough to fix. */
  maxValidationErrors: 1,
};
