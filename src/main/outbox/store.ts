/**
 * The outbox store: commands in the supervisor's order, each answered exactly once by the server.
 * All state changes are single transactions on a synchronous=FULL file, so a `kill -9` at any point
 * leaves either the old or the new state, never a command without its mutationId or an id used twice.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ErrorBody } from '@shared/protocol';
import { openSqlite, type OpenSqlite } from '@main/db/open-sqlite';
import * as schema from './schema';

export type CommandState = 'pending' | 'applied' | 'rejected' | 'failed';

export interface OutboxCommand {
  seq: number;
  mutationId: number | null;
  type: string;
  payload: Record<string, unknown>;
  label: string;
  createdAt: string;
  state: CommandState;
  sendCount: number;
  version: number | null;
  error: ErrorBody | null;
  answeredAt: string | null;
}

interface CommandRow {
  seq: number;
  mutation_id: number | null;
  type: string;
  payload: string;
  label: string;
  created_at: string;
  state: CommandState;
  send_count: number;
  version: number | null;
  error: string | null;
  answered_at: string | null;
}

const toCommand = (r: CommandRow): OutboxCommand => ({
  seq: r.seq,
  mutationId: r.mutation_id,
  type: r.type,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
  label: r.label,
  createdAt: r.created_at,
  state: r.state,
  sendCount: r.send_count,
  version: r.version,
  error: r.error ? (JSON.parse(r.error) as ErrorBody) : null,
  answeredAt: r.answered_at,
});

export class OutboxStore {
  readonly open: OpenSqlite<typeof schema>;
  private readonly sqlite: Database.Database;
  private readonly s;

  constructor(file: string) {
    this.open = openSqlite(file, 'outbox', schema);
    this.sqlite = this.open.sqlite;
    const q = this.sqlite;
    this.s = {
      getMeta: q.prepare<[string], { value: string }>('SELECT value FROM outbox_meta WHERE key = ?'),
      setMeta: q.prepare('INSERT INTO outbox_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      insert: q.prepare("INSERT INTO commands (type, payload, label, created_at, state) VALUES (?, ?, ?, ?, 'pending')"),
      head: q.prepare<[], CommandRow>("SELECT * FROM commands WHERE state = 'pending' ORDER BY seq LIMIT 1"),
      pending: q.prepare<[], CommandRow>("SELECT * FROM commands WHERE state = 'pending' ORDER BY seq"),
      pendingCount: q.prepare<[], { n: number }>("SELECT count(*) AS n FROM commands WHERE state = 'pending'"),
      bySeq: q.prepare<[number], CommandRow>('SELECT * FROM commands WHERE seq = ?'),
      byMutation: q.prepare<[number], CommandRow>('SELECT * FROM commands WHERE mutation_id = ?'),
      recent: q.prepare<[number], CommandRow>('SELECT * FROM commands ORDER BY seq DESC LIMIT ?'),
      assign: q.prepare('UPDATE commands SET mutation_id = ? WHERE seq = ?'),
      sent: q.prepare('UPDATE commands SET send_count = send_count + 1 WHERE seq = ?'),
      answer: q.prepare('UPDATE commands SET state = ?, version = ?, error = ?, answered_at = ? WHERE seq = ?'),
      release: q.prepare("UPDATE commands SET state = 'failed', mutation_id = NULL, error = ?, answered_at = ? WHERE seq = ?"),
    };
  }

  close(): void {
    this.sqlite.close();
  }

  private meta(key: string): string | null {
    return this.s.getMeta.get(key)?.value ?? null;
  }

  /** This desk's persistent client id (the protocol's `clientId`). */
  clientId(): string {
    const existing = this.meta('clientId');
    if (existing) return existing;
    const id = `desk-${randomUUID()}`;
    this.s.setMeta.run('clientId', id);
    return id;
  }

  /** The mutationId the next command will get. */
  nextMutationId(): number {
    return Number(this.meta('nextMutationId') ?? 1);
  }

  /** Writes a command; it is durable when this returns. */
  enqueue(type: string, payload: Record<string, unknown>, label: string, at: string): OutboxCommand {
    const info = this.s.insert.run(type, JSON.stringify(payload), label, at);
    return toCommand(this.s.bySeq.get(Number(info.lastInsertRowid))!);
  }

  /**
   * The oldest pending command, with its mutationId assigned (and durable) if it had none. Only this
   * command is ever in flight, so ids go out strictly in order with no gap.
   */
  head(): OutboxCommand | null {
    return this.sqlite.transaction(() => {
      const row = this.s.head.get();
      if (!row) return null;
      if (row.mutation_id === null) {
        const id = this.nextMutationId();
        this.s.assign.run(id, row.seq);
        this.s.setMeta.run('nextMutationId', String(id + 1));
        row.mutation_id = id;
      }
      return toCommand(row);
    })();
  }

  markSent(seq: number): void {
    this.s.sent.run(seq);
  }

  /** The server answered: applied (or duplicate of applied) or rejected (or duplicate of rejected). */
  answer(seq: number, state: 'applied' | 'rejected', version: number | null, error: ErrorBody | null, at: string): void {
    this.s.answer.run(state, version, error ? JSON.stringify(error) : null, at, seq);
  }

  /** Refused without using up the mutationId (bad_request, forbidden): free the id for the next command. */
  fail(seq: number, error: ErrorBody, at: string): void {
    this.sqlite.transaction(() => {
      const row = this.s.bySeq.get(seq);
      if (!row) return;
      this.s.release.run(JSON.stringify(error), at, seq);
      if (row.mutation_id !== null && row.mutation_id === this.nextMutationId() - 1) this.s.setMeta.run('nextMutationId', String(row.mutation_id));
    })();
  }

  /** The server says it expects `expected` next: align (only ever lowers to an id we hold, or raises past ids it has). */
  realign(seq: number, expected: number): void {
    this.sqlite.transaction(() => {
      this.s.assign.run(null, seq);
      this.s.setMeta.run('nextMutationId', String(expected));
    })();
  }

  pendingCount(): number {
    return this.s.pendingCount.get()!.n;
  }

  pending(): OutboxCommand[] {
    return this.s.pending.all().map(toCommand);
  }

  get(seq: number): OutboxCommand | null {
    const row = this.s.bySeq.get(seq);
    return row ? toCommand(row) : null;
  }

  byMutationId(mutationId: number): OutboxCommand | null {
    const row = this.s.byMutation.get(mutationId);
    return row ? toCommand(row) : null;
  }

  recent(limit = 50): OutboxCommand[] {
    return this.s.recent.all(limit).map(toCommand);
  }
}
