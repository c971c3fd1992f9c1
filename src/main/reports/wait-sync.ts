/** Waits until a fresh back end has caught up with the server, or says in one line why it cannot. */
import type { DeskBackend } from '@main/backend';

export class SyncFailure extends Error {}

export async function waitForReplica(backend: DeskBackend, serverUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await backend.handlers.status({});
    if (s.state === 'unauthorized' || s.state === 'forbidden') throw new SyncFailure(`the server ${serverUrl} refused the token (${s.state})`);
    if (s.state === 'protocol_mismatch') throw new SyncFailure(`the server ${serverUrl} speaks another protocol version`);
    if (s.state === 'offline' && s.lastError) throw new SyncFailure(`cannot reach the server ${serverUrl}: ${s.lastError.replace(/^cannot reach \S+: /, '')}`);
    if (s.state === 'live' && s.head > 0 && s.checkpoint >= s.head) return;
    if (Date.now() > deadline) throw new SyncFailure(`timed out syncing from ${serverUrl} (at version ${s.checkpoint} of ${s.head})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
