/**
 * The live floor: new orders at peak rate and orders advancing when their dwell elapses, on the
 * server clock. It is a client like any workshop: every write goes through the HTTP floor API
 * with its own floor token. It learns about orders (its own and anyone's) from the commits.
 * Bounded work per tick; stop() waits for the tick in flight.
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import { addDays, shanghaiDate } from '@shared/time';
import type { Clock } from '@server/clock';
import { setMeta } from '@server/db/meta';
import { crews, orders } from '@server/db/schema';
import type { Writer } from '@server/db/writer';
import { retryingWrite } from '@server/floor/retrying-write';
import { causeFor, dwellMs } from '@server/simulator/dwell';
import { DueHeap } from '@server/simulator/heap';
import { CARRIERS, DESIGNERS, lineFor, WORKSHOPS } from '@server/simulator/people';
import { Rng } from '@server/simulator/prng';
import { evidenceFor } from '@server/simulator/evidence';
import type { ScenarioRunner } from '@server/simulator/scenario-live';
import { PromotionDesk, type PromoTruth } from '@server/simulator/promotions';
import { sale } from '@server/simulator/sales';
import { readTemplates } from '@server/promotions/read';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const STUCK_CAUSES = ['machine_fault', 'logistics', 'installer_shortage'];
/** how many promotion truths the live simulator keeps (the latest; for tests and evaluation) */
const PROMO_TRUTH_KEPT = 100_000;

export interface LiveOptions {
  baseUrl: string;
  token: string;
  writer: Writer;
  clock: Clock;
  seed: number;
  tickMs?: number;
  maxRequestsPerTick?: number;
  /** new orders per simulated day (peak: 2,136) */
  ordersPerDay?: number;
  /** crews reporting leave per simulated day */
  leavesPerDay?: number;
  /** the fault scenario's later events */
  scenario?: ScenarioRunner | null;
}

interface Plan {
  stage: number;
  due: number;
}

export class LiveSimulator {
  private readonly rng: Rng;
  private readonly plans = new Map<string, Plan>();
  private readonly heap = new DueHeap<Plan & { id: string }>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private stopped = false;
  private lastTick = 0;
  private orderDebt = 0;
  private seq = 0;
  private offCommit: () => void = () => {};
  private promotions: PromotionDesk | null = null;
  /** each created order's promotion as entered, mistakes included (issue 20), by orderNo: for evaluation, never sent */
  readonly promoTruth = new Map<string, PromoTruth>();
  /** requests made, for tests and logs */
  requests = 0;
  errors = 0;

  constructor(private readonly o: LiveOptions) {
    this.rng = new Rng(o.seed ^ 0x5eed);
  }

  start(): void {
    const db = this.o.writer.db;
    const now = this.o.clock.now();
    this.lastTick = now;
    this.seq = (db.select({ n: sql<number>`count(*)` }).from(orders).get()?.n ?? 0) + 1;
    // the templates the server holds at start (a template edited later reaches the next start)
    this.promotions = new PromotionDesk(this.o.seed, readTemplates(db));
    for (const r of db.select({ id: orders.id, stage: orders.stage, at: orders.stageEnteredAt, causes: orders.causes }).from(orders).where(and(eq(orders.deleted, false), lt(orders.stage, 12))).all()) {
      let due = Date.parse(r.at) + dwellMs(this.rng, r.stage);
      if (due < now) {
        const stuck = r.causes.some((c) => STUCK_CAUSES.includes(c));
        due = now + (stuck ? this.rng.range(2, 10) : this.rng.range(0.1, 3)) * HOUR;
      }
      this.schedule(r.id, r.stage, due);
    }
    this.offCommit = this.o.writer.onCommit((push) => {
      for (const c of push.changes) {
        if (c.entity !== 'order' || !c.data) continue;
        const stage = Number(c.data.stage);
        if (stage >= 12 || c.deleted) {
          this.plans.delete(c.id);
          continue;
        }
        if (this.plans.get(c.id)?.stage === stage) continue;
        this.schedule(c.id, stage, Date.parse(String(c.data.stageEnteredAt)) + dwellMs(this.rng, stage));
      }
    });
    this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
    this.offCommit();
    await this.inFlight?.catch(() => undefined);
  }

