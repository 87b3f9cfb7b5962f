import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { boundaries } from './eslint.boundaries.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.serverless/', 'coverage/', '.esbuild/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  // The import rules between folders (eslint.boundaries.js, docs/architecture.md).
  ...boundaries(),
  { files: ['cli/**', 'bin/**'], rules: { 'no-console': 'off' } },
  { files: ['bin/**/*.js', '*.js', '**/*.cjs'], languageOptions: { globals: { process: 'readonly' } } },
);
