/**
 * A floor client's write that survives a dropped connection (the simulator's and the tests'
 * floor clients). HTTP lets either side close a keep-alive connection at any moment, so a request
 * written onto a pooled connection the server has just closed (a restart, an idle timeout) fails
 * with no answer, and the client cannot know whether it was applied. Each write therefore carries
 * one Idempotency-Key, and a failure before any answer is retried with that same key: the server
 * applies it once and answers a retry with the original answer (protocol.md, "Idempotency keys").
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryOptions {
  /** tries in all (default 4) */
  attempts?: number;
  /** wait before the first retry, doubled for each next one (default 50 ms) */
  backoffMs?: number;
}

/** fetch(url, init) with a fresh Idempotency-Key, retried with that key while no answer comes; init.signal stops both. */
export async function retryingWrite(url: string, init: RequestInit, options: RetryOptions = {}): Promise<Response> {
  const attempts = options.attempts ?? 4;
  const signal = init.signal ?? undefined;
  const headers = new Headers(init.headers);
  if (!headers.has('idempotency-key')) headers.set('idempotency-key', randomUUID());
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, { ...init, headers });
    } catch (err) {
      // fetch rejects only when no answer came (refused, reset, closed, aborted)
      if (signal?.aborted || attempt >= attempts) throw err;
      await sleep((options.backoffMs ?? 50) * 2 ** (attempt - 1), undefined, { signal });
    }
  }
}
