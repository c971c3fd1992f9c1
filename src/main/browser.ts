/**
 * Browser mode: the desk's back end in plain Node, serving the built renderer and the API on
 * 127.0.0.1 (`npm run serve`, and `npm start` when Electron cannot start). Those run it under a
 * supervisor (scripts/lib/supervise.mjs, decision 0026) that restarts it after a crash with the
 * same port and keys, so an open page reconnects by itself.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlags, portFlag, UsageError } from '@main/cli-args';
import { lockDataFolder } from '@main/data-lock';
import { ownerOnlyDir } from '@node/owner-only';
import { startDeskSession } from '@main/desk-session';
import { appRoot, defaultDataDir } from '@main/paths';
import { resolveServerToken, takeServerTokenEnv } from '@main/server-token';
import { startBrowserTransport } from '@main/transports/http';

/**
 * Fixed keys from the supervisor: a restarted back end must accept the key the open page holds.
 * Taken from the environment (not flags: the process list is readable by other users) and removed
 * from it, so children such as the demo site never see them.
 */
function keyFromEnv(name: string): string | undefined {
  const value = process.env[name];
  delete process.env[name];
  if (value === undefined || value === '') return undefined;
  if (!/^[A-Za-z0-9_-]{24,}$/.test(value)) throw new UsageError(`${name} must be at least 24 characters of A-Z a-z 0-9 _ -`);
  return value;
}

async function main(): Promise<void> {
  const key = keyFromEnv('DUTYDESK_ACCESS_KEY');
  const wallKey = keyFromEnv('DUTYDESK_WALL_KEY');
  const tokenEnv = takeServerTokenEnv();
  const flags = parseFlags(process.argv.slice(2), { server: 'string', token: 'string', 'token-file': 'string', port: 'string', host: 'string', data: 'string' });
  const serverToken = resolveServerToken(flags, tokenEnv);
  for (const line of serverToken.warnings) console.warn(line);
  const dataDir = typeof flags.data === 'string' ? flags.data : defaultDataDir();
  const staticDir = join(appRoot(), 'out', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) throw new UsageError(`the renderer is not built (${staticDir}): run npm run build`);
  const log = (line: string) => console.log(line);
  ownerOnlyDir(dataDir);
  // one back end per folder; removed at exit, taken over from a back end that died without exiting
  const lock = lockDataFolder(dataDir);
  process.on('exit', () => lock.release());
  log(`数据目录 · data folder: ${dataDir}`);
  const session = await startDeskSession({
    dataDir,
    server: typeof flags.server === 'string' ? flags.server : undefined,
    token: serverToken.token,
    log,
  });
  const transport = await startBrowserTransport({
    backend: session.backend,
    staticDir,
    host: typeof flags.host === 'string' ? flags.host : '127.0.0.1',
    port: portFlag(flags.port),
    ...(key ? { key } : {}),
    ...(wallKey ? { wallKey } : {}),
  });
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await transport.close();
    await session.close();
    process.exit(0);
  };
  // before the address is printed: whoever reads it may stop us at once, and a signal with no
  // handler yet would end the process without its exit handlers (the data folder's lock stays)
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  log(`DutyDesk 浏览器模式 · browser mode — open:`);
  log(transport.url);
  log(`大屏（只读）· wall screen (read-only): ${transport.wallUrl}`);
  if (process.send) {
    // under the supervisor: tell it the port (a restart must take the same one), and stop cleanly
    // when it is gone (killed -9), instead of living on where nothing would restart or stop us
    process.send({ type: 'dutydesk.listening', port: transport.port });
    process.on('disconnect', () => void shutdown());
  }
}

main().catch((err: unknown) => {
  console.error(`DutyDesk: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
