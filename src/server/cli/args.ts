/**
 * Command-line arguments of the server program (pure). A bad argument is an ArgError whose
 * message names the flag; the CLI prints it on one line and exits 2.
 */
import { ROLES, type Role } from '@shared/vocab';
import { parseScope, type FloorScope } from '@shared/projection';
import { seedOf } from '@server/simulator/prng';
import { isProfile, PROFILE_NAMES, type ProfileName } from '@server/simulator/profiles';

export class ArgError extends Error {}

export type Command =
  | { kind: 'serve'; db: string; port: number; host: string; simulate: { seed: number; speed: number; start?: string; profile?: ProfileName; scenarioFile?: string } | null; rules?: boolean; rateLimit?: number; deskEventLimit?: number; authFailures?: number; smsWebhook?: { url: string; secret?: string; insecure?: boolean }; snapshots?: false; autoPolicy?: false }
  /** expiresDays: null = never (--no-expiry or --expires-days 0); absent = the default (90) */
  | { kind: 'token-create'; db: string; role: Role; name: string; expiresDays?: number | null; scope?: FloorScope }
  | { kind: 'token-list'; db: string }
  | { kind: 'token-revoke'; db: string; id?: string; name?: string }
  | { kind: 'help' };

export const USAGE = `usage:
  server serve --db FILE --port N [--host 127.0.0.1] [--rules] [--rate-limit N] [--desk-event-limit N] [--auth-failures N] [--no-snapshots] [--no-auto-policy] [--simulate [--seed S] [--speed X] [--sim-start ISO]
        [--profile ordinary|double11|spring|stress] [--scenario FILE.json]] [--sms-webhook URL [--sms-webhook-secret S] [--insecure-webhook]]
  server token create --db FILE --role supervisor|viewer|floor --name NAME [--expires-days N (default 90; 0 = never) | --no-expiry]
        [--scope workshop:NAME|carrier:NAME|crew:CREW_ID (floor only)]
  server token list --db FILE
  server token revoke --db FILE (--id TOKEN_ID | --name NAME)`;

const BOOLEAN_FLAGS = new Set(['simulate', 'rules', 'no-snapshots', 'no-auto-policy', 'no-expiry', 'insecure-webhook']);

function parseFlags(argv: readonly string[], allowed: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) throw new ArgError(`unexpected argument ${JSON.stringify(arg)}`);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!allowed.includes(name)) throw new ArgError(`--${name}: unknown flag`);
    if (flags.has(name)) throw new ArgError(`--${name}: given twice`);
    if (BOOLEAN_FLAGS.has(name)) {
      if (eq > 0) throw new ArgError(`--${name}: takes no value`);
      flags.set(name, 'true');
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--')) || value === '') throw new ArgError(`--${name}: a value is required`);
    flags.set(name, value);
  }
  return flags;
}

function required(flags: Map<string, string>, name: string): string {
  const v = flags.get(name);
  if (v === undefined) throw new ArgError(`--${name}: required`);
  return v;
}

function number(flags: Map<string, string>, name: string, check: (n: number) => boolean, what: string): number | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^-?\d+(\.\d+)?$/.test(v) || !check(n)) throw new ArgError(`--${name}: must be ${what}, got ${JSON.stringify(v)}`);
  return n;
}

/**
 * --sms-webhook URL [--sms-webhook-secret S] [--insecure-webhook]: where the outbox hands texts
 * (http or https). Whether http is allowed depends on the secret, which may also come from the
 * environment, so the CLI checks that at start (checkWebhookUrl).
 */
function webhook(flags: Map<string, string>): { url: string; secret?: string; insecure?: boolean } | undefined {
  const url = flags.get('sms-webhook');
  const secret = flags.get('sms-webhook-secret');
  if (url === undefined) {
    if (secret !== undefined) throw new ArgError('--sms-webhook-secret: only with --sms-webhook');
    if (flags.has('insecure-webhook')) throw new ArgError('--insecure-webhook: only with --sms-webhook');
    return undefined;
  }
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new ArgError(`--sms-webhook: not a URL: ${JSON.stringify(url)}`);
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw new ArgError(`--sms-webhook: must be an http or https URL, got ${JSON.stringify(url)}`);
  return { url, ...(secret !== undefined ? { secret } : {}), ...(flags.has('insecure-webhook') ? { insecure: true } : {}) };
}

/** --scope kind:value: a floor token limited to one workshop, carrier or crew. */
function scopeFlag(flags: Map<string, string>, role: string): FloorScope | undefined {
  const text = flags.get('scope');
  if (text === undefined) return undefined;
  if (role !== 'floor') throw new ArgError(`--scope: only floor tokens have a scope, not ${role}`);
  const scope = parseScope(text);
  if (!scope) throw new ArgError(`--scope: must be workshop:NAME, carrier:NAME or crew:CREW_ID, got ${JSON.stringify(text)}`);
  return scope;
}

