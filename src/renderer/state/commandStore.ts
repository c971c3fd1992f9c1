/**
 * The outbox as the war room shows it: the commands (pending first), the notices of rejected or
 * failed ones (kept until the supervisor dismisses them), the ids of the rows named by pending
 * commands (the pending overlay), and the last verify. The replica itself only holds the server's truth.
 */
import { useSyncExternalStore } from 'react';
import type { CommandView, VerifyResult } from '@shared/contract';

export type VerifyView =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'done'; result: VerifyResult; at: number }
  | { kind: 'failed'; error: string; at: number };

export interface CommandState {
  /** by seq, newest first */
  commands: readonly CommandView[];
  notices: readonly CommandView[];
  pendingOrderIds: ReadonlySet<string>;
  pendingJobIds: ReadonlySet<string>;
  verify: VerifyView;
  problem: string | null;
}

const ANSWERED = new Set(['applied', 'rejected', 'failed']);
const KEEP = 100;

/** Pending first, then the newest answered ones. */
export function orderCommands(list: Iterable<CommandView>): CommandView[] {
  return [...list].sort((a, b) => (a.state === 'pending') === (b.state === 'pending') ? b.seq - a.seq : a.state === 'pending' ? -1 : 1).slice(0, KEEP);
}

export function pendingRows(list: readonly CommandView[]): { orders: Set<string>; jobs: Set<string> } {
  const orders = new Set<string>();
  const jobs = new Set<string>();
  for (const c of list) {
    if (c.state !== 'pending') continue;
    for (const id of c.orderIds) orders.add(id);
    for (const id of c.jobIds) jobs.add(id);
  }
  return { orders, jobs };
}

export class CommandStore {
  private state: CommandState = { commands: [], notices: [], pendingOrderIds: new Set(), pendingJobIds: new Set(), verify: { kind: 'idle' }, problem: null };
  private readonly listeners = new Set<() => void>();
  /** order numbers of orders acted on here (a notice names rows by number, not by id) */
  readonly orderNos = new Map<string, string>();

  get = (): CommandState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<CommandState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private setCommands(list: CommandView[]): void {
    const { orders, jobs } = pendingRows(list);
    this.set({ commands: list, pendingOrderIds: orders, pendingJobIds: jobs });
  }

  /**
   * A full read of the outbox. An answer already held is never taken back to pending by an older
   * read; a command held as pending that the read shows rejected or failed raises its notice (its
   * event may have been missed while the link was down).
   */
  load(list: readonly CommandView[]): void {
    const bySeq = new Map(this.state.commands.map((c) => [c.seq, c]));
    const raised: CommandView[] = [];
    for (const c of list) {
      const held = bySeq.get(c.seq);
      if (held && ANSWERED.has(held.state) && c.state === 'pending') continue;
      if (held?.state === 'pending' && (c.state === 'rejected' || c.state === 'failed')) raised.push(c);
      bySeq.set(c.seq, c);
    }
    this.setCommands(orderCommands(bySeq.values()));
    for (const c of raised) this.notice(c);
  }

  /** One command: just enqueued (pending) or just answered (an event). Rejected or failed ones raise a notice. */
  upsert(c: CommandView): void {
    const held = this.state.commands.find((x) => x.seq === c.seq);
    if (held && ANSWERED.has(held.state) && c.state === 'pending') return;
    this.setCommands(orderCommands([c, ...this.state.commands.filter((x) => x.seq !== c.seq)]));
    if (c.state === 'rejected' || c.state === 'failed') this.notice(c);
  }

  private notice(c: CommandView): void {
    if (this.state.notices.some((n) => n.seq === c.seq)) return;
    this.set({ notices: [c, ...this.state.notices].slice(0, 5) });
  }

  dismiss(seq: number): void {
    this.set({ notices: this.state.notices.filter((n) => n.seq !== seq) });
  }

  pendingCount(): number {
    return this.state.commands.filter((c) => c.state === 'pending').length;
  }

  setVerify(verify: VerifyView): void {
    this.set({ verify });
  }

  setProblem(problem: string | null): void {
    if (problem !== this.state.problem) this.set({ problem });
  }
}

export const commandStore = new CommandStore();

export function useCommands<T>(select: (s: CommandState) => T, store: CommandStore = commandStore): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
