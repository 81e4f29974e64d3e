import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'admin/dist/', 'explorer/dist/', 'docs/examples/generated/', 'dist/', 'coverage/', '.data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
    },
  },
  // The admin UI runs in the browser (its build scripts in admin/*.mjs run in node).
  { files: ['admin/src/**/*.{ts,tsx}', 'explorer/src/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  // One way into a transaction, so a connection lost mid-transaction is an outage, not a bug.
  {
    files: ['server/**/*.ts'],
    ignores: ['server/db/transaction.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='transaction']", message: 'Use transaction(ds, work) from server/db/transaction.ts.' },
      ],
    },
  },
  // CommonJS entry points (the npx shim, jest config) use require by nature.
  { files: ['**/*.cjs', 'jest.config.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
