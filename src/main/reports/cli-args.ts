/** The report CLI's flags, checked before anything connects: a bad one is named (exit 2). */
import { parseFlags, UsageError } from '@main/cli-args';
import { resolveServerToken, SERVER_TOKEN_ENV } from '@main/server-token';
import { DEFAULT_SHIFTS, ShiftError, shiftStartingAt } from './shifts';

export interface ReportArgs {
  server: string;
  token: string;
  /** printed once: the deprecated --token flag, a token file others can read */
  warnings: string[];
  out: string;
  shift?: string;
  lang: 'zh-CN' | 'en';
  timeoutMs: number;
}

const USAGE = `usage: ${SERVER_TOKEN_ENV}=T npm run report -- --server URL [--token-file FILE] [--shift START] --out FILE.pdf`;

export function parseReportArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): ReportArgs {
  const f = parseFlags(argv, { server: 'string', token: 'string', 'token-file': 'string', shift: 'string', out: 'string', lang: 'string', timeout: 'string' });
  const need = (name: string): string => {
    const v = f[name];
    if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} is required (${USAGE})`);
    return v;
  };
  const server = need('server');
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new UsageError(`--server must be a URL such as http://host:port, got ${server}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--server must be http or https, got ${url.protocol}`);
  const { token, warnings } = resolveServerToken(f, env);
  if (!token) throw new UsageError(`no token: set ${SERVER_TOKEN_ENV} or pass --token-file FILE (${USAGE})`);
  const out = need('out');
  if (!out.toLowerCase().endsWith('.pdf')) throw new UsageError(`--out must name a .pdf file, got ${out}`);
  const shift = typeof f.shift === 'string' ? f.shift : undefined;
  if (shift !== undefined) {
    try {
      shiftStartingAt(DEFAULT_SHIFTS, shift);
    } catch (err) {
      if (err instanceof ShiftError) throw new UsageError(`--shift: ${err.message}`);
      throw err;
    }
  }
  const lang = f.lang === undefined ? 'zh-CN' : f.lang;
  if (lang !== 'zh-CN' && lang !== 'en') throw new UsageError(`--lang must be zh-CN or en, got ${String(lang)}`);
  const timeout = f.timeout === undefined ? 90 : Number(f.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError(`--timeout must be seconds > 0, got ${String(f.timeout)}`);
  return { server: url.toString().replace(/\/$/, ''), token, warnings, out, shift, lang, timeoutMs: timeout * 1000 };
}
