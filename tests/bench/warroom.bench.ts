/**
 * War-room figures (issue 5), each beside its naive baseline in the same run:
 * - analysis.update.100k.ms: one applied batch of 200 changed orders at 100,000 orders, through
 *   the incremental index (verdicts, incident groups, counters, dirty points, incident book)
 *   against a full rescan (every order re-judged and regrouped), the old way per change.
 * - map.delta.20k.bytes is not a time: the JSON pushed per batch against the whole map snapshot.
 * The Chromium figures (map.firstPaint.20k.ms, map.update.p95.ms, renderer.heap.20k.mb) are not
 * measured yet (see the report of issue 5).
 */
import { DEFAULT_BUDGETS } from '@shared/stages';
import { shanghaiIso } from '@shared/time';
import { assessLateness } from '@shared/rules';
import { IncidentBook } from '@main/analysis/incident-book';
import { placeOf } from '@shared/incident-keys';
import type { OrderFacts } from '@main/analysis/order-facts';
import { WarRoomIndex } from '@main/analysis/war-room-index';
import { timeMedian, type Benchmark, type Figure } from './harness';

const NOW = Date.parse('2026-02-02T10:00:00+08:00');
const CAUSES = ['machine_fault', 'logistics', 'installer_shortage', 'design_rework'];

function facts(i: number, stage = 1 + (i % 11)): OrderFacts {
  return {
    id: `o${i}`, orderNo: `HD${i}`, channel: 'tmall', productType: 'wardrobe', stage,
    stageEnteredAt: shanghaiIso(NOW - ((i * 7919) % 200) * 3600_000), promisedDate: `2026-02-${String(1 + (i % 27)).padStart(2, '0')}`,
    city: '上海市', district: `区${i % 60}`, lat: 31 + (i % 100) / 100, lng: 121 + (i % 97) / 100,
    causes: i % 9 === 0 ? [CAUSES[i % 4]!] : [], crewId: null, carrier: `承运${i % 4}`, workstation: `厂/线${i % 7}`, customerName: '', phone4: '0000',
  };
}

async function analysisUpdate(): Promise<Figure> {
  const n = 100_000;
  const index = new WarRoomIndex(DEFAULT_BUDGETS, NOW);
  const book = new IncidentBook();
  for (let i = 0; i < n; i++) index.upsertOrder(facts(i));
  book.update(index.groups.take(), (k) => index.groups.groups.get(k), NOW);
  let round = 0;
  const batch = () => {
    round++;
    for (let k = 0; k < 200; k++) {
      const i = (round * 211 + k * 487) % n;
      index.upsertOrder(facts(i, 1 + ((i + round) % 11)));
    }
    index.tick(NOW + round * 1000);
    index.takeDirtyPoints();
    book.update(index.groups.take(), (key) => index.groups.groups.get(key), NOW);
  };
  const value = await timeMedian(batch, 21);
  const all = [...index.orders.values()].map((t) => t.facts);
  const rescan = () => {
    const groups = new Map<string, number>();
    let late = 0;
    for (const f of all) {
      const v = assessLateness(f, DEFAULT_BUDGETS, NOW).status;
      if (v !== 'overdue' && v !== 'at_risk') continue;
      late++;
      for (const c of f.causes) {
        const key = placeOf(c, f).key;
        groups.set(key, (groups.get(key) ?? 0) + 1);
      }
    }
    return late + groups.size;
  };
  const baseline = await timeMedian(rescan, 5);
  return { value, unit: 'ms', baseline, note: 'batch of 200 changes at 100k orders; baseline = full rescan + regroup' };
}

export const warRoomBenchmarks: Benchmark[] = [{ name: 'analysis.update.100k.ms', run: analysisUpdate }];
