import { defineConfig } from '@playwright/test';

// `npm run test:electron` (scripts/test-electron.mjs): Playwright's Electron launcher against the
// built app. Kept apart from playwright.config.ts (tests/e2e, browser mode), so `npm test` never
// runs these; the runner says in one line when they cannot run (no Electron binary).
export default defineConfig({
  testDir: 'tests/electron',
  outputDir: 'test-results/electron',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  workers: 1,
  reporter: [['list']],
});
