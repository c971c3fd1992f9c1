// Issue 16, finding 9: DNS rebinding against browser mode. A page of evil.example whose name is
// re-pointed at 127.0.0.1 is same-origin with itself, so the Origin check lets it through; the Host
// header it sends still names evil.example. Raw requests over a real socket to the real transport
// (real order server, real desk back end): a foreign Host gets 421 on HTTP and on the WebSocket
// upgrade, even with the right key; the desk's own names (127.0.0.1, localhost, [::1], with the
// port) are served.
import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserTransport } from '@main/transports/http';
import { backlog, withBrowserTransport, withDesk, withServer } from '../../support/harness';

let transport: BrowserTransport;

beforeAll(async () => {
  const server = await withServer({ simulate: backlog(4, 50) });
  transport = await withBrowserTransport(withDesk(server, { name: 'host' }));
});

/** Sends `head` (request line and headers: no Host unless given) and `body` on a fresh socket; resolves with the answer, read until close or `untilText`. */
function raw(head: string[], body = '', untilText?: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(transport.port, '127.0.0.1');
    let got = '';
    const done = () => {
      socket.destroy();
      resolve(got);
    };
    socket.on('data', (d: Buffer) => {
      got += d.toString('utf8');
      if (untilText?.test(got)) done();
    });
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', reject);
    socket.write(head.join('\r\n') + '\r\n\r\n' + body);
  });
}

const rpcStatus = (host: string | null) =>
  raw(['POST /api/rpc/status HTTP/1.1', ...(host === null ? [] : [`Host: ${host}`]), `Authorization: Bearer ${transport.key}`, 'Content-Type: application/json', 'Content-Length: 2', 'Connection: close'], '{}');

const upgrade = (host: string) =>
  raw(
    [`GET /api/events?key=${transport.key} HTTP/1.1`, `Host: ${host}`, 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='],
    '',
    /\r\n\r\n/,
  );

const statusOf = (reply: string) => Number(/^HTTP\/1\.[01] (\d{3})/.exec(reply)?.[1] ?? 0);

describe('browser mode answers only to its own Host', () => {
  it.each(['evil.example', 'evil.example:PORT', '127.0.0.1.evil.example:PORT', '192.168.1.20:PORT', '127.0.0.1:1', 'localhost'])('refuses an API call naming host %s, key or not', async (host) => {
    const reply = await rpcStatus(host.replace('PORT', String(transport.port)));
    expect(statusOf(reply)).toBe(421);
    expect(reply).toContain('"misdirected"');
    expect(reply).not.toContain('checkpoint'); // nothing of the desk's state leaked
  });

  it('refuses a request with no Host at all', async () => {
    // HTTP/1.1 requires one (Node's parser answers 400 itself); HTTP/1.0 may leave it out
    expect(statusOf(await rpcStatus(null))).toBe(400);
    const reply = await raw(['POST /api/rpc/status HTTP/1.0', `Authorization: Bearer ${transport.key}`, 'Content-Length: 2'], '{}');
    expect(statusOf(reply)).toBe(421);
    expect(reply).not.toContain('checkpoint');
  });

  it('refuses the page itself under a foreign Host', async () => {
    const reply = await raw(['GET / HTTP/1.1', 'Host: evil.example', 'Connection: close']);
    expect(statusOf(reply)).toBe(421);
  });

  it.each(['127.0.0.1:PORT', 'localhost:PORT', 'LOCALHOST:PORT', '[::1]:PORT'])('serves its own name %s', async (host) => {
    const reply = await rpcStatus(host.replace('PORT', String(transport.port)));
    expect(statusOf(reply)).toBe(200);
    expect(reply).toContain('checkpoint');
  });

  it('refuses the events WebSocket upgrade under a foreign Host, and takes it under its own', async () => {
    expect(statusOf(await upgrade('evil.example'))).toBe(421);
    expect(statusOf(await upgrade(`evil.example:${transport.port}`))).toBe(421);
    expect(statusOf(await upgrade(`127.0.0.1:${transport.port}`))).toBe(101);
  });
});
