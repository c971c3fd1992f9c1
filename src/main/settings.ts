/**
 * Which order server the desk talks to. Flags win over the settings file in the data folder;
 * with neither, the desk runs the embedded demo site.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describeZodError } from '@shared/protocol';

export const Settings = z.object({
  serverUrl: z.url().optional(),
  token: z.string().min(1).optional(),
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

export type ServerChoice = { kind: 'remote'; serverUrl: string; token: string } | { kind: 'demo' };

export function chooseServer(flags: { server?: string; token?: string }, settings: Settings): ServerChoice {
  const serverUrl = flags.server ?? settings.serverUrl;
  const token = flags.token ?? settings.token;
  if (!serverUrl) return { kind: 'demo' };
  if (!token) throw new Error(`a server is configured (${serverUrl}) but no token: pass --token or set "token" in settings.json`);
  const url = z.url({ protocol: /^https?$/ }).safeParse(serverUrl);
  if (!url.success) throw new Error(`--server must be an http(s) URL, got ${serverUrl}`);
  return { kind: 'remote', serverUrl, token };
}
