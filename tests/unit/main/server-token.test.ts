// Issue 16, finding 8: the order server token is taken from a file or the environment, not the
// command line; --token still works and warns; the launchers move a --token into the child's
// environment. The real processes: tests/integration/desk/token-cmdline.test.ts.
import { describe, expect, it } from 'vitest';
import { pickFlags } from '@main/cli-args';
import { parseReportArgs } from '@main/reports/cli-args';
import { resolveServerToken, takeServerTokenEnv, TOKEN_FLAG_WARNING, type TokenFileAccess } from '@main/server-token';
// @ts-expect-error plain ESM script without types
import { moveTokenToEnv, TOKEN_FLAG_WARNING as SCRIPT_WARNING } from '../../../scripts/lib/token-env.mjs';

const files = (content: Record<string, string>, mode = 0o600): TokenFileAccess => ({
  read: (f) => {
    if (!(f in content)) throw new Error(`ENOENT: no such file, open '${f}'`);
    return content[f]!;
  },
  mode: () => mode,
});

describe('resolveServerToken', () => {
  it('reads DUTYDESK_SERVER_TOKEN with no warning', () => {
    expect(resolveServerToken({}, { DUTYDESK_SERVER_TOKEN: ' dd_abc\n' })).toEqual({ token: 'dd_abc', warnings: [] });
  });

  it('reads --token-file (one line, trimmed) and prefers it to the environment', () => {
    expect(resolveServerToken({ 'token-file': '/t' }, { DUTYDESK_SERVER_TOKEN: 'env' }, files({ '/t': 'dd_file\n' }))).toEqual({ token: 'dd_file', warnings: [] });
  });

  it('--token still works, with the one-line warning naming the alternatives', () => {
    expect(resolveServerToken({ token: 'dd_flag' }, {})).toEqual({ token: 'dd_flag', warnings: [TOKEN_FLAG_WARNING] });
    expect(TOKEN_FLAG_WARNING).toMatch(/DUTYDESK_SERVER_TOKEN or --token-file FILE/);
    expect(TOKEN_FLAG_WARNING).not.toContain('\n');
  });

  it('a missing, empty or multi-word token file, or both flags, is a usage error naming the flag', () => {
    expect(() => resolveServerToken({ 'token-file': '/nope' }, {}, files({}))).toThrow(/--token-file: cannot read \/nope \(ENOENT/);
    expect(() => resolveServerToken({ 'token-file': '/t' }, {}, files({ '/t': ' \n' }))).toThrow(/--token-file: \/t is empty/);
    expect(() => resolveServerToken({ 'token-file': '/t' }, {}, files({ '/t': 'a b' }))).toThrow(/alone on one line/);
    expect(() => resolveServerToken({ token: 'x', 'token-file': '/t' }, {}, files({ '/t': 'y' }))).toThrow(/--token and --token-file are both given/);
  });

  it('a token file other users can read is used, with a warning to chmod 600 it', () => {
    const r = resolveServerToken({ 'token-file': '/t' }, {}, files({ '/t': 'dd' }, 0o644));
    expect(r.token).toBe('dd');
    expect(r.warnings).toEqual([expect.stringMatching(/can be read by other users \(mode 644\); chmod 600/)]);
  });

  it('nothing given: no token (the settings file or the demo site decide)', () => {
    expect(resolveServerToken({}, {})).toEqual({ token: undefined, warnings: [] });
    expect(resolveServerToken({}, { DUTYDESK_SERVER_TOKEN: '' })).toEqual({ token: undefined, warnings: [] });
  });

  it('takeServerTokenEnv removes the variable, so children of this process do not inherit it', () => {
    const env: NodeJS.ProcessEnv = { DUTYDESK_SERVER_TOKEN: 'dd', PATH: '/bin' };
    expect(takeServerTokenEnv(env)).toEqual({ DUTYDESK_SERVER_TOKEN: 'dd' });
    expect(env).toEqual({ PATH: '/bin' });
  });
});

describe('the report CLI', () => {
  const base = ['--server', 'http://127.0.0.1:9', '--out', 'x.pdf'];
  it('takes the token from the environment or --token-file; --token warns', () => {
    expect(parseReportArgs(base, { DUTYDESK_SERVER_TOKEN: 'dd' })).toMatchObject({ token: 'dd', warnings: [] });
    expect(parseReportArgs([...base, '--token', 'dd'], {})).toMatchObject({ token: 'dd', warnings: [TOKEN_FLAG_WARNING] });
  });
  it('without any token says where to put it', () => {
    expect(() => parseReportArgs(base, {})).toThrow(/no token: set DUTYDESK_SERVER_TOKEN or pass --token-file FILE/);
  });
});

describe('the launchers (scripts/lib/token-env.mjs)', () => {
  it('move --token T and --token=T out of the arguments into DUTYDESK_SERVER_TOKEN, warning once', () => {
    const a = moveTokenToEnv(['--server', 'http://h:1', '--token', 'dd_secret', '--port', '0'], { PATH: '/bin' });
    expect(a).toEqual({ args: ['--server', 'http://h:1', '--port', '0'], env: { PATH: '/bin', DUTYDESK_SERVER_TOKEN: 'dd_secret' }, warning: TOKEN_FLAG_WARNING });
    expect(moveTokenToEnv(['--token=dd_x'], {}).args).toEqual([]);
    expect(SCRIPT_WARNING).toBe(TOKEN_FLAG_WARNING);
  });
  it('leave the rest alone: no token, --token-file (a path), or a --token with no value for the child to refuse', () => {
    expect(moveTokenToEnv(['--token-file', '/t'], {})).toEqual({ args: ['--token-file', '/t'], env: {}, warning: null });
    expect(moveTokenToEnv(['--server', 'u', '--token'], {})).toEqual({ args: ['--server', 'u', '--token'], env: {}, warning: null });
  });
});

describe('pickFlags (the Electron entry reads its own flags among Chromium switches)', () => {
  it('picks the named flags and leaves the others', () => {
    expect(pickFlags(['/app', '--inspect=0', '--server', 'http://h:1', '--token-file=/t', '--no-sandbox'], ['server', 'token', 'token-file'])).toEqual({ server: 'http://h:1', 'token-file': '/t' });
    expect(() => pickFlags(['--server'], ['server'])).toThrow(/--server needs a value/);
  });
});
