/**
 * Scenario events that start after the simulation start, fired on the server clock by the live
 * simulator through the floor API like any scanner: crews report leave, hit orders get their
 * cause tag, and orders a fault holds (a stopped line, a stopped carrier) wait for its end.
 * Which events fired is kept in meta so a restart does not fire them twice.
 */
import { eq } from 'drizzle-orm';
import { addDays, shanghaiDate } from '@shared/time';
import { getMeta, setMeta } from '@server/db/meta';
import type { ServerDb } from '@server/db/open';
import { crews, orders } from '@server/db/schema';
import { causeIfHit, noteFor, outageOf, stagesHit, windowOf, type Scenario, type ScenarioEvent } from '@server/simulator/scenario';

const PAGE = 200;

export type FloorCall = (method: string, path: string, body?: unknown) => Promise<{ status: number; body?: unknown }>;

const FIRED_KEY = 'simScenarioFired';

export class ScenarioRunner {
  private readonly fired: Set<number>;

  constructor(
    private readonly db: ServerDb,
    readonly scenario: Scenario,
    private readonly startMs: number,
  ) {
    const saved = getMeta(db, FIRED_KEY);
    this.fired = new Set(saved ? (JSON.parse(saved) as number[]) : scenario.events.map((e, i) => (e.atHours <= 0 ? i : -1)).filter((i) => i >= 0));
  }

  /** Until when an active fault holds this order (epoch ms), or 0. */
  holdUntil(orderId: string, now: number): number {
    const o = this.db.select().from(orders).where(eq(orders.id, orderId)).get();
    if (!o) return 0;
    let until = 0;
    for (const e of this.scenario.events) {
      if (e.kind === 'crews_on_leave') continue;
      const w = windowOf(e, this.startMs);
      if (w.from <= now && now < w.to && causeIfHit(e, o, new Set())) until = Math.max(until, w.to);
    }
    return until;
  }

  /** Fires every event whose start has passed and that has not fired yet. */
  async fireDue(now: number, call: FloorCall): Promise<number> {
    let n = 0;
    for (const [i, e] of this.scenario.events.entries()) {
      if (this.fired.has(i) || windowOf(e, this.startMs).from > now) continue;
      this.fired.add(i);
      setMeta(this.db, FIRED_KEY, JSON.stringify([...this.fired]));
      await this.fire(e, call);
      n++;
    }
    return n;
  }

  private async fire(e: ScenarioEvent, call: FloorCall): Promise<void> {
    // the outage first, as the carrier's or the workshop's desk would report it (issue 14); the
    // server tags every order the report holds in the same write, so there is nothing left to tag
    const outage = outageOf(e, this.startMs);
    if (outage?.kind === 'carrier' && (await call('POST', `/api/v1/carriers/${encodeURIComponent(outage.carrier)}/stoppages`, outage.stoppage)).status === 200) return;
    if (outage?.kind === 'line' && (await call('POST', `/api/v1/lines/${encodeURIComponent(outage.line)}/down`, outage.down)).status === 200) return;
    const leave = new Set<string>();
    if (e.kind === 'crews_on_leave') {
      const from = shanghaiDate(windowOf(e, this.startMs).from);
      for (const c of this.db.select({ id: crews.id, district: crews.district }).from(crews).all()) {
        if (c.district !== e.district) continue;
        leave.add(c.id);
        await call('POST', `/api/v1/crews/${encodeURIComponent(c.id)}/unavailable`, { from, to: addDays(from, e.days - 1), reason: e.reason });
      }
    }
    for (const stage of stagesHit(e)) {
      // pages of a floor token's size (GET /api/v1/orders allows it at most 200)
      for (let after = ''; ; ) {
        const r = await call('GET', `/api/v1/orders?stage=${stage}&limit=${PAGE}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
        const list = (r.body as { orders?: (Parameters<typeof causeIfHit>[1] & { id: string; causes: string[] })[] })?.orders ?? [];
        for (const o of list) {
          const cause = causeIfHit(e, o, leave);
          if (cause) await call('POST', `/api/v1/orders/${encodeURIComponent(o.id)}/causes`, { cause, note: noteFor(e) });
        }
        if (list.length < PAGE) break;
        after = list[list.length - 1]!.id;
      }
    }
  }
}
