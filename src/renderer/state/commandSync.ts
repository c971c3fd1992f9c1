/**
 * The outbox's data flow: read `commands` at start and whenever the desk's pending count differs
 * from what is shown (a status event), apply each `command` event (an answer), re-read after the
 * event link comes back. Also the supervisor's actions (enqueue → pending at once) and verify.
 */
import type { CommandView } from '@shared/contract';
import type { DeskClient } from '@renderer/api/types';
import { describeError } from '@renderer/api/deskError';
import type { CommandStore } from '@renderer/state/commandStore';
import { singleFlight } from '@renderer/state/singleFlight';

const REREAD_MS = 250;
const POLL_MS = 5_000;

export function startCommandSync(api: DeskClient, store: CommandStore): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const read = singleFlight(async () => {
    if (stopped) return;
    try {
      const { commands } = await api.commands({ limit: 50 });
      if (stopped) return;
      store.load(commands);
      store.setProblem(null);
    } catch (err) {
      if (!stopped) store.setProblem(describeError(err));
    }
  }, () => schedule());

  function schedule(): void {
    timer ??= setTimeout(() => {
      timer = null;
      void read();
    }, REREAD_MS);
  }

  const unsubscribe = api.subscribe((event) => {
    if (event.type === 'command') store.upsert(event.command);
    else if (event.type === 'status' && event.status.pendingCommands !== store.pendingCount()) schedule();
  });
  const unwatch = api.watchLink?.((link) => {
    if (link.kind === 'up') schedule();
  });
  void read();
  const poll = setInterval(() => {
    if (store.pendingCount() > 0 || store.get().problem) void read();
  }, POLL_MS);

  return () => {
    stopped = true;
    clearInterval(poll);
    if (timer) clearTimeout(timer);
    unsubscribe();
    unwatch?.();
  };
}

/** Sends an action to the outbox; the command shows as pending at once. Throws the text to show on failure. */
export async function submitCommand(store: CommandStore, send: () => Promise<{ command: CommandView }>): Promise<CommandView> {
  try {
    const { command } = await send();
    store.upsert(command);
    return command;
  } catch (err) {
    throw new Error(describeError(err), { cause: err });
  }
}

/** Compares the replica's digest with the server's (the back end repairs a mismatch by re-pulling). */
export async function runVerify(api: Pick<DeskClient, 'verify'>, store: CommandStore, now: () => number = Date.now): Promise<void> {
  if (store.get().verify.kind === 'running') return;
  store.setVerify({ kind: 'running' });
  try {
    const result = await api.verify({});
    store.setVerify({ kind: 'done', result, at: now() });
  } catch (err) {
    store.setVerify({ kind: 'failed', error: describeError(err), at: now() });
  }
}
