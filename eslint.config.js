// Lint with the layering rule of docs/architecture.md: a wrong cross-layer import fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import layers from './eslint-rules/layers.js';

const deep = { group: ['../../*', '../../**'], message: 'No ../../ imports: use the layer aliases (@shared/…, @main/…).' };
const restrict = (patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**', 'resources/**', 'test-results/**', 'playwright-report/**', 'drizzle/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // the layers of docs/architecture.md: each layer's allow-list of our layers, npm packages and
    // Node built-ins (eslint-rules/layers.js); no ../../ imports within a layer either
    files: ['src/**/*.{ts,tsx}'],
    plugins: { layers },
    rules: { 'no-restricted-imports': restrict([deep]), 'layers/imports': 'error' },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'src/track/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
