// Resilience with real files: a damaged replica is set aside and rebuilt from the server while the
// outbox is kept; a full disk (a real 2 MiB tmpfs) is a clear error, never a crash.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notesOnServer, quiescent, someOrderIds, until } from '../../support/desk-harness';
import { backlog, cleanUp, withDesk, withServer, withTempDir } from '../../support/harness';

const world = () => withServer({ simulate: backlog(12, 800) });

function scribble(file: string, offset: number, length: number): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, offset);
  closeSync(fd);
}

describe('a damaged replica', () => {
  it.each([
    ['pages scribbled over', (file: string) => scribble(file, statSync(file).size / 2, 64 * 1024)],
    ['header destroyed', (file: string) => scribble(file, 0, 100)],
  ])('%s: set aside, rebuilt from the server, the outbox kept', async (_name, damage) => {
    let s = await world();
    const { port } = s;
    const dbFile = s.db.$client.name;
    const [orderId] = someOrderIds(s, 1);
    const first = withDesk(s, { commandTimeoutMs: 500 });
    const { dataDir, token } = first;
    await quiescent(first, s);
    await s.close();
    await until('offline', () => first.handlers.status({}), (x) => x.state === 'offline');
    await first.handlers.addNote({ orderId: orderId!, text: 'kept-through-corruption' });
    await first.close();

    damage(join(dataDir, 'replica.sqlite'));

    s = await withServer({ dbFile, port });
    const second = withDesk(s, { dataDir, token, commandTimeoutMs: 500 });
    const st = await second.handlers.status({});
    expect(st.lastError).toMatch(/damaged/);
    expect(st.pendingCommands).toBe(1);
    expect(readdirSync(dataDir).some((f) => /^replica\.corrupt-\d+\.sqlite$/.test(f))).toBe(true);
    await quiescent(second, s);
    expect(notesOnServer(s, 'kept-through-corruption')).toBe(1);
    expect(await second.handlers.verify({})).toMatchObject({ match: true });
  });
});

const tiny = withTempDir('dd-tinyfs-');
cleanUp(() => {
  try {
    execFileSync('umount', ['-l', tiny]);
  } catch {
    /* not mounted */
  }
});

describe('a full disk', () => {
  it('is a clear error in the status and in commands, and the desk stays up', async () => {
    // a real filesystem that fills up: 2 MiB of tmpfs (CI and development run as root here)
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', tiny]);
    const s = await world();
    const d = withDesk(s, { dataDir: tiny });
    const st = await until('disk full reported', () => d.handlers.status({}), (x) => /disk full/.test(x.lastError ?? ''), 60_000);
    expect(st.lastError).toContain(tiny);
    expect(st.checkpoint).toBeLessThan(s.head());
    // still answering, and a command that cannot be written says why
    expect((await d.handlers.digest({})).version).toBe(st.checkpoint);
    const [orderId] = someOrderIds(s, 1);
    let refusal: unknown = null;
    for (let i = 0; i < 200 && !refusal; i++) {
      try {
        d.enqueueCommand('order.note', { orderId, text: 'x'.repeat(1900) + i }, 'fill');
      } catch (err) {
        refusal = err;
      }
    }
    expect(refusal).toMatchObject({ code: 'disk_full', status: 507 });
    expect(existsSync(join(tiny, 'outbox.sqlite'))).toBe(true);
  });
});
