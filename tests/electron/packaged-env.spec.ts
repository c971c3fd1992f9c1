// Issue 16, finding 6, in a packaged desk: DUTYDESK_ROOT pointing at a hostile folder (whose order
// server bundle would leave a mark) and DUTYDESK_SQLITE_BINDING at a file that is no library are both
// ignored: the main process no longer has them, and the desk runs its own demo server and SQLite build. The pack is Electron copied under the product's name with the
// app in resources/app (app.isPackaged is true), without fuses so Playwright can attach.
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ROOT, closeDesk, launchDesk, needsElectron, tempDir, waitLive, type DeskHandle } from './desk';
import { copyElectron, installApp } from './pack';

let desk: DeskHandle | null = null;
test.afterEach(async () => closeDesk(desk));

test('a packaged desk ignores DUTYDESK_ROOT and DUTYDESK_SQLITE_BINDING', async () => {
  needsElectron();
  test.skip(process.platform === 'darwin', 'a macOS pack needs electron-builder (an .app bundle)');
  const pack = copyElectron();
  installApp(pack.appOutDir);

  const evil = tempDir('dd-electron-evil-');
  const mark = join(evil, 'server-ran');
  mkdirSync(join(evil, 'out', 'main'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(evil, 'package.json'));
  cpSync(join(ROOT, 'drizzle'), join(evil, 'drizzle'), { recursive: true });
  writeFileSync(join(evil, 'out', 'main', 'server.js'), `require('node:fs').writeFileSync(${JSON.stringify(mark)}, 'ran'); process.exit(1);\n`);
  const badBinding = join(evil, 'better_sqlite3.node');
  writeFileSync(badBinding, 'not a library');

  desk = await launchDesk({ executablePath: pack.binary, args: [], env: { DUTYDESK_ROOT: evil, DUTYDESK_SQLITE_BINDING: badBinding } });
  expect(await desk.app.evaluate(({ app }) => app.isPackaged)).toBe(true);
  expect(await desk.app.evaluate(() => [process.env.DUTYDESK_ROOT ?? null, process.env.DUTYDESK_SQLITE_BINDING ?? null])).toEqual([null, null]);
  await waitLive(desk.window);
  expect(existsSync(mark)).toBe(false);
});
