/** A tiny, strict flag parser: an unknown or valueless flag is an error that names the flag. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseFlags(argv: readonly string[], spec: Record<string, 'string' | 'boolean'>): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument: ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown flag --${name} (known: ${Object.keys(spec).map((k) => '--' + k).join(', ')})`);
    if (kind === 'boolean') {
      out[name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    out[name] = value;
  }
  return out;
}

export function portFlag(value: string | boolean | undefined, flag = 'port'): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--${flag} must be a port number 0..65535, got ${String(value)}`);
  return n;
}

/**
 * Picks the named flags out of an argv that also carries flags of others (Electron's and
 * Chromium's switches, the app path), leaving the rest alone: `--name value` or `--name=value`.
 */
export function pickFlags(argv: readonly string[], names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) continue;
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (!names.includes(name)) continue;
    const value = inline ?? argv[i + 1];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    if (inline === undefined) i++;
    out[name] = value;
  }
  return out;
}
