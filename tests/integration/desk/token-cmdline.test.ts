// Issue 16, finding 8: the order server token must not be on any child's command line, which every
// user of the machine can read (ps, /proc/<pid>/cmdline). Real processes: an order server, the
// browser-mode supervisor (the path `npm run serve` and `npm start`'s fallback take) and its back
// end, and the embedded demo order server the back end starts. Each case proves the token arrived
// (the desk is connected and live) and that no descendant's /proc/<pid>/cmdline holds it.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../support/desk-harness';
import { ROOT, createToken, startServerProcess, stopChild, type Running } from '../../support/processes';
import { callDesk } from '../../support/desk-process';
import { cleanUp, withTempDir } from '../../support/harness';

const WARNING = /--token shows the token to every user of this machine \(ps\); use DUTYDESK_SERVER_TOKEN or --token-file FILE instead/;

const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
const environ = (pid: number) => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');

/** Every live process under `pid` (Linux: /proc/<pid>/task/<tid>/children). */
function descendants(pid: number): number[] {
  const out: number[] = [];
  const tasks = `/proc/${pid}/task`;
  if (!existsSync(tasks)) return out;
  for (const tid of readdirSync(tasks)) {
    let kids: number[];
    try {
      kids = readFileSync(join(tasks, tid, 'children'), 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      continue; // the thread ended meanwhile
    }
    for (const kid of kids) out.push(kid, ...descendants(kid));
  }
  return out;
}

interface Launched {
  proc: ChildProcess;
  output(): string;
  url: string;
}

async function launch(args: string[], env: NodeJS.ProcessEnv, entry = join(ROOT, 'scripts', 'supervise.mjs')): Promise<Launched> {
  const proc = spawn(process.execPath, [entry, '--port', '0', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanUp(() => stop(proc));
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await until('the desk URL', () => /^(http:\/\/127\.0\.0\.1:\d+\/\?key=\S+)$/m.exec(out)?.[1] ?? (proc.exitCode !== null ? `exited: ${out}` : null), (u) => u !== null, 90_000);
  if (url!.startsWith('exited')) throw new Error(url!);
  return { proc, output: () => out, url: url! };
}

const status = (url: string) => callDesk<{ state: string; connected: boolean }>(url, 'status');

const live = (url: string) => until('the desk live on the order server', () => status(url), (s) => s.state === 'live' && s.connected, 60_000);

const stop = (proc: ChildProcess) => stopChild(proc, 20_000);

let server: Running;
let token: string;

beforeAll(async () => {
  const db = join(withTempDir('dd-token-srv-'), 'orders.sqlite');
  token = createToken(db, 'supervisor', 'token-cmdline');
  server = await startServerProcess(db);
  cleanUp(() => server.stop());
}, 60_000);

describe.runIf(process.platform === 'linux')('the server token never reaches a child command line', () => {
  it('--token (kept for compatibility): one warning; the back end gets the token in its environment, not its arguments', async () => {
    const desk = await launch(['--server', server.url, '--token', token, '--data', withTempDir('dd-token-a-')], process.env);
    await live(desk.url);
    const kids = descendants(desk.proc.pid!);
    expect(kids.length).toBeGreaterThan(0);
    for (const pid of kids) expect(cmdline(pid), `pid ${pid}`).not.toContain(token);
    const backend = Number([...desk.output().matchAll(/back end pid (\d+)$/gm)].at(-1)![1]);
    expect(kids).toContain(backend);
    expect(environ(backend)).toContain(`DUTYDESK_SERVER_TOKEN=${token}`);
    expect(desk.output().split('\n').filter((l) => WARNING.test(l))).toHaveLength(1);
  }, 120_000);

  it('--token-file FILE: only the path is on the command line, and no warning', async () => {
    const dir = withTempDir('dd-token-b-');
    const file = join(dir, 'server.token');
    writeFileSync(file, token + '\n');
    chmodSync(file, 0o600);
    const env = { ...process.env };
    delete env.DUTYDESK_SERVER_TOKEN;
    const desk = await launch(['--server', server.url, '--token-file', file, '--data', join(dir, 'desk')], env);
    await live(desk.url);
    for (const pid of [desk.proc.pid!, ...descendants(desk.proc.pid!)]) expect(cmdline(pid), `pid ${pid}`).not.toContain(token);
    expect(desk.output()).not.toMatch(/--token shows the token|can be read by other users/);
  }, 120_000);

  it('DUTYDESK_SERVER_TOKEN: the back end reads it and removes it, so the demo order server it starts never sees a token', async () => {
    // a remote server from the environment
    const remote = await launch(['--server', server.url, '--data', withTempDir('dd-token-c-')], { ...process.env, DUTYDESK_SERVER_TOKEN: token }, join(ROOT, 'out', 'main', 'browser.js'));
    await live(remote.url);
    expect(cmdline(remote.proc.pid!)).not.toContain(token);
    expect(remote.output()).not.toMatch(WARNING);
    await stop(remote.proc);

    // no --server: the embedded demo site; its order server is a child of the back end
    const dataDir = withTempDir('dd-token-d-');
    const demo = await launch(['--data', dataDir], { ...process.env, DUTYDESK_SERVER_TOKEN: 'dd_not_for_the_demo_server' }, join(ROOT, 'out', 'main', 'browser.js'));
    await live(demo.url);
    const demoToken = readFileSync(join(dataDir, 'demo-site', 'supervisor.token'), 'utf8').trim();
    const kids = descendants(demo.proc.pid!);
    expect(kids.length).toBeGreaterThan(0);
    for (const pid of kids) {
      expect(cmdline(pid), `pid ${pid}`).not.toContain(demoToken);
      expect(environ(pid).filter((v) => v.startsWith('DUTYDESK_SERVER_TOKEN=')), `pid ${pid}`).toEqual([]);
    }
  }, 180_000);
});
