/**
 * The self-service page's files (issue 18): GET /track (index.html) and /track/assets/* from the
 * folder the page's build writes (out/track). Hashed assets (`name-<hash>.js`) are cached for a
 * year as immutable; index.html is revalidated each time (ETag), so a new build reaches phones at
 * once. Compressed with brotli or gzip when the browser accepts it, once per file version (kept
 * in memory: the page is a few small files). The Content-Security-Policy allows only this
 * origin, plus the inline <script>/<style> blocks of index.html by their SHA-256 (the page may
 * inline its critical CSS and boot script for a fast first paint). Until a build exists: 503
 * with a message saying how to make one.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.map']);
/** `index-3f9a1c2b.js`, `app.3F9a_1c2B.css`: a content hash of 8+ characters before the extension */
const HASHED = /[.-][A-Za-z0-9_]{8,}\.[a-z0-9]+$/;
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

interface Prepared {
  key: string;
  etag: string;
  type: string;
  raw: Buffer;
  br?: Buffer;
  gzip?: Buffer;
  csp?: string;
}

/** The CSP for a page, given its HTML: self only, inline blocks by hash. */
export function contentSecurityPolicy(html: string): string {
  const hashes = (tag: string) =>
    [...html.matchAll(new RegExp(`<${tag}(?![^>]*\\bsrc=)[^>]*>([\\s\\S]*?)</${tag}>`, 'gi'))]
      .map((m) => m[1] ?? '')
      .filter((body) => body.trim() !== '')
      .map((body) => ` 'sha256-${createHash('sha256').update(body).digest('base64')}'`)
      .join('');
  return [
    "default-src 'none'",
    `script-src 'self'${hashes('script')}`,
    `style-src 'self'${hashes('style')}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export class TrackStatic {
  private readonly root: string;
  private readonly cache = new Map<string, Prepared>();

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The file for a request path under /track, or null for a path that names none. */
  private fileOf(pathname: string): string | null {
    if (pathname === '/track' || pathname === '/track/' || pathname === '/track/index.html') return join(this.root, 'index.html');
    if (!pathname.startsWith('/track/')) return null;
    const segments = pathname.slice('/track/'.length).split('/');
    // only the build's own files: plain names, no dot segments, nothing to decode
    if (segments.length > 4 || !segments.every((s) => SEGMENT.test(s))) return null;
    const file = join(this.root, ...segments);
    return file.startsWith(this.root + sep) ? file : null;
  }

  private prepare(file: string): Prepared | null {
    let st;
    try {
      st = statSync(file);
    } catch {
      return null;
    }
    if (!st.isFile()) return null;
    const key = `${st.size}:${st.mtimeMs}`;
    const cached = this.cache.get(file);
    if (cached?.key === key) return cached;
    const raw = readFileSync(file);
    const ext = extname(file).toLowerCase();
    const p: Prepared = { key, raw, etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 22)}"`, type: TYPES[ext] ?? 'application/octet-stream' };
    if (COMPRESSIBLE.has(ext) && raw.length > 256) {
      p.br = brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length } });
      p.gzip = gzipSync(raw, { level: 9 });
    }
    if (ext === '.html') p.csp = contentSecurityPolicy(raw.toString('utf8'));
    this.cache.set(file, p);
    return p;
  }

  /** Answers a GET/HEAD under /track that is not the API. */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return plain(res, 405, `${method} ${pathname}: only GET`, { allow: 'GET, HEAD' });
    const index = this.prepare(join(this.root, 'index.html'));
    if (!index) return plain(res, 503, '客户自助查询页尚未构建。The self-service page is not built yet: build it into out/track (npm run build) and reload.', { 'retry-after': '60' });
    const file = this.fileOf(pathname);
    const p = file ? this.prepare(file) : null;
    if (!p) return plain(res, 404, `${pathname}: not found`);
    const isIndex = file === join(this.root, 'index.html');
    const headers: Record<string, string> = {
      'content-type': p.type,
      etag: p.etag,
      'cache-control': !isIndex && HASHED.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      vary: 'Accept-Encoding',
    };
    if (p.csp) {
      headers['content-security-policy'] = p.csp;
      headers['x-frame-options'] = 'DENY';
    }
    if (req.headers['if-none-match'] === p.etag) {
      res.writeHead(304, headers);
      return void res.end();
    }
    const accepts = String(req.headers['accept-encoding'] ?? '');
    const [body, encoding] = p.br && /\bbr\b/.test(accepts) ? [p.br, 'br'] : p.gzip && /\bgzip\b/.test(accepts) ? [p.gzip, 'gzip'] : [p.raw, null];
    if (encoding) headers['content-encoding'] = encoding;
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(method === 'HEAD' ? undefined : body);
  }
}

function plain(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...extra, 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-store' });
  res.end(text);
}
