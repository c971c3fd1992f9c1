/**
 * Which order server the desk talks to. Flags win over the settings file in the data folder;
 * with neither, the desk runs the embedded demo site.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describeZodError } from '@shared/protocol';

export const Settings = z.object({
  serverUrl: z.url().optional(),
  token: z.string().min(1).optional(),
  /** the token encrypted by the desktop app's safeStorage (base64); only Electron can read it */
  tokenEncrypted: z.base64().min(1).optional(),
});
export type Settings = z.infer<typeof Settings>;

export function readSettings(dataDir: string): Settings {
  const file = join(dataDir, 'settings.json');
  if (!existsSync(file)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = Settings.safeParse(raw);
  if (!parsed.success) throw new Error(`${file}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/** Writes settings.json atomically, readable by its owner only. */
export function writeSettings(dataDir: string, settings: Settings): void {
  const file = join(dataDir, 'settings.json');
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(Settings.parse(settings), null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

export type ServerChoice = { kind: 'remote'; serverUrl: string; token: string } | { kind: 'demo' };

export function chooseServer(
  flags: { server?: string; token?: string },
  settings: Settings,
  opts: { decryptToken?: (tokenEncrypted: string) => string } = {},
): ServerChoice {
  const serverUrl = flags.server ?? settings.serverUrl;
  if (!serverUrl) return { kind: 'demo' };
  const token = flags.token ?? settings.token ?? decrypted(settings.tokenEncrypted, opts.decryptToken);
  if (!token) throw new Error(`a server is configured (${serverUrl}) but no token: set DUTYDESK_SERVER_TOKEN, pass --token-file FILE, or set "token" in settings.json`);
  const url = z.url({ protocol: /^https?$/ }).safeParse(serverUrl);
  if (!url.success) throw new Error(`--server must be an http(s) URL, got ${serverUrl}`);
  return { kind: 'remote', serverUrl, token };
}

function decrypted(tokenEncrypted: string | undefined, decrypt: ((b64: string) => string) | undefined): string | undefined {
  if (tokenEncrypted === undefined) return undefined;
  if (!decrypt) throw new Error('settings.json holds an encrypted token only the desktop app can read: in browser mode set DUTYDESK_SERVER_TOKEN or pass --token-file FILE');
  try {
    return decrypt(tokenEncrypted);
  } catch (err) {
    throw new Error(`settings.json: the encrypted token cannot be read on this account or machine (${(err as Error).message}); set "token" again`, { cause: err });
  }
}
