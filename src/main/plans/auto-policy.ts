/**
 * The auto-policy (issue 6, item 7): per incident cause, an opt-in rule that applies plan A by itself
 * when such an incident appears, and tells the supervisor. Off for every cause until switched on.
 * Each automatic action goes through the same outbox command as a click (so it is in the server's
 * audit trail and undoable), and the incident moves to `handling`. An incident is acted on once:
 * the handled ones are kept in auto-policy.json with the rules, so a restart does not act again.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AutoPolicy, AutoRun } from '@shared/plans';
import { AutoPolicyFile } from '@shared/plans';
import { describeZodError } from '@shared/protocol';
import { shanghaiIso } from '@shared/time';
import type { IncidentLine } from '@shared/war-room';

export interface AutoPilotDeps {
  dataDir: string;
  /** the current incident lines */
  incidents: () => IncidentLine[];
  /** plans for an incident, then apply plan A: resolves to the action id and jobs moved, or null when A moves nothing */
  applyPlanA: (incidentId: string, label: string) => Promise<{ actionId: string; moved: number } | null>;
  markHandling: (incidentId: string) => void;
  now: () => number;
  announce: (run: AutoRun) => void;
}

const EMPTY: AutoPolicyFile = { version: 1, rules: [], handled: [], runs: [] };
const KEEP_RUNS = 100;

export class AutoPilot {
  private state: AutoPolicyFile;
  private running: Promise<void> | null = null;
  private readonly file: string;

  constructor(private readonly d: AutoPilotDeps) {
    this.file = join(d.dataDir, 'auto-policy.json');
    this.state = readPolicy(this.file);
  }

  policy(): AutoPolicy {
    return { rules: this.state.rules, runs: [...this.state.runs].reverse() };
  }

  setRule(cause: string, enabled: boolean, maxJobs: number): AutoPolicy {
    const rules = this.state.rules.filter((r) => r.cause !== cause);
    rules.push({ cause, enabled, maxJobs, plan: 'A' });
    // switching a rule on acts on new incidents only: the ones open now are the supervisor's call
    const handled = enabled ? [...new Set([...this.state.handled, ...this.d.incidents().filter((i) => i.cause === cause).map((i) => i.id)])] : this.state.handled;
    this.state = { ...this.state, rules: rules.sort((a, b) => a.cause.localeCompare(b.cause)), handled };
    this.save();
    return this.policy();
  }

  /** Looks for new incidents an enabled rule covers and acts on each once (one pass at a time). */
  check(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<void> {
    const enabled = new Map(this.state.rules.filter((r) => r.enabled).map((r) => [r.cause, r]));
    if (enabled.size === 0) return;
    for (const incident of this.d.incidents()) {
      const rule = enabled.get(incident.cause);
      if (!rule || incident.state !== 'new' || this.state.handled.includes(incident.id)) continue;
      this.state = { ...this.state, handled: [...this.state.handled, incident.id] };
      this.save(); // before acting: a crash mid-way must not act twice
      const at = shanghaiIso(this.d.now());
      let run: AutoRun;
      try {
        if (incident.jobIds.length > rule.maxJobs) {
          run = { at, incidentId: incident.id, title: incident.title, cause: incident.cause, actionId: null, moved: 0, outcome: 'skipped', detail: `${incident.jobIds.length} jobs > limit ${rule.maxJobs}` };
        } else {
          const applied = await this.d.applyPlanA(incident.id, `自动 · 方案A · ${incident.title}`);
          if (applied) this.d.markHandling(incident.id);
          run = applied
            ? { at, incidentId: incident.id, title: incident.title, cause: incident.cause, actionId: applied.actionId, moved: applied.moved, outcome: 'applied', detail: null }
            : { at, incidentId: incident.id, title: incident.title, cause: incident.cause, actionId: null, moved: 0, outcome: 'skipped', detail: 'plan A moves nothing' };
        }
      } catch (err) {
        run = { at, incidentId: incident.id, title: incident.title, cause: incident.cause, actionId: null, moved: 0, outcome: 'failed', detail: (err as Error).message };
      }
      this.state = { ...this.state, runs: [...this.state.runs, run].slice(-KEEP_RUNS) };
      this.save();
      this.d.announce(run);
    }
  }

  private save(): void {
    try {
      writeFileSync(`${this.file}.tmp`, JSON.stringify(this.state, null, 1), { mode: 0o600 });
      renameSync(`${this.file}.tmp`, this.file);
    } catch (err) {
      console.error(`DutyDesk: could not save ${this.file}: ${(err as Error).message}`);
    }
  }
}

function readPolicy(file: string): AutoPolicyFile {
  if (!existsSync(file)) return EMPTY;
  try {
    const r = AutoPolicyFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (r.success) return r.data;
    console.error(`DutyDesk: ${file}: ${describeZodError(r.error)}; every auto-policy rule is off`);
  } catch (err) {
    console.error(`DutyDesk: ${file} is not JSON (${(err as Error).message}); every auto-policy rule is off`);
  }
  return EMPTY;
}
