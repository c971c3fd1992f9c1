/**
 * Browser mode events: one WebSocket to /api/events, opened while anyone listens, reconnecting
 * with backoff. Messages are JSON DeskEvents.
 */
import { DeskEvent } from '@shared/contract';
import { backoffMs, type LinkListener, type LinkState } from '@renderer/api/link';

type EventListener = (event: DeskEvent) => void;

/** A message from the back end is a DeskEvent exactly when the contract's schema says so. */
export function isDeskEvent(value: unknown): value is DeskEvent {
  return DeskEvent.safeParse(value).success;
}

export class EventSocket {
  private readonly listeners = new Set<EventListener>();
  private readonly linkListeners = new Set<LinkListener>();
  private socket: WebSocket | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private link: LinkState = { kind: 'connecting', attempt: 0 };

  constructor(private readonly url: () => string) {}

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.open();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.close();
    };
  }

  watchLink(listener: LinkListener): () => void {
    this.linkListeners.add(listener);
    listener(this.link);
    return () => this.linkListeners.delete(listener);
  }

  private setLink(link: LinkState): void {
    this.link = link;
    for (const l of this.linkListeners) l(link);
  }

  private open(): void {
    this.clearRetry();
    this.setLink({ kind: 'connecting', attempt: this.failures });
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url());
    } catch (err) {
      this.scheduleRetry(err instanceof Error ? err.message : String(err));
      return;
    }
    this.socket = socket;
    let lastError: string | null = null;
    socket.onopen = () => {
      this.failures = 0;
      this.setLink({ kind: 'up' });
    };
    socket.onmessage = (msg) => this.dispatch(msg.data);
    socket.onerror = () => {
      lastError = 'WebSocket error';
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      const reason = ev.reason || lastError || `closed (${ev.code})`;
      if (this.listeners.size > 0) this.scheduleRetry(reason);
    };
  }

  private dispatch(data: unknown): void {
    if (typeof data !== 'string') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    if (!isDeskEvent(parsed)) return;
    for (const l of this.listeners) {
      try {
        l(parsed);
      } catch (err) {
        console.error('desk event listener failed', err);
      }
    }
  }

  private scheduleRetry(error: string | null): void {
    this.failures += 1;
    const retryInMs = backoffMs(this.failures);
    this.setLink({ kind: 'down', attempt: this.failures, retryInMs, error });
    this.retryTimer = setTimeout(() => this.open(), retryInMs);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private close(): void {
    this.clearRetry();
    const s = this.socket;
    this.socket = null;
    s?.close();
  }
}
