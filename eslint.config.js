import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'models/**', 'assets/generated/**', 'test-results/**', 'playwright-report/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    // `__ATELIER_E2E__`: a build flag the bundler replaces (src/renderer/build-flags.d.ts).
    languageOptions: { globals: { ...globals.node, ...globals.browser, __ATELIER_E2E__: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // Tools and tests print results on purpose.
    files: ['scripts/**', 'e2e/**', 'tests/**', 'src/cli/**', '**/*.test.ts', 'bin/**'],
    rules: { 'no-console': 'off' },
  },
);
