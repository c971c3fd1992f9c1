// Lint with the layering rule of docs/architecture.md: a wrong cross-layer import fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'worker_threads'];
const deep = { group: ['../../*', '../../**'], message: 'No ../../ imports: use the layer aliases (@shared/…, @main/…).' };
const layer = (name, allowed) => ({
  group: ['@shared/*', '@server/*', '@main/*', '@renderer/*', '@preload/*'].filter((g) => !allowed.includes(g)),
  message: `${name} may import only ${allowed.join(', ') || 'nothing of ours'} (docs/architecture.md).`,
});
const restrict = (patterns, paths = []) => ['error', { patterns, paths }];

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
  { files: ['src/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': restrict([deep]) } },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [deep, layer('src/shared', ['@shared/*']), { group: NODE_BUILTINS, message: 'src/shared is pure: no Node.' }],
        ['electron', 'react', 'better-sqlite3', 'drizzle-orm', 'socket.io', 'socket.io-client', 'leaflet', 'echarts'].map((name) => ({ name, message: 'src/shared is pure.' })),
      ),
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([deep, layer('src/server', ['@shared/*', '@server/*'])], [
        { name: 'electron', message: 'The order server never imports electron.' },
        { name: 'react', message: 'The order server has no UI.' },
      ]),
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/electron/**'],
    rules: {
      'no-restricted-imports': restrict([deep, layer('src/main', ['@shared/*', '@main/*'])], [
        { name: 'electron', message: 'Only src/main/index.ts and src/main/electron/ may import electron.' },
        { name: 'react', message: 'The back end has no UI.' },
      ]),
    },
  },
  {
    files: ['src/main/index.ts', 'src/main/electron/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([deep, layer('src/main', ['@shared/*', '@main/*'])]) },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        deep,
        layer('src/preload', ['@shared/*']),
        { group: ['@shared/*', '!@shared/contract', '!@shared/ipc-channels'], message: 'The preload imports only the contract (types) and its IPC channel names.' },
      ]),
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrict([deep, layer('src/renderer', ['@shared/*', '@renderer/*']), { group: NODE_BUILTINS, message: 'The renderer runs in a sandbox: no Node.' }], [
        { name: 'electron', message: 'The renderer talks only to the API contract.' },
      ]),
    },
  },
);
