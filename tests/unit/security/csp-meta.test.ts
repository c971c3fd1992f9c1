// Issue 16, finding 9: the page's meta CSP is what is in force on Electron's file:// page (no
// response header reaches it), so it must be as narrow as the header browser mode sends: no ws: or
// http: to anywhere, no plugins, no <base>, no form posts. A meta tag cannot carry frame-ancestors
// (browsers ignore it there), so that one directive is the only difference allowed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '@main/transports/security-headers';

const ONLY_IN_HEADERS = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

type Directives = Record<string, string[]>;

function directives(policy: string): Directives {
  const out: Directives = {};
  for (const part of policy.split(';').map((d) => d.trim()).filter(Boolean)) {
    const [name, ...values] = part.split(/\s+/);
    if (out[name!]) throw new Error(`directive ${name} appears twice in ${policy}`);
    out[name!] = values;
  }
  return out;
}

function metaPolicy(file: string): string {
  const html = readFileSync(file, 'utf8');
  const tags = [...html.matchAll(/<meta\s[^>]*http-equiv="Content-Security-Policy"[^>]*>/gi)];
  if (tags.length !== 1) throw new Error(`${file}: expected one CSP meta tag, found ${tags.length}`);
  const content = /content="([^"]+)"/.exec(tags[0]![0])?.[1];
  if (!content) throw new Error(`${file}: the CSP meta tag has no content`);
  return content;
}

const expected = Object.fromEntries(Object.entries(directives(CONTENT_SECURITY_POLICY)).filter(([name]) => !ONLY_IN_HEADERS.has(name)));

function checkPage(file: string): void {
  const meta = directives(metaPolicy(file));
  expect(meta).toEqual(expected);
  expect(meta['connect-src']).toEqual(["'self'"]);
  expect(meta['object-src']).toEqual(["'none'"]);
  expect(meta['base-uri']).toEqual(["'none'"]);
  expect(meta['form-action']).toEqual(["'none'"]);
  expect(metaPolicy(file)).not.toMatch(/\bwss?:|https?:|\*/);
}

const source = join(process.cwd(), 'src/renderer/index.html');
const built = join(process.cwd(), 'out/renderer/index.html');

describe('the renderer page CSP meta tag', () => {
  it('src/renderer/index.html: the header policy minus frame-ancestors, with no ws: or http: anywhere', () => checkPage(source));

  // npm test builds before vitest; run alone without a build, this one shows as skipped, saying why
  const isBuilt = existsSync(built);
  (isBuilt ? it : it.skip)(
    isBuilt ? 'out/renderer/index.html (the built page Electron loads): the same policy' : 'out/renderer/index.html: not checked, the renderer is not built (npm run build)',
    () => checkPage(built),
  );
});
