// One lint configuration for every workspace. Type-aware rules (no-floating-promises,
// no-misused-promises) catch the async mistakes that matter most in servers and
// handlers; they need the TypeScript compiler API, which is why the repo stays on
// TypeScript 6.0 rather than 7 (see docs/architecture.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/cdk.out/**', '**/node_modules/**', '**/.turbo/**', '**/coverage/**', '**/.data/**', 'docs/workshop/playground/**', 'docs/workshop/.both-ways/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'off',
    },
  },
  {
    // Plain JS config and script files are not part of any tsconfig project.
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
