/**
 * When an order's lateness verdict can next change by the clock alone (no change from the
 * server): its stage budget running out, its promised date passing, or (stage without a budget)
 * its projected finish crossing the promised date. A min-heap of these instants lets the war room
 * re-assess only the orders whose time has come, never all of them.
 */
import { budgetMs } from '@shared/rules';
import { FINAL_STAGE, type StageBudgets } from '@shared/stages';
import { endOfShanghaiDay } from '@shared/time';

export interface TimedOrder {
  stage: number;
  stageEnteredAt: string;
  promisedDate: string;
}

/** The first instant after `now` at which assessLateness may answer differently; Infinity if never. */
export function nextVerdictChange(order: TimedOrder, budgets: StageBudgets, now: number): number {
  if (order.stage >= FINAL_STAGE) return Infinity;
  return nextVerdictChangeAt(order.stage, Date.parse(order.stageEnteredAt), endOfShanghaiDay(order.promisedDate), budgets, now);
}

/** nextVerdictChange with the stage entry and the promised deadline already parsed (the hot path). */
export function nextVerdictChangeAt(stage: number, enteredMs: number, deadline: number, budgets: StageBudgets, now: number): number {
  if (stage >= FINAL_STAGE) return Infinity;
  const budget = budgets[stage];
  let other: number;
  if (budget != null) other = enteredMs + budget * 3600_000 + 1;
  else {
    let rest = 0;
    for (let s = stage + 1; s < FINAL_STAGE; s++) rest += budgetMs(budgets, s);
    other = deadline - rest + 1;
  }
  let next = Infinity;
  if (deadline > now) next = deadline;
  if (other > now && other < next) next = other;
  return next;
}

/** A binary min-heap of (due, id) with lazy deletion: stale entries are skipped by the caller. */
export class DueHeap {
  private readonly due: number[] = [];
  private readonly ids: string[] = [];

  get size(): number {
    return this.due.length;
  }

  push(at: number, id: string): void {
    this.due.push(at);
    this.ids.push(id);
    let i = this.due.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.due[p]! <= at) break;
      this.swap(i, p);
      i = p;
    }
  }

  /** Pops every entry due at or before `now`. */
  popDue(now: number): { at: number; id: string }[] {
    const out: { at: number; id: string }[] = [];
    while (this.due.length > 0 && this.due[0]! <= now) out.push(this.pop());
    return out;
  }

  clear(): void {
    this.due.length = 0;
    this.ids.length = 0;
  }

  private pop(): { at: number; id: string } {
    const top = { at: this.due[0]!, id: this.ids[0]! };
    const lastDue = this.due.pop()!;
    const lastId = this.ids.pop()!;
    if (this.due.length > 0) {
      this.due[0] = lastDue;
      this.ids[0] = lastId;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.due.length && this.due[l]! < this.due[m]!) m = l;
        if (r < this.due.length && this.due[r]! < this.due[m]!) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }

  private swap(a: number, b: number): void {
    [this.due[a], this.due[b]] = [this.due[b]!, this.due[a]!];
    [this.ids[a], this.ids[b]] = [this.ids[b]!, this.ids[a]!];
  }
}
