/**
 * The preload: exposes the desk API contract to the sandboxed renderer as named functions only.
 * Never raw ipcRenderer. The method list is the contract's, written in at build time
 * (`__DESK_METHODS__`, electron.vite.config.ts): adding a method to the contract adds it here.
 * Type-only imports of the contract, so the CommonJS bundle requires nothing but electron.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { DeskApi, DeskEvent, DeskInput, DeskMethod, DeskOutput } from '@shared/contract';
import { IPC_EVENT_CHANNEL, ipcMethodChannel } from '@shared/ipc-channels';

type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

function call<M extends DeskMethod>(method: M): (input: DeskInput<M>) => Promise<DeskOutput<M>> {
  return async (input) => {
    const reply = (await ipcRenderer.invoke(ipcMethodChannel(method), input ?? {})) as Envelope;
    if (reply.ok) return reply.value as DeskOutput<M>;
    const err = new Error(`${reply.error.code}: ${reply.error.message}`);
    (err as Error & { code?: string }).code = reply.error.code;
    throw err;
  };
}

const calls = Object.fromEntries(__DESK_METHODS__.map((method) => [method, call(method)]));

const dutydesk = {
  ...calls,
  subscribe(listener: (event: DeskEvent) => void): () => void {
    const handler = (_event: unknown, payload: DeskEvent) => listener(payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
} as DeskApi;

contextBridge.exposeInMainWorld('dutydesk', dutydesk);
