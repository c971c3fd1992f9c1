/**
 * The one API the renderer talks to: the Electron preload's `window.dutydesk` when present,
 * otherwise the browser-mode HTTP + WebSocket transport. Nothing else knows which one it is.
 */
import { DESK_METHODS, type DeskCalls } from '@shared/contract';
import type { DeskClient } from '@renderer/api/types';
import { takeAccessKey } from '@renderer/api/accessKey';
import { createHttpDeskApi } from '@renderer/api/httpDeskApi';
import { isDeskEvent } from '@renderer/api/eventSocket';

export type { DeskClient } from '@renderer/api/types';

let client: DeskClient | null = null;
let browserKey: string | null = null;

function sessionStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function getDeskApi(): DeskClient {
  if (client) return client;
  const bridged = window.dutydesk;
  if (bridged) {
    const calls = Object.fromEntries(DESK_METHODS.map((m) => [m, (input: unknown) => (bridged[m] as (i: unknown) => Promise<unknown>)(input)])) as DeskCalls;
    // the same guard as browser mode's event socket: the contract's DeskEvent schema, whichever transport
    client = { ...calls, subscribe: (l) => bridged.subscribe((event) => isDeskEvent(event) && l(event)), transport: 'ipc' };
    return client;
  }
  browserKey = takeAccessKey({
    href: window.location.href,
    storage: sessionStore(),
    replaceUrl: (url) => window.history.replaceState(window.history.state, '', url),
  });
  client = createHttpDeskApi({ href: window.location.href, key: browserKey });
  return client;
}

/** Whether browser mode started without an access key (every call will be refused). */
export function missingAccessKey(): boolean {
  return getDeskApi().transport === 'http' && !browserKey;
}
