/**
 * One test per server migration: each migration in drizzle/server has migrations-NNNN.test.ts,
 * which fills a database made by the migrations before it and starts today's server on it
 * (tests/support/migrations.ts makes those databases).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serverMigrations } from '../../support/migrations';

describe('server migrations', () => {
  it('each has its own test file', () => {
    const files = new Set(readdirSync(import.meta.dirname));
    const untested = serverMigrations().filter((tag) => !files.has(`migrations-${tag.slice(0, 4)}.test.ts`));
    expect(untested).toEqual([]);
  });
});
