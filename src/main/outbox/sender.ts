/**
 * Sends the outbox to the server, one command at a time, oldest first, until each is answered.
 * A lost ack or a dropped connection leaves the command pending; it is sent again with the same
 * mutationId and the server answers `duplicate` with the original outcome, so nothing is applied twice.
 * A rejection is recorded and shown, and never blocks the next command.
 */
import type { Socket } from 'socket.io-client';
import { CommandOutcome, ErrorReply, describeZodError, type ErrorBody } from '@shared/protocol';
import { shanghaiIso } from '@shared/time';
import type { OutboxCommand, OutboxStore } from './store';

export interface SenderHooks {
  /** a command got its final answer */
  onAnswered?: (command: OutboxCommand) => void;
  /** the token stopped working: stop sending until reconnected */
  onUnauthorized?: (error: ErrorBody) => void;
  onError?: (message: string) => void;
}

export class OutboxSender {
  private running = false;
  private again = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly outbox: OutboxStore,
    private readonly socket: () => Socket | null,
    private readonly ready: () => boolean,
    private readonly hooks: SenderHooks,
    private readonly timeoutMs = 15_000,
  ) {}

  /** Start draining if not already (safe to call often). */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private retryLater(ms: number): void {
    this.retryTimer ??= setTimeout(() => {
      this.retryTimer = null;
      this.kick();
    }, ms);
  }

  private async drain(): Promise<void> {
    for (;;) {
      const socket = this.socket();
      if (!socket?.connected || !this.ready()) return; // resumes on the next (re)connect
      const command = this.outbox.head();
      if (!command) return;
      this.outbox.markSent(command.seq);
      let reply: unknown;
      try {
        reply = await socket.timeout(this.timeoutMs).emitWithAck('command', { mutationId: command.mutationId, type: command.type, payload: command.payload });
      } catch {
        // no answer (lost ack, dropped connection): the command stays pending and goes again
        this.retryLater(1000);
        return;
      }
      if (!this.settle(command, reply)) return;
    }
  }

  /** Records the answer; false when sending must pause. */
  private settle(command: OutboxCommand, reply: unknown): boolean {
    const at = shanghaiIso(Date.now());
    const refused = ErrorReply.safeParse(reply);
    if (refused.success) {
      const error = refused.data.error;
      switch (error.code) {
        // mutation_conflict: the id was already used by another command (an outbox restored from an
        // older copy); this one was not applied, so it goes again under the next free id
        case 'mutation_gap':
        case 'mutation_conflict':
          if (typeof error.expected === 'number' && error.expected >= 1) {
            this.outbox.realign(command.seq, error.expected);
            return true;
          }
          this.hooks.onError?.(`${error.code} without an expected id: ${error.message}`);
          this.retryLater(5000);
          return false;
        case 'bad_request':
        case 'forbidden':
          // refused before use: the mutationId is free again and the next command takes it
          this.outbox.fail(command.seq, error, at);
          this.hooks.onAnswered?.(this.outbox.get(command.seq)!);
          return true;
        case 'unauthorized':
          this.hooks.onUnauthorized?.(error);
          return false;
        case 'rate_limited':
          // not sent: the same command goes again once the server's bucket has refilled
          this.retryLater(Math.max(1, error.retryAfter ?? 1) * 1000);
          return false;
        default:
          this.hooks.onError?.(`command ${command.mutationId}: ${error.code}: ${error.message}`);
          this.retryLater(5000);
          return false;
      }
    }
    const outcome = CommandOutcome.safeParse(reply);
    if (!outcome.success) {
      this.hooks.onError?.(`malformed command reply: ${describeZodError(outcome.error)}`);
      this.retryLater(5000);
      return false;
    }
    const o = outcome.data;
    if (o.status === 'applied') this.outbox.answer(command.seq, 'applied', o.version, null, at);
    else if (o.status === 'rejected') this.outbox.answer(command.seq, 'rejected', null, o.error, at);
    else this.outbox.answer(command.seq, o.original, o.version ?? null, o.error ?? null, at);
    this.hooks.onAnswered?.(this.outbox.get(command.seq)!);
    return true;
  }
}
