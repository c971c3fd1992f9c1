/**
 * The contract over Electron IPC: one handler per method, each checking that the call comes from
 * the desk's own top frame in a window the desk made (checkSender, unit-tested electron-free) and
 * parsing its argument with the contract's zod schema (callRpc). A call with more than the one
 * argument the preload sends is refused.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { DESK_METHODS } from '@shared/contract';
import { IPC_EVENT_CHANNEL, ipcMethodChannel } from '@shared/ipc-channels';
import type { DeskBackend } from '@main/backend';
import { checkSender } from '@main/security/ipc-sender';
import { callRpc } from '@main/transports/rpc';

export function registerIpc(backend: DeskBackend, isOwnUrl: (url: string) => boolean): () => void {
  for (const method of DESK_METHODS) {
    ipcMain.handle(ipcMethodChannel(method), async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      const frame = event.senderFrame;
      // a BrowserWindow the desk's main process made (the main window, the hidden report window);
      // window.open is always denied and webviews refused, so the page cannot make one
      const fromOwnWindow = BrowserWindow.fromWebContents(event.sender) !== null;
      const verdict = checkSender(frame ? { url: frame.url, isTop: frame.parent === null } : null, isOwnUrl, fromOwnWindow);
      if (!verdict.ok) return { ok: false, error: verdict.error };
      if (args.length > 1) return { ok: false, error: { code: 'bad_request', message: `${method}: one argument expected, got ${args.length}` } };
      const result = await callRpc(backend.handlers, method, args[0]);
      return result.ok ? { ok: true, value: result.value } : { ok: false, error: result.error };
    });
  }
  return () => DESK_METHODS.forEach((method) => ipcMain.removeHandler(ipcMethodChannel(method)));
}

export function forwardEvents(backend: DeskBackend, target: () => WebContents | null): () => void {
  return backend.subscribe((event) => {
    const wc = target();
    if (wc && !wc.isDestroyed()) wc.send(IPC_EVENT_CHANNEL, event);
  });
}
