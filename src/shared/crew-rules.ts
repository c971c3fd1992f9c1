/**
 * The crew rules, once for the server and the desk: a crew's capacity on a date (with overtime),
 * whether it is on leave on a date, and which jobs count toward its load. A plan is only valid if
 * the desk and the server agree on these, so every side imports them from here; the server's load
 * queries use LOAD_JOB_SQL, and a property test (tests/integration/server/crew-rules.property.test.ts)
 * proves the SQL and countsTowardLoad agree.
 */
import { endOfShanghaiDay, startOfShanghaiDay } from './time';

/** The installation windows of a day, in order. */
export const INSTALL_WINDOWS = ['09:00-12:00', '13:00-17:00', '18:00-21:00'] as const;

/**
 * The window a crew-day's next job gets when none is asked for: the n-th job of the day (n = the
 * jobs it already holds) takes window n mod 3. The server books by it and a plan previews by it,
 * so the time a customer is told in a plan's sample is the time the server books.
 */
export function windowForLoad(n: number): string {
  return INSTALL_WINDOWS[((n % INSTALL_WINDOWS.length) + INSTALL_WINDOWS.length) % INSTALL_WINDOWS.length]!;
}

/** Extra jobs a crew takes on one date (crew.overtime). */
export interface OvertimeDay {
  date: string;
  extraJobs: number;
}

/** A leave or other unavailability: whole days (YYYY-MM-DD, inclusive) or ISO times. */
export interface LeaveInterval {
  from: string;
  to: string;
}

export interface CrewCapacity {
  capacityPerDay: number;
  /** absent, null or empty: no overtime */
  overtime?: readonly OvertimeDay[] | null;
}

/** The overtime booked for a crew on a date (0 when none). */
export function overtimeOn(crew: Pick<CrewCapacity, 'overtime'>, date: string): number {
  return crew.overtime?.find((o) => o.date === date)?.extraJobs ?? 0;
}

/** A crew's capacity on a date: capacityPerDay plus the overtime booked for that date. */
export function capacityOn(crew: CrewCapacity, date: string): number {
  return crew.capacityPerDay + overtimeOn(crew, date);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Interval bounds in epoch ms: a date-only `from` starts that day, a date-only `to` ends that day. */
export function leaveBoundsMs(iv: LeaveInterval): [number, number] {
  const from = DATE_ONLY.test(iv.from) ? startOfShanghaiDay(iv.from) : Date.parse(iv.from);
  const to = DATE_ONLY.test(iv.to) ? endOfShanghaiDay(iv.to) : Date.parse(iv.to);
  return [from, to];
}

/** The interval that makes a crew unavailable on `date` (Asia/Shanghai: any overlap with the day), or null. */
export function leaveOn<T extends LeaveInterval>(unavailable: readonly T[], date: string): T | null {
  const dayStart = startOfShanghaiDay(date);
  const dayEnd = endOfShanghaiDay(date);
  for (const iv of unavailable) {
    const [from, to] = leaveBoundsMs(iv);
    if (from < dayEnd && to > dayStart) return iv;
  }
  return null;
}

export function isOnLeave(crew: { unavailable: readonly LeaveInterval[] }, date: string): boolean {
  return leaveOn(crew.unavailable, date) !== null;
}

/** The job fields the load rule reads. */
export interface LoadJob {
  crewId?: string | null;
  date?: string | null;
  status: string;
  deleted?: boolean | null;
}

/** Job statuses that free the crew's slot: a cancelled job is no load; done and in-progress jobs are. */
export const STATUSES_WITHOUT_LOAD = ['cancelled'] as const;

/** Whether a job takes one of its crew's slots on its date. */
export function countsTowardLoad(job: LoadJob): job is LoadJob & { crewId: string; date: string } {
  return !job.deleted && typeof job.crewId === 'string' && typeof job.date === 'string' && !(STATUSES_WITHOUT_LOAD as readonly string[]).includes(job.status);
}

/**
 * countsTowardLoad in SQL over the server's `jobs` table (columns unqualified): the server's
 * load queries add `crew_id = ? AND date = ?` to it.
 */
export const LOAD_JOB_SQL = `deleted = 0 AND crew_id IS NOT NULL AND date IS NOT NULL AND status NOT IN (${STATUSES_WITHOUT_LOAD.map((s) => `'${s}'`).join(', ')})`;

export const loadKey = (crewId: string, date: string): string => `${crewId}|${date}`;

/** Jobs per `crewId|date` (loadKey) over the jobs that count toward load. */
export function loadByCrewDate(jobs: Iterable<LoadJob>): Map<string, number> {
  const load = new Map<string, number>();
  for (const j of jobs) {
    if (!countsTowardLoad(j)) continue;
    const k = loadKey(j.crewId, j.date);
    load.set(k, (load.get(k) ?? 0) + 1);
  }
  return load;
}
