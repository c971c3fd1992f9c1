import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { realClock } from '@server/clock';
import { openServerDb } from '@server/db/open';
import { crews } from '@server/db/schema';
import { Writer } from '@server/db/writer';

const dir = mkdtempSync(join(tmpdir(), 'dd-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const crew = (id: string) => ({ id, version: 0, deleted: false, name: id, district: '徐汇区', districts: ['徐汇区'], skills: ['wardrobe'], capacityPerDay: 3, unavailable: [] });

describe('Writer.writeSoon (group commit)', () => {
  it('runs writes queued together at one version, each in its own savepoint', async () => {
    const db = openServerDb(join(dir, 'w.sqlite'));
    const writer = new Writer(db, realClock);
    const pushes: number[] = [];
    writer.onCommit((p) => pushes.push(p.changes.length));
    const ok1 = writer.writeSoon((ctx) => ctx.db.insert(crews).values({ ...crew('c1'), version: ctx.version }).run());
    const bad = writer.writeSoon((ctx) => {
      ctx.db.insert(crews).values({ ...crew('c2'), version: ctx.version }).run();
      throw new Error('refused');
    });
    const ok2 = writer.writeSoon((ctx) => ctx.db.insert(crews).values({ ...crew('c3'), version: ctx.version }).run());
    const [a, b] = await Promise.all([ok1, ok2]);
    await expect(bad).rejects.toThrow('refused');
    expect(a.version).toBe(1);
    expect(b.version).toBe(1);
    expect(db.select().from(crews).all().map((c) => c.id)).toEqual(['c1', 'c3']);
    expect(db.select().from(crews).where(eq(crews.id, 'c2')).get()).toBeUndefined();
    expect(pushes).toEqual([2]);
    await writer.drain();
    db.$client.close();
  });
});
