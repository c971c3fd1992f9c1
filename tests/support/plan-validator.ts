/**
 * An independent check of installation assignments over the ORDER SERVER's rows (not the desk's
 * replica, not the planner's code): every booked open job's crew serves the order's district, has
 * the job's skill, is not on leave that day (Asia/Shanghai, written out here again on purpose) and
 * no crew-day holds more jobs than its capacity plus overtime.
 */
import type Database from 'better-sqlite3';

interface Interval { from: string; to: string }
const DAY_MS = 86_400_000;
const dayStart = (date: string) => Date.parse(`${date}T00:00:00+08:00`);
const bound = (v: string, end: boolean) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? dayStart(v) + (end ? DAY_MS : 0) : Date.parse(v));

export function offOn(unavailable: Interval[], date: string): boolean {
  const from = dayStart(date);
  return unavailable.some((u) => bound(u.from, false) < from + DAY_MS && bound(u.to, true) > from);
}

export interface Violation { jobId: string; rule: 'reach' | 'skill' | 'leave' | 'capacity'; detail: string }

export interface ServerCrew { id: string; districts: string[]; skills: string[]; capacityPerDay: number; unavailable: Interval[]; overtime: Array<{ date: string; extraJobs: number }> }

export function serverCrews(db: Database.Database): Map<string, ServerCrew> {
  const cols = (db.prepare('PRAGMA table_info(crews)').all() as Array<{ name: string }>).map((c) => c.name);
  const rows = db.prepare(`SELECT id, districts, skills, capacity_per_day AS cap, unavailable${cols.includes('overtime') ? ', overtime' : ''} FROM crews WHERE deleted = 0`).all() as Array<Record<string, string | number>>;
  return new Map(rows.map((r) => [String(r.id), { id: String(r.id), districts: JSON.parse(String(r.districts)), skills: JSON.parse(String(r.skills)), capacityPerDay: Number(r.cap), unavailable: JSON.parse(String(r.unavailable)), overtime: r.overtime ? JSON.parse(String(r.overtime)) : [] }]));
}

export function capacityOf(c: ServerCrew, date: string): number {
  return c.capacityPerDay + (c.overtime.find((o) => o.date === date)?.extraJobs ?? 0);
}

/** Load per crew|date over every job that is not cancelled. */
export function serverLoads(db: Database.Database): Map<string, number> {
  const rows = db.prepare("SELECT crew_id AS c, date AS d, COUNT(*) AS n FROM jobs WHERE deleted = 0 AND status != 'cancelled' AND crew_id IS NOT NULL AND date IS NOT NULL GROUP BY crew_id, date").all() as Array<{ c: string; d: string; n: number }>;
  return new Map(rows.map((r) => [`${r.c}|${r.d}`, r.n]));
}

/** Hard-rule violations among `jobIds` as the server holds them now. */
export function hardViolations(db: Database.Database, jobIds: readonly string[]): Violation[] {
  const crews = serverCrews(db);
  const loads = serverLoads(db);
  const job = db.prepare('SELECT j.id, j.crew_id AS crewId, j.date, j.skill, o.district FROM jobs j JOIN orders o ON o.id = j.order_id WHERE j.id = ?');
  const out: Violation[] = [];
  for (const id of jobIds) {
    const j = job.get(id) as { id: string; crewId: string | null; date: string | null; skill: string; district: string } | undefined;
    if (!j?.crewId || !j.date) continue;
    const c = crews.get(j.crewId);
    if (!c) continue;
    if (!c.districts.includes(j.district)) out.push({ jobId: id, rule: 'reach', detail: `${c.id} does not serve ${j.district}` });
    if (!c.skills.includes(j.skill)) out.push({ jobId: id, rule: 'skill', detail: `${c.id} lacks ${j.skill}` });
    if (offOn(c.unavailable, j.date)) out.push({ jobId: id, rule: 'leave', detail: `${c.id} is off on ${j.date}` });
    const load = loads.get(`${c.id}|${j.date}`) ?? 0;
    if (load > capacityOf(c, j.date)) out.push({ jobId: id, rule: 'capacity', detail: `${c.id} has ${load} jobs on ${j.date}, capacity ${capacityOf(c, j.date)}` });
  }
  return out;
}
