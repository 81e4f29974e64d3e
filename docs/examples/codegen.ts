import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * `npx graphql-codegen --config docs/examples/codegen.ts`: types for the operations in
 * docs/examples/*.graphql, from the schema a ClaimLedger server publishes (CLAIMLEDGER_URL, or a
 * local one on the default port). No introspection needed: /schema.graphql is served in production too.
 */
const server = process.env.CLAIMLEDGER_URL ?? 'http://localhost:4000';

const config: CodegenConfig = {
  schema: `${server}/schema.graphql`,
  documents: ['docs/examples/*.graphql'],
  generates: {
    'docs/examples/generated/graphql.ts': {
      // Result and variables types for each operation (with the enums and inputs they use), and the
      // operation itself as a typed document.
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        // Custom scalars as they travel in JSON.
        scalars: { DateTime: 'string', Date: 'string', JSON: 'unknown' },
        enumsAsTypes: true,
        avoidOptionals: true,
      },
    },
  },
};

export default config;
