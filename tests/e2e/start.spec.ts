// `npm start` on a machine without the Electron binary: one clear line, then browser mode with the
// embedded demo site (the real order server as a child process, simulator on) — a live map with red dots.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ROOT, tempDir } from '../support/processes';

let proc: ChildProcess | null = null;
let output = '';

test.afterAll(async () => {
  if (!proc || proc.exitCode !== null) return;
  const exited = new Promise((r) => proc!.once('exit', r));
  proc.kill('SIGTERM');
  await exited;
});

test('npm start falls back to browser mode and shows the live demo war room', async ({ page }) => {
  const dataDir = tempDir('dd-start-');
  proc = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
    cwd: ROOT,
    env: { ...process.env, DUTYDESK_DATA: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 90_000);
    const check = () => {
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/\?key=\S+)$/m.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    proc!.stdout!.on('data', check);
    proc!.once('exit', (code) => reject(new Error(`npm start exited (${code}): ${output}`)));
  });
  // Electron cannot be downloaded here: it says so in one line before browser mode starts
  const fallbackLines = output.split('\n').filter((l) => /starting browser mode instead/.test(l));
  expect(fallbackLines, output).toHaveLength(1);
  expect(fallbackLines[0]).toMatch(/Electron/);
  expect(output).toContain(`data folder: ${dataDir}`);

  await page.goto(url);
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('sync-state')).toContainText('演示');
  const map = page.getByTestId('war-map');
  await expect.poll(async () => Number(await map.getAttribute('data-overdue-dots'))).toBeGreaterThan(10);
  await expect.poll(async () => Number(await page.getByTestId('counter-overdue').textContent())).toBeGreaterThan(10);
  await expect.poll(async () => Number(await page.getByTestId('counter-in-flight').textContent())).toBeGreaterThan(500);
  await page.screenshot({ path: join(ROOT, 'test-results', 'artifacts', 'demo-war-room.png') });
});
