/**
 * Issue 16, finding 9 (tokens): a token expires after 90 days unless told otherwise, and
 * `token list` and `serve` warn, one line each, about live tokens that expire within a week.
 * The real server program in child processes on a real SQLite file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openServerDb } from '@server/db/open';
import { tokens } from '@server/db/schema';
import { authenticate, createToken, DEFAULT_TOKEN_DAYS } from '@server/db/tokens';
import { removeTempDirs, tempDb } from './helpers';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const CLI = ['--import', 'tsx', 'src/server/cli.ts'];
const DAY = 86_400_000;

const run = (args: string[]) => spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

afterAll(() => removeTempDirs());

/** Seeds a database with a token expiring in 3 days, one in 30 days, one revoked and one expired. */
function seeded(): { file: string; soonId: string } {
  const file = tempDb();
  const db = openServerDb(file);
  try {
    const now = Date.now();
    const soon = createToken(db, 'floor', '封边扫码枪', { now: now - (DEFAULT_TOKEN_DAYS - 3) * DAY });
    createToken(db, 'viewer', '大屏', { expiresDays: 30 });
    const revoked = createToken(db, 'floor', '旧扫码枪', { expiresDays: 2 });
    db.update(tokens).set({ revokedAt: new Date(now).toISOString() }).where(eq(tokens.id, revoked.id)).run();
    createToken(db, 'floor', '过期扫码枪', { now: now - 100 * DAY });
    return { file, soonId: soon.id };
  } finally {
    db.$client.close();
  }
}

const warnings = (text: string) => text.split('\n').filter((l) => l.startsWith('warning: token '));

describe('token expiry', () => {
  it('a new token expires after 90 days by default; null means never', () => {
    const db = openServerDb(tempDb());
    try {
      const now = Date.parse('2025-11-11T12:00:00.000Z');
      expect(createToken(db, 'supervisor', '王主管', { now }).expiresAt).toBe('2026-02-09T12:00:00.000Z');
      const forever = createToken(db, 'floor', 'ERP', { expiresDays: null, now });
      expect(forever.expiresAt).toBeNull();
      const old = createToken(db, 'viewer', '大屏', { now: Date.now() - 91 * DAY });
      expect(authenticate(db, old.token)).toBeNull();
    } finally {
      db.$client.close();
    }
  });

  it('token create prints the expiry (90 days), --no-expiry / --expires-days 0 make it never, bad values exit 2 naming the flag', () => {
    const file = tempDb();
    const made = run(['token', 'create', '--db', file, '--role', 'floor', '--name', '扫码枪', '--scope', 'workshop:苏州一厂']);
    expect(made.status).toBe(0);
    expect(made.stdout).toMatch(/role floor, scope workshop:苏州一厂, expires \d{4}-/);
    const db = openServerDb(file);
    try {
      const row = db.select().from(tokens).get()!;
      expect(Date.parse(row.expiresAt!) - Date.parse(row.createdAt)).toBe(DEFAULT_TOKEN_DAYS * DAY);
      expect(row.scope).toBe('workshop:苏州一厂');
    } finally {
      db.$client.close();
    }
    for (const flags of [['--no-expiry'], ['--expires-days', '0']]) {
      const r = run(['token', 'create', '--db', file, '--role', 'viewer', '--name', 'x', ...flags]);
      expect(r.stdout, flags.join(' ')).toContain('never expires');
    }
    for (const [flags, named] of [
      [['--expires-days', '-3'], '--expires-days'],
      [['--expires-days', '5', '--no-expiry'], '--no-expiry'],
      [['--scope', 'workshop:苏州一厂'], '--scope'],
    ] as const) {
      const r = run(['token', 'create', '--db', file, '--role', 'supervisor', '--name', 'x', ...flags]);
      expect(r.status, flags.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(named);
    }
  });

  it('token list names every token and warns once about the one live token expiring within a week', () => {
    const { file, soonId } = seeded();
    const r = run(['token', 'list', '--db', file]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
    expect(r.stdout).toContain('revoked ');
    expect(r.stdout).toContain('expired ');
    expect(warnings(r.stderr)).toEqual([expect.stringMatching(new RegExp(`^warning: token ${soonId} \\(封边扫码枪, role floor\\) expires .* \\(in 3 days\\)`))]);
  });

  it('serve warns at start, one line per token expiring within a week', async () => {
    const { file, soonId } = seeded();
    const proc = spawn(process.execPath, [...CLI, 'serve', '--db', file, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await new Promise<void>((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`no warning: ${out}`)), 60_000);
        const check = () => warnings(out).length > 0 && out.includes('listening on') && (clearTimeout(timer), res());
        proc.stdout.on('data', check);
        proc.stderr.on('data', check);
        proc.once('exit', (code) => rej(new Error(`exited ${code}: ${out}`)));
      });
      expect(warnings(out)).toEqual([expect.stringContaining(`warning: token ${soonId} (封边扫码枪, role floor)`)]);
    } finally {
      await new Promise<void>((res) => {
        proc.once('exit', () => res());
        proc.kill('SIGTERM');
      });
    }
  });
});
