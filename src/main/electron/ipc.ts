/**
 * The contract over Electron IPC: one handler per method, each checking that the call comes from
 * our own renderer frame and parsing its argument with the contract's schema (callRpc).
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { DESK_METHODS } from '@shared/contract';
import type { DeskBackend } from '@main/backend';
import { callRpc } from '@main/transports/rpc';

export function registerIpc(backend: DeskBackend, isOwnUrl: (url: string) => boolean): () => void {
  for (const method of DESK_METHODS) {
    ipcMain.handle(`desk:${method}`, async (event: IpcMainInvokeEvent, input: unknown) => {
      const frameUrl = event.senderFrame?.url ?? '';
      if (!isOwnUrl(frameUrl)) return { ok: false, error: { code: 'forbidden', message: `caller ${frameUrl} is not the desk` } };
      const result = await callRpc(backend.handlers, method, input);
      return result.ok ? { ok: true, value: result.value } : { ok: false, error: result.error };
    });
  }
  return () => DESK_METHODS.forEach((method) => ipcMain.removeHandler(`desk:${method}`));
}

export function forwardEvents(backend: DeskBackend, target: () => WebContents | null): () => void {
  return backend.subscribe((event) => {
    const wc = target();
    if (wc && !wc.isDestroyed()) wc.send('desk:event', event);
  });
}
