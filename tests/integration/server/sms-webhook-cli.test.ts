/**
 * The SMS webhook's transport rules (issue 16, finding 9), with real processes: the server
 * program refuses a plain-http gateway when a secret goes with it unless --insecure-webhook is
 * given; over https (a real TLS gateway with a test certificate the server is told to trust),
 * each text arrives signed, and the gateway verifies the signature with the shared secret.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OrderServer } from '@server/app';
import { openServerDb } from '@server/db/open';
import { createToken } from '@server/db/tokens';
import type { WebhookBody } from '@server/notify/webhook';
import { startAndWaitFor } from '../../support/processes';
import { Commander } from './fixtures';
import { connectDesk, http, newOrderBody, removeTempDirs, tempDb } from './helpers';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const CLI = ['--import', 'tsx', 'src/server/cli.ts'];
const SECRET = 'gateway-shared-secret';
const running: ChildProcess[] = [];

afterAll(() => {
  for (const p of running) p.kill('SIGKILL');
  removeTempDirs();
});

function serveSync(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [...CLI, 'serve', '--db', tempDb(), '--port', '0', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
}

/** Spawns `args` and resolves with the URL once it prints `listening on`, and everything it printed. */
async function startProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ proc: ChildProcess; url: string; output: () => string }> {
  const started = await startAndWaitFor(args, /listening on (http:\/\/\S+)/, { ...process.env, ...env });
  running.push(started.proc);
  return started;
}

/** A self-signed certificate for 127.0.0.1 (openssl), trusted by the server through NODE_EXTRA_CA_CERTS. */
function testCertificate(): { key: string; cert: string; certFile: string } {
  const dir = dirname(tempDb());
  const key = join(dir, 'gw.key');
  const certFile = join(dir, 'gw.crt');
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl could not make a test certificate: ${r.stderr}`);
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

describe('SMS webhook transport', () => {
  it('refuses http with a secret (flag or environment) at start, naming the fix; exit 2', () => {
    for (const [args, env] of [
      [['--sms-webhook', 'http://127.0.0.1:9/sms', '--sms-webhook-secret', SECRET], {}],
      [['--sms-webhook', 'http://127.0.0.1:9/sms'], { DUTYDESK_SMS_WEBHOOK_SECRET: SECRET }],
    ] as const) {
      const r = serveSync([...args], env);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^error: --sms-webhook: http:\/\/127\.0\.0\.1:9 is plain http.*use an https URL, or pass --insecure-webhook/);
      expect(r.stdout).not.toContain('listening');
    }
    const stray = serveSync(['--insecure-webhook']);
    expect(stray.status).toBe(2);
    expect(stray.stderr).toContain('--insecure-webhook: only with --sms-webhook');
  });

  it('starts on http with a secret when --insecure-webhook is given, with a warning', async () => {
    const s = await startProcess([...CLI, 'serve', '--db', tempDb(), '--port', '0', '--sms-webhook', 'http://127.0.0.1:9/sms', '--insecure-webhook'], { DUTYDESK_SMS_WEBHOOK_SECRET: SECRET });
    expect(s.output()).toContain('warning: --insecure-webhook');
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    s.proc.kill('SIGTERM');
  });

  it('over https each text arrives signed; the gateway verifies it with the secret', async () => {
    const { key, cert, certFile } = testCertificate();
    const got: { raw: string; headers: Record<string, string | string[] | undefined> }[] = [];
    const gateway: Server = createServer({ key, cert }, (req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (d: string) => (raw += d));
      req.on('end', () => {
        got.push({ raw, headers: req.headers });
        res.writeHead(200).end('OK');
      });
    });
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
    try {
      const url = `https://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
      const db = tempDb();
      const setup = openServerDb(db);
      const floor = createToken(setup, 'floor', 'tls-floor').token;
      const supervisor = createToken(setup, 'supervisor', 'tls-sup').token;
      setup.$client.close();
      const config = { db, smsWebhook: { url, secret: SECRET } };
      const s = await startProcess(['--import', 'tsx', 'tests/support/outbox-server.ts', JSON.stringify(config)], { NODE_EXTRA_CA_CERTS: certFile });
      const at = { url: s.url } as OrderServer;
      const order = await http(at, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody('TLS-1') });
      expect(order.status, JSON.stringify(order.body)).toBe(201);
      const desk = await connectDesk(at, { token: supervisor, clientId: 'tls-desk', protocol: 1 });
      expect((await new Commander(desk).send('notify.customers', { orderIds: [order.body.id], template: 'install_booked', params: { date: '2026-03-03', window: '13:00-17:00' } })).status).toBe('applied');
      desk.close();
      for (let i = 0; got.length === 0; i++) {
        if (i > 1500) throw new Error(`no text reached the https gateway: ${s.output()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      s.proc.kill('SIGTERM');

      // the gateway side, as docs/operations.md shows it
      const [text] = got;
      const timestamp = String(text?.headers['x-dutydesk-timestamp']);
      const signature = Buffer.from(String(text?.headers['x-dutydesk-signature']));
      const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${text?.raw}`).digest('hex')}`);
      expect(signature.length === expected.length && timingSafeEqual(signature, expected)).toBe(true);
      expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);
      const body = JSON.parse(text?.raw ?? '{}') as WebhookBody;
      expect(text?.headers['idempotency-key']).toBe(body.id);
      expect(body).toMatchObject({ idempotencyKey: body.id, attempt: 1, orderId: order.body.id, phone: '13912345678' });
      expect(text?.headers.authorization).toBe(`Bearer ${SECRET}`);
    } finally {
      await new Promise((r) => gateway.close(r));
    }
  });
});
