// Issue 16, finding 6: a packaged desk must not load code named by its environment. The decision is
// a pure function of (isPackaged, env); the Electron entry applies it before any module reads the
// environment. The packaged run itself is tests/electron/packaged-env.spec.ts (needs the Electron
// binary: npm run test:electron).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE_LOADING_ENV, codeLoadingEnvDecision } from '@main/security/packaged-env';

const hostile = { DUTYDESK_ROOT: '/tmp/evil', DUTYDESK_SQLITE_BINDING: '/tmp/evil/better_sqlite3.node', DUTYDESK_DATA: '/tmp/data', HOME: '/home/u' };

describe('environment variables that load code, in a packaged app', () => {
  it('packaged: DUTYDESK_ROOT and DUTYDESK_SQLITE_BINDING are ignored, each with one log line naming it', () => {
    const d = codeLoadingEnvDecision(true, hostile);
    expect(d.ignored).toEqual(['DUTYDESK_ROOT', 'DUTYDESK_SQLITE_BINDING']);
    expect(d.warnings).toHaveLength(2);
    expect(d.warnings[0]).toMatch(/DUTYDESK_ROOT is ignored in the packaged app/);
    expect(d.warnings[1]).toMatch(/DUTYDESK_SQLITE_BINDING is ignored in the packaged app/);
  });

  it('packaged: an empty value is removed too, and variables that load no code (DUTYDESK_DATA) stay', () => {
    expect(codeLoadingEnvDecision(true, { DUTYDESK_SQLITE_BINDING: '', DUTYDESK_DATA: '/d' }).ignored).toEqual(['DUTYDESK_SQLITE_BINDING']);
    expect(codeLoadingEnvDecision(true, { DUTYDESK_DATA: '/d' })).toEqual({ ignored: [], warnings: [] });
  });

  it('development (not packaged): both are honoured, as npm start needs the Electron build of better-sqlite3', () => {
    expect(codeLoadingEnvDecision(false, hostile)).toEqual({ ignored: [], warnings: [] });
  });

  // a new DUTYDESK_* variable read anywhere in src must be sorted here: does it name code to load?
  const LOADS_NO_CODE = ['DUTYDESK_DATA', 'DUTYDESK_ACCESS_KEY', 'DUTYDESK_WALL_KEY', 'DUTYDESK_SMS_WEBHOOK_SECRET', 'DUTYDESK_SERVER_TOKEN'];
  it('every DUTYDESK_* variable src reads is either ignored when packaged or known to load no code', () => {
    const read = new Set<string>();
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (/\.(ts|tsx)$/.test(e.name)) for (const m of readFileSync(path, 'utf8').matchAll(/\b(DUTYDESK_[A-Z_]+)\b/g)) read.add(m[1]!);
      }
    };
    walk(join(process.cwd(), 'src'));
    const unsorted = [...read].filter((name) => !(CODE_LOADING_ENV as readonly string[]).includes(name) && !LOADS_NO_CODE.includes(name));
    expect(unsorted).toEqual([]);
    for (const name of CODE_LOADING_ENV) expect(read.has(name), name).toBe(true);
  });
});

const bundle = join(process.cwd(), 'out/main/index.js');
const isBuilt = existsSync(bundle);

describe('the built Electron entry (out/main/index.js)', () => {
  (isBuilt ? it : it.skip)(
    isBuilt ? 'drops them before the app starts: the decision runs ahead of the sandbox, the single-instance lock and start-up' : 'not checked, the app is not built (npm run build)',
    () => {
      const code = readFileSync(bundle, 'utf8');
      const applied = code.indexOf('codeLoadingEnvDecision(app.isPackaged, process.env)');
      expect(applied).toBeGreaterThan(-1);
      expect(code.indexOf('delete process.env[')).toBeGreaterThan(applied);
      for (const later of ['app.enableSandbox()', 'requestSingleInstanceLock', 'startDeskSession(']) {
        expect(code.indexOf(later), later).toBeGreaterThan(applied);
      }
    },
  );
});
