/**
 * The Electron IPC channel names of the desk API contract. Kept apart from contract.ts because the
 * sandboxed preload may bundle nothing but this (it must not require zod): the preload's method
 * list comes from the contract at build time (electron.vite.config.ts), the names from here.
 */
export const IPC_CHANNEL_PREFIX = 'desk:';
/** the one channel the back end pushes DeskEvents on */
export const IPC_EVENT_CHANNEL = 'desk:event';

/** The channel a contract method is invoked on (`desk:<method>`). */
export function ipcMethodChannel(method: string): string {
  return `${IPC_CHANNEL_PREFIX}${method}`;
}
