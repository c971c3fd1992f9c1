/**
 * Applies the scenario events already under way at the start (atHours ≤ 0) to a generated
 * backlog (pure, deterministic: same seed and scenario → same rows): crews get their leave,
 * hit orders get the cause tag and a `cause` event with a derived id, and a stopped carrier or
 * line has the stoppage on its row (what the floor reports through the API once it is live).
 */
import { addDays, shanghaiDate, shanghaiIso } from '@shared/time';
import type { Backlog } from '@server/simulator/backlog';
import { causeIfHit, noteFor, outageOf, windowOf, type Scenario } from '@server/simulator/scenario';

export function applyScenarioToBacklog(backlog: Backlog, scenario: Scenario, startMs: number): Backlog {
  const crews = backlog.crews.map((c) => ({ ...c, unavailable: [...c.unavailable], districts: [...c.districts], skills: [...c.skills] }));
  const orders = backlog.orders.map((o) => ({ ...o, causes: [...o.causes] }));
  const events = [...backlog.events];
  const supply = structuredClone(backlog.supply);
  scenario.events.forEach((e, k) => {
    if (e.atHours > 0) return;
    const w = windowOf(e, startMs);
    if (w.to <= startMs) return; // over before the start: nothing to see
    const leave = new Set<string>();
    if (e.kind === 'crews_on_leave') {
      const from = shanghaiDate(w.from);
      for (const c of crews) {
        if (c.district !== e.district) continue;
        c.unavailable.push({ from, to: addDays(from, e.days - 1), reason: e.reason });
        leave.add(c.id);
      }
    }
    const outage = outageOf(e, startMs);
    if (outage?.kind === 'carrier') supply.carriers.find((c) => c.name === outage.carrier)?.stoppages.push(outage.stoppage);
    if (outage?.kind === 'line') supply.lines.find((l) => `${l.factory}/${l.name}` === outage.line)?.down.push(outage.down);
    const at = shanghaiIso(Math.max(w.from, startMs - 1));
    for (const o of orders) {
      const cause = causeIfHit(e, o, leave);
      if (!cause) continue;
      if (!o.causes.includes(cause)) o.causes.push(cause);
      events.push({ id: `e-${o.id.slice(2)}-s${k + 1}`, orderId: o.id, kind: 'cause', stage: o.stage, at, actor: `scenario:${scenario.name}`, note: noteFor(e), cause, evidence: null, reportedBy: null });
    }
  });
  return { ...backlog, crews, orders, events, supply };
}
