/**
 * Starts what the desk needs whatever its shell (Electron or browser mode): the order server
 * choice (remote or the embedded demo site) and the back end connected to it.
 */
import { createDeskBackend, type DeskBackend } from '@main/backend';
import { startDemoSite, type DemoSite, type LaunchServer } from '@main/demo-site';
import { chooseServer, readSettings } from '@main/settings';

export interface DeskSession {
  backend: DeskBackend;
  serverUrl: string;
  demo: DemoSite | null;
  close(): Promise<void>;
}

export async function startDeskSession(opts: {
  dataDir: string;
  server?: string;
  token?: string;
  launch?: LaunchServer;
  log?: (line: string) => void;
  /** Electron: reads settings.json's `tokenEncrypted` (safeStorage); browser mode has none */
  decryptToken?: (tokenEncrypted: string) => string;
}): Promise<DeskSession> {
  const choice = chooseServer({ server: opts.server, token: opts.token }, readSettings(opts.dataDir), { decryptToken: opts.decryptToken });
  let demo: DemoSite | null = null;
  let serverUrl: string;
  let token: string;
  if (choice.kind === 'demo') {
    demo = await startDemoSite({ dataDir: opts.dataDir, launch: opts.launch, onProgress: opts.log });
    serverUrl = demo.url;
    token = demo.token;
    opts.log?.(`演示订单服务器 · demo order server: ${serverUrl}`);
  } else {
    serverUrl = choice.serverUrl;
    token = choice.token;
  }
  const backend = createDeskBackend({ dataDir: opts.dataDir, serverUrl, token, demo: demo !== null });
  return {
    backend,
    serverUrl,
    demo,
    async close() {
      await backend.close();
      await demo?.close();
    },
  };
}
