/**
 * `DUTYDESK_SERVER_TOKEN=T npm run report -- --server URL [--token-file FILE] [--shift START] [--lang zh-CN|en] --out FILE.pdf`
 * (the token from the environment or a file, never the command line: src/main/server-token.ts)
 * Syncs a temporary replica from the order server over the real protocol, serves the built
 * renderer's report view from it (browser mode) and prints that view to PDF in Chromium.
 * Default shift: the current one by the server's clock. Exit 0: the PDF is written. Exit 1: the
 * server is unreachable, refused the token, or printing failed (one line; no file). Exit 2: bad flags.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createDeskBackend } from '@main/backend';
import { UsageError } from '@main/cli-args';
import { appRoot } from '@main/paths';
import { takeServerTokenEnv } from '@main/server-token';
import { startBrowserTransport } from '@main/transports/http';
import { parseReportArgs } from './cli-args';
import { printReportPdf } from './pdf';
import { waitForReplica } from './wait-sync';

async function main(): Promise<number> {
  const args = parseReportArgs(process.argv.slice(2), takeServerTokenEnv());
  for (const line of args.warnings) console.warn(line);
  if (!existsSync(dirname(resolve(args.out)))) throw new UsageError(`--out: the folder ${dirname(resolve(args.out))} does not exist`);
  const staticDir = join(appRoot(), 'out', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) throw new Error(`the renderer is not built (${staticDir}): run npm run build`);
  const dataDir = mkdtempSync(join(tmpdir(), 'dutydesk-report-'));
  const backend = createDeskBackend({ dataDir, serverUrl: args.server, token: args.token, demo: false, requestTimeoutMs: 15_000 });
  try {
    await waitForReplica(backend, args.server, args.timeoutMs);
    const transport = await startBrowserTransport({ backend, staticDir });
    try {
      await printReportPdf({ deskUrl: transport.url, out: resolve(args.out), shiftStart: args.shift, lang: args.lang, timeoutMs: args.timeoutMs });
    } finally {
      await transport.close();
    }
  } finally {
    await backend.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`报告已写入 · report written: ${resolve(args.out)}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`DutyDesk report: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
