/**
 * What the server and desk auto-policy tests share (issue 14): a crew with jobs to lose in a
 * district with no installer-shortage incident yet, reporting it sick through the floor API, and
 * the bookings of some jobs as `crewId date`.
 */
import { expect } from 'vitest';
import type { OrderServer } from '@server/app';
import { readIncidents } from '@server/plans/incident-reads';
import { incidentId } from '@shared/incident-keys';
import { addDays, shanghaiDate } from '@shared/time';

/** The tests' incidents are made in one floor call: nothing to wait for (production waits for trouble to hold still, auto-policy.ts settle). */
export const NO_SETTLING = { quietMs: 0, maxWaitMs: 0 };

/** A crew with at least `n` open jobs booked in the next three days, on orders at stages 10-11, in a district with no installer-shortage incident yet. */
export function busyCrew(server: OrderServer, n: number): { crewId: string; district: string; jobIds: string[]; last: string } {
  const today = shanghaiDate(server.clock.now());
  const open = new Set(readIncidents(server.db, server.clock.now()).map((i) => i.id));
  const rows = server.db.$client
    .prepare("SELECT j.crew_id AS crewId, c.district, j.id, j.date FROM jobs j JOIN orders o ON o.id = j.order_id JOIN crews c ON c.id = j.crew_id WHERE j.status = 'booked' AND j.date >= ? AND j.date <= ? AND o.stage BETWEEN 10 AND 11 ORDER BY j.crew_id, j.date")
    .all(addDays(today, 1), addDays(today, 3)) as Array<{ crewId: string; district: string; id: string; date: string }>;
  const by = new Map<string, typeof rows>();
  for (const r of rows) if (!open.has(incidentId(`installer_shortage|district|${r.district}`))) by.set(r.crewId, [...(by.get(r.crewId) ?? []), r]);
  const [crewId, jobs] = [...by].sort((a, b) => b[1].length - a[1].length)[0]!;
  expect(jobs.length).toBeGreaterThanOrEqual(n);
  return { crewId, district: jobs[0]!.district, jobIds: jobs.map((j) => j.id), last: jobs.at(-1)!.date };
}

/** The crew reports sick from `from` to `to` through the floor API with a floor token. */
export async function reportSick(server: OrderServer, floorToken: string, crewId: string, from: string, to: string): Promise<void> {
  const res = await fetch(`${server.url}/api/v1/crews/${crewId}/unavailable`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${floorToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ from, to, reason: '病假' }),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

/** The jobs' bookings as `crewId date`, by job id. */
export function bookings(server: OrderServer, jobIds: readonly string[]): Map<string, string> {
  const rows = server.db.$client.prepare(`SELECT id, crew_id AS crewId, date FROM jobs WHERE id IN (${jobIds.map(() => '?').join(',')})`).all(...jobIds) as Array<{ id: string; crewId: string; date: string }>;
  return new Map(rows.map((r) => [r.id, `${r.crewId} ${r.date}`]));
}
