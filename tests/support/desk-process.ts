/** The desk back end as a real process (browser mode), driven over its HTTP API with the access key. */
import { startBrowserMode, type Running } from './processes';

export interface DeskProcess extends Running {
  rpc<T = unknown>(method: string, input?: unknown): Promise<T>;
  kill9(): Promise<void>;
}

/** Calls `method` on the desk whose page is `pageUrl` (the access key in its query) over browser mode's HTTP API; a refusal throws with its status, code and message. */
export async function callDesk<T>(pageUrl: string, method: string, input: unknown = {}): Promise<T> {
  const page = new URL(pageUrl);
  const res = await fetch(`${page.origin}/api/rpc/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${page.searchParams.get('key')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as T & { error?: { code: string; message: string } };
  if (!res.ok) throw new Error(`${method}: ${res.status} ${body.error?.code}: ${body.error?.message}`);
  return body;
}

export async function startDeskProcess(serverUrl: string, token: string, dataDir: string): Promise<DeskProcess> {
  const running = await startBrowserMode(['--server', serverUrl, '--data', dataDir], { ...process.env, DUTYDESK_SERVER_TOKEN: token });
  return {
    ...running,
    rpc: <T>(method: string, input?: unknown) => callDesk<T>(running.url, method, input),
    kill9: () =>
      new Promise<void>((resolve) => {
        if (running.proc.exitCode !== null || running.proc.signalCode !== null) return resolve();
        running.proc.once('exit', () => resolve());
        running.proc.kill('SIGKILL');
      }),
  };
}