  private loop(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.tick().catch((err: unknown) => {
        if (!this.stopped) console.error('simulator tick failed:', err);
      });
      void this.inFlight.finally(() => this.loop());
    }, this.o.tickMs ?? 250);
  }

  private schedule(id: string, stage: number, due: number): void {
    const plan = { stage, due };
    this.plans.set(id, plan);
    this.heap.push({ id, ...plan });
  }

  async tick(): Promise<void> {
    const now = this.o.clock.now();
    setMeta(this.o.writer.db, 'simClock', String(now));
    let budget = this.o.maxRequestsPerTick ?? 60;
    const elapsedDays = Math.max(0, now - this.lastTick) / DAY;
    this.lastTick = now;
    this.orderDebt = Math.min(this.orderDebt + elapsedDays * (this.o.ordersPerDay ?? 2136), budget * 4);
    while (this.orderDebt >= 1 && budget > 0 && !this.stopped) {
      this.orderDebt--;
      budget--;
      await this.createOrder(now);
    }
    while (budget > 0 && !this.stopped) {
      const top = this.heap.peek();
      if (!top || top.due > now) break;
      this.heap.pop();
      const plan = this.plans.get(top.id);
      if (!plan || plan.stage !== top.stage || plan.due !== top.due) continue; // stale
      budget--;
      await this.advance(top.id, top.stage, now);
    }
    if (!this.stopped && budget > 0 && this.rng.chance(elapsedDays * (this.o.leavesPerDay ?? 1.5))) await this.reportLeave(now);
    if (!this.stopped && this.o.scenario) await this.o.scenario.fireDue(now, (m, p, b) => this.call(m, p, b));
  }

  private async createOrder(now: number): Promise<void> {
    const desk = this.promotions ?? new PromotionDesk(this.o.seed, []);
    const s = sale(this.rng, desk, this.seq++, now);
    for (const [i, body] of s.bodies.entries()) {
      const r = await this.call('POST', '/api/v1/orders', body);
      if (r.status === 409) {
        this.seq += 1000; // someone else took the number: jump ahead
        return;
      }
      const truth = s.truth[i];
      if (r.status !== 201 || !truth) continue;
      this.promoTruth.set(truth.orderNo, truth);
      if (this.promoTruth.size > PROMO_TRUTH_KEPT) this.promoTruth.delete(this.promoTruth.keys().next().value!);
    }
  }

  private async advance(id: string, stage: number, now: number): Promise<void> {
    const held = this.o.scenario?.holdUntil(id, now) ?? 0;
    if (held > now) {
      this.schedule(id, stage, held + this.rng.range(0.5, 6) * HOUR);
      return;
    }
    const next = stage + 1;
    const fields: Record<string, string> = {};
    if (next === 2) fields.designer = this.rng.pick(DESIGNERS);
    if (next === 4) {
      const w = this.rng.pick(WORKSHOPS);
      fields.workshop = w.workshop;
      fields.line = lineFor(this.rng, w.workshop, 4);
    }
    // each production stage on a line of its kind in the order's workshop (开料, 封边, 钻孔, 包装)
    if (next >= 5 && next <= 7) {
      const workshop = this.orderFacts(id)?.workshop;
      if (workshop) fields.line = lineFor(this.rng, workshop, next);
    }
    // the warehouse books the carrier as the order is packed (8): a shipment not yet collected;
    // the waybill comes with the pick-up (9)
    if (next === 8) fields.carrier = this.rng.pick(CARRIERS).name;
    if (next === 9) {
      const booked = CARRIERS.find((c) => c.name === this.orderFacts(id)?.carrier);
      const c = booked ?? this.rng.pick(CARRIERS);
      if (!booked) fields.carrier = c.name;
      fields.waybill = `${c.prefix}${this.rng.digits(12)}`;
    }
    const evidence = evidenceFor(this.rng, next);
    const r = await this.call('POST', `/api/v1/orders/${encodeURIComponent(id)}/advance`, { stage: next, ...(Object.keys(fields).length ? { fields } : {}), ...(evidence ? { evidence } : {}) });
    if (r.status === 409 && r.code === 'no_crew') {
      await this.call('POST', `/api/v1/orders/${encodeURIComponent(id)}/causes`, { cause: 'installer_shortage', note: '无可用安装队' });
      this.schedule(id, stage, now + this.rng.range(6, 12) * HOUR);
      return;
    }
    if (r.status !== 200) return;
    if (next < 12 && this.rng.chance(0.03)) {
      const cause = causeFor(this.rng, next);
      const t = await this.call('POST', `/api/v1/orders/${encodeURIComponent(id)}/causes`, { cause });
      if (t.status === 200) this.schedule(id, next, now + dwellMs(this.rng, next, true));
    }
  }

  /** What the floor knows of an order it handles (the simulator runs in the server's process). */
  private orderFacts(id: string): { workshop: string | null; carrier: string | null } | undefined {
    return this.o.writer.db.select({ workshop: orders.workshop, carrier: orders.carrier }).from(orders).where(eq(orders.id, id)).get();
  }

  private async reportLeave(now: number): Promise<void> {
    const all = this.o.writer.db.select({ id: crews.id }).from(crews).where(eq(crews.deleted, false)).all();
    if (all.length === 0) return;
    const crew = this.rng.pick(all);
    const from = addDays(shanghaiDate(now), 1);
    await this.call('POST', `/api/v1/crews/${encodeURIComponent(crew.id)}/unavailable`, {
      from,
      to: addDays(from, this.rng.int(0, 2)),
      reason: this.rng.pick(['病假', '事假', '车辆故障']),
    });
  }

  private async call(method: string, path: string, body?: unknown): Promise<{ status: number; code?: string; body?: unknown }> {
    if (this.stopped) return { status: 0 };
    this.requests++;
    try {
      const init = {
        method,
        headers: { authorization: `Bearer ${this.o.token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: this.abort.signal,
      };
      // every simulator call is a write: resent under its key if the connection drops unanswered
      const res = await retryingWrite(this.o.baseUrl + path, init);
      const json = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
      if (res.status >= 400 && res.status !== 409) {
        this.errors++;
        if (this.errors <= 5 && !this.stopped) console.error(`simulator: ${method} ${path} → ${res.status} ${json.error?.message ?? ''}`);
      }
      return { status: res.status, code: json.error?.code, body: json };
    } catch (err) {
      if (!this.stopped) {
        this.errors++;
        if (this.errors <= 5) console.error(`simulator: ${method} ${path} failed:`, err);
      }
      return { status: 0 };
    }
  }
}
