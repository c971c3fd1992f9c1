/** The desk back end as a real process (browser mode), driven over its HTTP API with the access key. */
import { startBrowserMode, type Running } from './processes';

export interface DeskProcess extends Running {
  rpc<T = unknown>(method: string, input?: unknown): Promise<T>;
  kill9(): Promise<void>;
}

export async function startDeskProcess(serverUrl: string, token: string, dataDir: string): Promise<DeskProcess> {
  const running = await startBrowserMode(['--server', serverUrl, '--data', dataDir], { ...process.env, DUTYDESK_SERVER_TOKEN: token });
  const url = new URL(running.url);
  const key = url.searchParams.get('key')!;
  return {
    ...running,
    async rpc<T>(method: string, input: unknown = {}): Promise<T> {
      const res = await fetch(`${url.origin}/api/rpc/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      });
      const body = (await res.json()) as T & { error?: { code: string; message: string } };
      if (!res.ok) throw new Error(`${method}: ${res.status} ${body.error?.code}: ${body.error?.message}`);
      return body;
    },
    kill9: () =>
      new Promise<void>((resolve) => {
        if (running.proc.exitCode !== null || running.proc.signalCode !== null) return resolve();
        running.proc.once('exit', () => resolve());
        running.proc.kill('SIGKILL');
      }),
  };
}
