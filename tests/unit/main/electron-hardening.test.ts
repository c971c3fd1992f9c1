// The hardening that does not need an Electron binary: the window's webPreferences, the CSP, and
// the built preload, which must expose exactly the contract's methods and nothing else.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DESK_METHODS } from '@shared/contract';
import { secureWebPreferences } from '@main/electron/web-preferences';
import { contentSecurityPolicy } from '@main/transports/security-headers';

describe('Electron window hardening', () => {
  it('isolates and sandboxes the renderer, with no Node', () => {
    expect(secureWebPreferences('/p/index.cjs')).toMatchObject({
      preload: '/p/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('the CSP allows no inline or remote script', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(csp).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)/);
  });

  it('the renderer page carries the same script policy in its meta tag', () => {
    const html = readFileSync(join(process.cwd(), 'src/renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(meta).toContain("script-src 'self'");
    expect(meta).not.toMatch(/unsafe-eval/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
  });
});

const builtPreload = join(process.cwd(), 'out/preload/index.cjs');

describe.skipIf(!existsSync(builtPreload))('the built preload (out/preload/index.cjs)', () => {
  // Run the real bundle in a bare context: what it passes to contextBridge is what the page gets.
  function loadPreload() {
    const exposed: Record<string, unknown> = {};
    const invoked: Array<[string, unknown]> = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (name: string, api: unknown) => (exposed[name] = api) },
      ipcRenderer: {
        invoke: async (channel: string, input: unknown) => {
          invoked.push([channel, input]);
          return channel === 'desk:digest' ? { ok: false, error: { code: 'bad_request', message: 'x: y' } } : { ok: true, value: { channel } };
        },
        on: () => undefined,
        removeListener: () => undefined,
      },
    };
    const module = { exports: {} };
    const requireOnlyElectron = (id: string) => {
      if (id !== 'electron') throw new Error(`the preload required ${id}`);
      return fakeElectron;
    };
    runInNewContext(readFileSync(builtPreload, 'utf8'), { require: requireOnlyElectron, module, exports: module.exports });
    return { exposed, invoked };
  }

  it('is CommonJS, requires only electron, and exposes exactly the contract', () => {
    const { exposed } = loadPreload();
    expect(Object.keys(exposed)).toEqual(['dutydesk']);
    expect(Object.keys(exposed.dutydesk as object).sort()).toEqual([...DESK_METHODS, 'subscribe'].sort());
  });

  it('routes each method to its own channel and turns an error reply into a thrown error', async () => {
    const { exposed, invoked } = loadPreload();
    const api = exposed.dutydesk as Record<string, (i?: unknown) => Promise<unknown>>;
    await expect(api.status!({})).resolves.toEqual({ channel: 'desk:status' });
    await expect(api.digest!({})).rejects.toThrow('bad_request: x: y');
    expect(invoked.map(([c]) => c)).toEqual(['desk:status', 'desk:digest']);
  });
});
