/**
 * The auto-policy as a desk sees it (issue 14): the order server keeps the rules and acts by itself
 * (src/server/plans/auto-runner.ts), so the desk only
 * - reads the rules and runs the server syncs (entities `auto_rule`, `auto_run`, kept by the replica
 *   in other_rows), with the rule changes still waiting in this desk's outbox shown as set;
 * - changes a rule by sending `autoRule.set` through the outbox (supervisors; audited on the server);
 * - tells the supervisor when a run arrives (the `auto` event the renderer's notice listens to);
 * - moves an older desk's settings (auto-policy.json) to the server once, then renames the file.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { AUTO_RULE_ENTITY, AUTO_RUN_ENTITY, AutoRuleData, AutoRunData } from '@shared/auto-policy';
import { AutoPolicyFile, type AutoPolicy, type AutoRule, type AutoRun } from '@shared/plans';
import { AutoRuleSetPayload, describeZodError } from '@shared/protocol';

interface OtherRow {
  id: string;
  version: number;
  data: string;
}

/** The most runs the desk lists (newest first). */
const KEEP_RUNS = 100;
/** A run older than this (server clock) when it reaches the desk is history, not news: no notice. */
const NEWS_MS = 15 * 60_000;

function rowsOf<T>(sqlite: Database.Database, entity: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): Array<{ version: number; data: T }> {
  const out: Array<{ version: number; data: T }> = [];
  for (const row of sqlite.prepare<[string], OtherRow>('SELECT id, version, data FROM other_rows WHERE entity = ?').all(entity)) {
    let json: unknown;
    try {
      json = JSON.parse(row.data);
    } catch {
      continue;
    }
    const r = schema.safeParse(json);
    if (r.success) out.push({ version: row.version, data: r.data });
  }
  return out;
}

const toRun = (r: AutoRunData): AutoRun | null =>
  r.outcome === 'started' ? null : { at: r.at, plan: r.plan, incidentId: r.incidentId, title: r.title, cause: r.cause, actionId: r.actionId, moved: r.moved, outcome: r.outcome, detail: r.detail };

/** The rules (the server's, overlaid by `pending` autoRule.set payloads in send order) and the finished runs, newest first. */
export function readAutoPolicy(sqlite: Database.Database, pending: readonly Record<string, unknown>[]): AutoPolicy {
  const rules = new Map<string, AutoRule>();
  for (const { data } of rowsOf(sqlite, AUTO_RULE_ENTITY, AutoRuleData)) rules.set(data.cause, { cause: data.cause, enabled: data.enabled, plan: data.plan, maxJobs: data.maxJobs });
  for (const p of pending) {
    const r = AutoRuleSetPayload.safeParse(p);
    if (r.success) rules.set(r.data.cause, r.data);
  }
  const runs = rowsOf(sqlite, AUTO_RUN_ENTITY, AutoRunData)
    .flatMap(({ data }) => toRun(data) ?? [])
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.incidentId.localeCompare(b.incidentId)))
    .slice(0, KEEP_RUNS);
  return { rules: [...rules.values()].sort((a, b) => a.cause.localeCompare(b.cause)), runs };
}

/**
 * Announces each run that finishes after the desk started (an `auto_run` row whose version is newer
 * than any seen, with an outcome), unless it is old news (a desk catching up after a night off).
 */
export class AutoRunWatcher {
  private seen: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sqlite: () => Database.Database,
    private readonly now: () => number,
    private readonly announce: (run: AutoRun) => void,
    everyMs = 1000,
  ) {
    this.seen = this.maxVersion();
    this.timer = setInterval(() => this.check(), everyMs);
    this.timer.unref();
  }

  private maxVersion(): number {
    try {
      return this.sqlite().prepare<[string], { v: number | null }>('SELECT MAX(version) AS v FROM other_rows WHERE entity = ?').get(AUTO_RUN_ENTITY)?.v ?? 0;
    } catch {
      return 0; // the replica is being replaced
    }
  }

  check(): void {
    let rows: OtherRow[];
    try {
      rows = this.sqlite().prepare<[string, number], OtherRow>('SELECT id, version, data FROM other_rows WHERE entity = ? AND version > ? ORDER BY version').all(AUTO_RUN_ENTITY, this.seen);
    } catch {
      return;
    }
    for (const row of rows) {
      this.seen = Math.max(this.seen, row.version);
      const r = AutoRunData.safeParse(JSON.parse(row.data));
      const run = r.success ? toRun(r.data) : null;
      if (run && this.now() - Date.parse(run.at) <= NEWS_MS) this.announce(run);
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}

/**
 * auto-policy.json (the desk's own rules before issue 14) → autoRule.set commands, once: the rules
 * go to the outbox first, then the file is renamed auto-policy.json.migrated (a crash between the
 * two sends them again, which sets the same rules). Returns how many rules were sent.
 */
export function migrateAutoPolicyFile(dataDir: string, send: (payload: AutoRuleSetPayload, label: string) => void): number {
  const file = join(dataDir, 'auto-policy.json');
  if (!existsSync(file)) return 0;
  let sent = 0;
  try {
    const r = AutoPolicyFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!r.success) console.error(`DutyDesk: ${file}: ${describeZodError(r.error)}; its rules are not moved to the server`);
    for (const rule of r.success ? r.data.rules : []) {
      const p = AutoRuleSetPayload.safeParse({ cause: rule.cause, enabled: rule.enabled, plan: rule.plan, maxJobs: rule.maxJobs });
      if (!p.success) {
        console.error(`DutyDesk: ${file}: rule ${rule.cause}: ${describeZodError(p.error)}; not moved to the server`);
        continue;
      }
      send(p.data, `自动策略迁移 · ${p.data.cause}`);
      sent++;
    }
  } catch (err) {
    console.error(`DutyDesk: ${file} is not JSON (${(err as Error).message}); its rules are not moved to the server`);
  }
  renameSync(file, `${file}.migrated`);
  return sent;
}
