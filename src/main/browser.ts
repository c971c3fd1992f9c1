/**
 * Browser mode: the desk's back end in plain Node, serving the built renderer and the API on
 * 127.0.0.1 (`npm run serve`, and `npm start` when Electron cannot start).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlags, portFlag, UsageError } from '@main/cli-args';
import { startDeskSession } from '@main/desk-session';
import { appRoot, defaultDataDir } from '@main/paths';
import { startBrowserTransport } from '@main/transports/http';

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { server: 'string', token: 'string', port: 'string', host: 'string', data: 'string' });
  const dataDir = typeof flags.data === 'string' ? flags.data : defaultDataDir();
  const staticDir = join(appRoot(), 'out', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) throw new UsageError(`the renderer is not built (${staticDir}): run npm run build`);
  const log = (line: string) => console.log(line);
  log(`数据目录 · data folder: ${dataDir}`);
  const session = await startDeskSession({
    dataDir,
    server: typeof flags.server === 'string' ? flags.server : undefined,
    token: typeof flags.token === 'string' ? flags.token : undefined,
    log,
  });
  const transport = await startBrowserTransport({
    backend: session.backend,
    staticDir,
    host: typeof flags.host === 'string' ? flags.host : '127.0.0.1',
    port: portFlag(flags.port),
  });
  log(`DutyDesk 浏览器模式 · browser mode — open:`);
  log(transport.url);
  log(`大屏（只读）· wall screen (read-only): ${transport.wallUrl}`);
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await transport.close();
    await session.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err: unknown) => {
  console.error(`DutyDesk: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
