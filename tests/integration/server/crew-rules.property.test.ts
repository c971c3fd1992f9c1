// One rule in one place (issue 22): which jobs count toward a crew's load is written once, in
// src/shared/crew-rules.ts, as a function (the desk's war room, plans and report, the server's
// command checks) and as SQL (the server's load queries: booking a new job, loading a command's
// world). Over random job tables in a real server database, every server query agrees with the
// shared function on every (crew, date).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadByCrewDate, loadKey, type LoadJob } from '@shared/crew-rules';
import { JOB_STATUSES } from '@shared/vocab';
import { openServerDb, type ServerDb } from '@server/db/open';
import { loadWorld } from '@server/commands/world';
import { crewLoad } from '@server/orders/operations';
import type { Item } from '@server/commands/types';
import { removeTempDirs, tempDb } from './helpers';

const CREWS = ['crew-a', 'crew-b', 'crew-c'];
const DATES = ['2026-12-07', '2026-12-08', '2026-12-09'];

let db: ServerDb;

beforeAll(() => {
  db = openServerDb(tempDb());
  // the jobs' orders and crews are beside the point here: the rows stand alone
  db.$client.pragma('foreign_keys = OFF');
});

afterAll(() => {
  db.$client.close();
  removeTempDirs();
});

const job = fc.record({
  crewId: fc.option(fc.constantFrom(...CREWS), { nil: null }),
  date: fc.option(fc.constantFrom(...DATES), { nil: null }),
  status: fc.constantFrom(...JOB_STATUSES),
  deleted: fc.boolean(),
});

function writeJobs(list: readonly LoadJob[]): void {
  const insert = db.$client.prepare("INSERT INTO jobs (id, version, deleted, order_id, crew_id, date, window, skill, status) VALUES (?, 1, ?, 'o-1', ?, ?, NULL, 'cabinet', ?)");
  db.$client.transaction(() => {
    db.$client.exec('DELETE FROM jobs');
    list.forEach((j, i) => insert.run(`job-${i}`, j.deleted ? 1 : 0, j.crewId ?? null, j.date ?? null, j.status));
  })();
}

/** A command naming every (crew, date): loadWorld reads the load of each. */
const everyPair: Item[] = [{ type: 'crew.overtime', payload: { crews: CREWS.flatMap((crewId) => DATES.map((date) => ({ crewId, date, extraJobs: 0, expectedVersion: 1 }))) } } as Item];

describe('crew load: the server SQL and the shared function agree', () => {
  it('on every (crew, date) of random job tables', () => {
    fc.assert(
      fc.property(fc.array(job, { maxLength: 40 }), (list) => {
        writeJobs(list);
        const expected = loadByCrewDate(list);
        const world = loadWorld(db, everyPair);
        for (const crewId of CREWS) {
          for (const date of DATES) {
            const want = expected.get(loadKey(crewId, date)) ?? 0;
            expect(crewLoad(db, crewId, date), `booking load ${crewId} ${date}`).toBe(want);
            expect(world.loads.get(loadKey(crewId, date)), `command world load ${crewId} ${date}`).toBe(want);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