export function parseArgs(argv: readonly string[]): Command {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') return { kind: 'help' };
  if (cmd === 'serve') {
    const f = parseFlags(rest, ['db', 'port', 'host', 'simulate', 'seed', 'speed', 'sim-start', 'rules', 'profile', 'scenario', 'rate-limit', 'desk-event-limit', 'auth-failures', 'sms-webhook', 'sms-webhook-secret', 'insecure-webhook', 'no-snapshots', 'no-auto-policy']);
    const db = required(f, 'db');
    const port = number(f, 'port', (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'an integer 0..65535');
    if (port === undefined) throw new ArgError('--port: required');
    const host = f.get('host') ?? '127.0.0.1';
    const simulate = f.has('simulate');
    for (const dep of ['seed', 'speed', 'sim-start', 'profile', 'scenario']) if (f.has(dep) && !simulate) throw new ArgError(`--${dep}: only with --simulate`);
    const speed = number(f, 'speed', (n) => n >= 0.01 && n <= 100_000, 'a number 0.01..100000') ?? 1;
    const startText = f.get('sim-start');
    if (startText !== undefined && !Number.isFinite(Date.parse(startText))) throw new ArgError(`--sim-start: not an ISO time: ${JSON.stringify(startText)}`);
    const seedText = f.get('seed') ?? '1';
    const seed = /^\d+$/.test(seedText) ? Number(seedText) >>> 0 : seedOf(seedText);
    const profile = f.get('profile');
    if (profile !== undefined && !isProfile(profile)) throw new ArgError(`--profile: must be one of ${PROFILE_NAMES.join('|')}, got ${JSON.stringify(profile)}`);
    const scenarioFile = f.get('scenario');
    // floor API requests per second per token (burst twice that)
    const rateLimit = number(f, 'rate-limit', (n) => n > 0 && n <= 1_000_000, 'a positive number of requests per second up to 1000000');
    const deskEventLimit = number(f, 'desk-event-limit', (n) => n > 0 && n <= 1_000_000, 'a positive number of desk events per second per token up to 1000000');
    const authFailures = number(f, 'auth-failures', (n) => Number.isInteger(n) && n >= 1 && n <= 1_000_000, 'a whole number of refused tokens per address from 1 to 1000000');
    const smsWebhook = webhook(f);
    const extra = { ...(startText ? { start: startText } : {}), ...(profile ? { profile } : {}), ...(scenarioFile ? { scenarioFile } : {}) };
    return { kind: 'serve', db, port, host, simulate: simulate ? { seed, speed, ...extra } : null, ...(f.has('rules') ? { rules: true } : {}), ...(rateLimit !== undefined ? { rateLimit } : {}), ...(deskEventLimit !== undefined ? { deskEventLimit } : {}), ...(authFailures !== undefined ? { authFailures } : {}), ...(smsWebhook ? { smsWebhook } : {}), ...(f.has('no-snapshots') ? { snapshots: false as const } : {}), ...(f.has('no-auto-policy') ? { autoPolicy: false as const } : {}) };
  }
  if (cmd === 'token') {
    const [sub, ...flags] = rest;
    if (sub === 'create') {
      const f = parseFlags(flags, ['db', 'role', 'name', 'expires-days', 'no-expiry', 'scope']);
      const db = required(f, 'db');
      const role = required(f, 'role');
      if (!(ROLES as readonly string[]).includes(role)) throw new ArgError(`--role: must be one of ${ROLES.join('|')}, got ${JSON.stringify(role)}`);
      const name = required(f, 'name');
      const days = number(f, 'expires-days', (n) => n >= 0 && n <= 36500, 'a number of days 0..36500 (0: never)');
      if (days !== undefined && f.has('no-expiry')) throw new ArgError('--no-expiry: give either --no-expiry or --expires-days');
      const expiresDays = f.has('no-expiry') || days === 0 ? null : days;
      const scope = scopeFlag(f, role);
      return { kind: 'token-create', db, role: role as Role, name, ...(expiresDays !== undefined ? { expiresDays } : {}), ...(scope ? { scope } : {}) };
    }
    if (sub === 'list') return { kind: 'token-list', db: required(parseFlags(flags, ['db']), 'db') };
    if (sub === 'revoke') {
      const f = parseFlags(flags, ['db', 'id', 'name']);
      const db = required(f, 'db');
      const id = f.get('id');
      const name = f.get('name');
      if ((id === undefined) === (name === undefined)) throw new ArgError('--id: give exactly one of --id or --name');
      return { kind: 'token-revoke', db, ...(id ? { id } : {}), ...(name ? { name } : {}) };
    }
    throw new ArgError(`token: unknown subcommand ${JSON.stringify(sub ?? '')} (create | list | revoke)`);
  }
  throw new ArgError(`unknown command ${JSON.stringify(cmd)} (serve | token)`);
}
