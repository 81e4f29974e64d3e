/** Jest: TypeScript through SWC (decorator metadata for TypeORM), one real PostgreSQL per run. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

/**
 * The test files `npm run test:fast` leaves out (`npm test`, which CI runs, has them all): the
 * browser journeys, the 200,000-event export, and the files that start the server, the
 * command-line tools or a PostgreSQL cluster as processes of their own.
 */
const SLOW = [
  '/test/admin/.*\\.e2e\\.test\\.ts$',
  '/test/server/export-memory\\.test\\.ts$',
  '/test/server/(backup|claimreview|client-guide|crash-recovery|drain|exports|instances|outage|public-api-quotas-instances|relay-compiler|startup|verify-cli)\\.test\\.ts$',
];

const project = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': swc },
  // The admin code the tests load imports server/domain by the alias its tsconfig and vite define.
  moduleNameMapper: { '^@domain/(.*)$': '<rootDir>/server/domain/$1' },
};

module.exports = {
  // `npm test` runs both projects; `npm run test:fast` only the first (jest --selectProjects fast).
  projects: [
    { ...project, displayName: 'fast', testPathIgnorePatterns: ['/node_modules/', ...SLOW] },
    { ...project, displayName: 'slow', testMatch: undefined, testRegex: SLOW },
  ],
  globalSetup: '<rootDir>/test/setup/globalSetup.ts',
  globalTeardown: '<rootDir>/test/setup/globalTeardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
