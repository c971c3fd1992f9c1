/**
 * Stage bottlenecks: how long the orders now in each stage have been there, against the stage's
 * budget, ranked by how far over budget the average is, with the orders behind each figure.
 * Computed on request from the index (a read, never per change).
 */
import { STAGES, type StageBudgets } from '@shared/stages';
import type { Bottleneck } from '@shared/war-room';
import type { WarRoomIndex } from './war-room-index';

const HOUR = 3600_000;
const round1 = (n: number) => Math.round(n * 10) / 10;

export function computeBottlenecks(index: WarRoomIndex, budgets: StageBudgets, listed = 20): Bottleneck[] {
  const now = index.clock;
  const byStage = new Map<number, { dwell: number[]; over: { id: string; orderNo: string; dwellHours: number; place: string | null }[] }>();
  for (const t of index.orders.values()) {
    const f = t.facts;
    if (f.stage >= 12) continue;
    const s = byStage.get(f.stage) ?? { dwell: [], over: [] };
    byStage.set(f.stage, s);
    const dwellH = (now - Date.parse(f.stageEnteredAt)) / HOUR;
    s.dwell.push(dwellH);
    const budget = budgets[f.stage];
    if (budget != null && dwellH > budget) s.over.push({ id: f.id, orderNo: f.orderNo, dwellHours: round1(dwellH), place: f.stage >= 9 && f.stage <= 10 ? f.carrier : f.stage >= 4 && f.stage <= 7 ? f.workstation : f.district });
  }
  const out: Bottleneck[] = [];
  for (const def of STAGES) {
    if (def.no >= 12) continue;
    const s = byStage.get(def.no) ?? { dwell: [], over: [] };
    const budget = budgets[def.no] ?? null;
    const sorted = [...s.dwell].sort((a, b) => a - b);
    const avg = sorted.length ? sorted.reduce((a, x) => a + x, 0) / sorted.length : 0;
    const p90 = sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))]! : 0;
    s.over.sort((a, b) => b.dwellHours - a.dwellHours);
    const places = new Map<string, number>();
    for (const o of s.over) if (o.place) places.set(o.place, (places.get(o.place) ?? 0) + 1);
    const worst = [...places].sort((a, b) => b[1] - a[1])[0];
    out.push({
      stage: def.no,
      budgetHours: budget,
      inStage: sorted.length,
      avgDwellHours: round1(avg),
      p90DwellHours: round1(p90),
      overBudget: s.over.length,
      ratio: budget ? round1(avg / budget) : null,
      worstPlace: worst?.[0] ?? null,
      worstPlaceCount: worst?.[1] ?? 0,
      orders: s.over.slice(0, listed),
      orderIds: s.over.map((o) => o.id),
    });
  }
  return out.sort((a, b) => (b.ratio ?? -1) - (a.ratio ?? -1) || b.overBudget - a.overBudget);
}
