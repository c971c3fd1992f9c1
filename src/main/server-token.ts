/**
 * Where the desk, browser mode and the report CLI take the order server's token from (issue 16,
 * finding 8). A command line is readable by every user of the machine (`ps`, /proc/<pid>/cmdline);
 * a process's environment and a 0600 file are not. So: `--token-file FILE` or the environment
 * variable `DUTYDESK_SERVER_TOKEN`; `--token T` still works, with a one-line warning. Launchers hand
 * the token to their children the same way (scripts/lib/token-env.mjs), never in their arguments.
 */
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '@main/cli-args';

export const SERVER_TOKEN_ENV = 'DUTYDESK_SERVER_TOKEN';

export const TOKEN_FLAG_WARNING = `DutyDesk: --token shows the token to every user of this machine (ps); use ${SERVER_TOKEN_ENV} or --token-file FILE instead`;

export interface TokenFlags {
  token?: string | boolean;
  'token-file'?: string | boolean;
}

export interface ResolvedToken {
  token: string | undefined;
  /** lines to print once (the deprecated flag, a token file others can read) */
  warnings: string[];
}

export interface TokenFileAccess {
  read(file: string): string;
  /** permission bits, or null where they mean nothing (Windows) */
  mode(file: string): number | null;
}

const realFiles: TokenFileAccess = {
  read: (file) => readFileSync(file, 'utf8'),
  mode: (file) => (process.platform === 'win32' ? null : statSync(file).mode & 0o777),
};

/** The token from `--token-file`, `--token` or the environment, in that order; a bad source is named. */
export function resolveServerToken(flags: TokenFlags, env: Readonly<Record<string, string | undefined>>, files: TokenFileAccess = realFiles): ResolvedToken {
  const file = flags['token-file'];
  if (file !== undefined && flags.token !== undefined) throw new UsageError('--token and --token-file are both given: use one (--token-file keeps the token out of the process list)');
  if (typeof file === 'string') return fromFile(file, files);
  if (typeof flags.token === 'string') {
    if (flags.token.trim() === '') throw new UsageError('--token is empty');
    return { token: flags.token.trim(), warnings: [TOKEN_FLAG_WARNING] };
  }
  const fromEnv = env[SERVER_TOKEN_ENV]?.trim();
  return { token: fromEnv ? fromEnv : undefined, warnings: [] };
}

function fromFile(file: string, files: TokenFileAccess): ResolvedToken {
  let text: string;
  let mode: number | null;
  try {
    text = files.read(file);
    mode = files.mode(file);
  } catch (err) {
    throw new UsageError(`--token-file: cannot read ${file} (${(err as Error).message})`);
  }
  const token = text.trim();
  if (token === '') throw new UsageError(`--token-file: ${file} is empty`);
  if (/\s/.test(token)) throw new UsageError(`--token-file: ${file} must hold the token alone on one line`);
  const warnings = mode !== null && (mode & 0o077) !== 0 ? [`DutyDesk: --token-file ${file} can be read by other users (mode ${mode.toString(8)}); chmod 600 it`] : [];
  return { token, warnings };
}

/**
 * Takes the token variable out of this process's environment once read, so the children it starts
 * (the demo order server, Chromium for the report) never inherit a token they have no use for.
 */
export function takeServerTokenEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const value = env[SERVER_TOKEN_ENV];
  delete env[SERVER_TOKEN_ENV];
  return { [SERVER_TOKEN_ENV]: value };
}
