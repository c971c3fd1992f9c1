import { describe, expect, it } from 'vitest';
import { parseFlags, portFlag } from '@main/cli-args';
import { chooseServer } from '@main/settings';
import { defaultDataDir } from '@main/paths';

describe('flags', () => {
  const spec = { server: 'string', port: 'string', demo: 'boolean' } as const;
  it('parses values and booleans', () => {
    expect(parseFlags(['--server', 'http://x:1', '--port=8080', '--demo'], spec)).toEqual({ server: 'http://x:1', port: '8080', demo: true });
  });
  it('names the unknown flag', () => expect(() => parseFlags(['--serve', 'x'], spec)).toThrow(/--serve/));
  it('names the flag lacking a value', () => expect(() => parseFlags(['--server'], spec)).toThrow(/--server needs a value/));
  it('checks ports', () => {
    expect(portFlag('0')).toBe(0);
    expect(() => portFlag('70000')).toThrow(/--port/);
  });
});

describe('server choice', () => {
  it('runs the demo site when nothing is configured', () => expect(chooseServer({}, {})).toEqual({ kind: 'demo' }));
  it('flags win over settings', () => {
    expect(chooseServer({ server: 'http://a:1', token: 't' }, { serverUrl: 'http://b:2', token: 'u' })).toEqual({ kind: 'remote', serverUrl: 'http://a:1', token: 't' });
  });
  it('a server without a token is a clear error', () => expect(() => chooseServer({ server: 'http://a:1' }, {})).toThrow(/no token/));
  it('a non-http URL is refused', () => expect(() => chooseServer({ server: 'ftp://a', token: 't' }, {})).toThrow(/--server/));
});

describe('data folder', () => {
  it('DUTYDESK_DATA overrides the platform folder', () => {
    expect(defaultDataDir({ DUTYDESK_DATA: '/tmp/dd' }, 'linux')).toBe('/tmp/dd');
    expect(defaultDataDir({ HOME: '/home/a' }, 'linux')).toBe('/home/a/.config/DutyDesk');
    expect(defaultDataDir({ HOME: '/Users/a' }, 'darwin')).toBe('/Users/a/Library/Application Support/DutyDesk');
    expect(defaultDataDir({ APPDATA: 'C:\\AppData', HOME: 'C:\\u' }, 'win32')).toMatch(/DutyDesk$/);
  });
});
