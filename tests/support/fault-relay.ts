/**
 * A man-in-the-middle for the desk protocol: a real socket.io server that relays each desk socket to
 * the real order server over a real socket.io-client, and injects the faults of a schedule: pushes
 * dropped, duplicated or reordered, acks lost (the server still applied), connections cut.
 * The desk cannot tell it from a server; the server cannot tell it from a desk. HTTP requests
 * (the floor API) are relayed too, and their answers can be lost after the server gave them.
 */
import { createServer, request, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';

export interface FaultPlan {
  dropPushes: number;
  duplicatePushes: number;
  /** hold the next push and deliver it after the one that follows */
  reorderPushes: number;
  /** swallow the next N replies to `command` (the server has applied them) */
  loseCommandAcks: number;
  /**
   * answer the next N HTTP requests by cutting the client's connection once the server has
   * answered them (a floor write has committed by then); the lost answers go to `lostAnswers`
   */
  loseHttpAnswers: number;
}

export interface LostAnswer {
  method: string;
  path: string;
  status: number;
  body: string;
}

export class FaultRelay {
  readonly faults: FaultPlan = { dropPushes: 0, duplicatePushes: 0, reorderPushes: 0, loseCommandAcks: 0, loseHttpAnswers: 0 };
  readonly lostAnswers: LostAnswer[] = [];
  private http!: HttpServer;
  private io!: Server;
  private readonly pairs = new Set<{ desk: ServerSocket; upstream: ClientSocket }>();
  url = '';

  constructor(private upstreamUrl: string) {}

  setUpstream(url: string): void {
    this.upstreamUrl = url;
  }

  async start(port = 0): Promise<void> {
    this.http = createServer((req, res) => this.relayHttp(req, res)); // socket.io takes its own path first
    this.io = new Server(this.http, { maxHttpBufferSize: 64 * 1024 * 1024 });
    const desk = this.io.of('/desk');
    desk.use((socket, next) => {
      const upstream = connect(`${this.upstreamUrl}/desk`, { auth: socket.handshake.auth, transports: ['websocket'], reconnection: false, forceNew: true });
      upstream.once('connect', () => {
        (socket.data as { upstream?: ClientSocket }).upstream = upstream;
        next();
      });
      upstream.once('connect_error', (err) => {
        upstream.close();
        next(new Error(err.message));
      });
    });
    desk.on('connection', (socket) => this.relay(socket, (socket.data as { upstream: ClientSocket }).upstream));
    await new Promise<void>((res) => this.http.listen(port, '127.0.0.1', () => res()));
    this.url = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  private relay(desk: ServerSocket, upstream: ClientSocket): void {
    const pair = { desk, upstream };
    this.pairs.add(pair);
    let held: unknown = null;
    upstream.on('changes', (payload: unknown) => {
      const f = this.faults;
      if (f.dropPushes > 0) {
        f.dropPushes--;
        return;
      }
      if (f.reorderPushes > 0 && held === null) {
        f.reorderPushes--;
        held = payload;
        return;
      }
      desk.emit('changes', payload);
      if (f.duplicatePushes > 0) {
        f.duplicatePushes--;
        desk.emit('changes', payload);
      }
      if (held !== null) {
        desk.emit('changes', held);
        held = null;
      }
    });
    desk.onAny((event: string, ...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (reply: unknown) => void) : null;
      upstream
        .timeout(30_000)
        .emitWithAck(event, ...args)
        .then((reply: unknown) => {
          if (event === 'command' && this.faults.loseCommandAcks > 0) {
            this.faults.loseCommandAcks--;
            return; // the server applied it; the desk never hears
          }
          ack?.(reply);
        })
        .catch(() => desk.disconnect(true));
    });
    upstream.on('disconnect', () => desk.disconnect(true));
    desk.on('disconnect', () => {
      upstream.close();
      this.pairs.delete(pair);
    });
  }

  private relayHttp(req: IncomingMessage, res: ServerResponse): void {
    const upstream = request(`${this.upstreamUrl}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        if (this.faults.loseHttpAnswers > 0) {
          this.faults.loseHttpAnswers--;
          this.lostAnswers.push({ method: req.method ?? '', path: req.url ?? '', status: answer.statusCode ?? 0, body: body.toString('utf8') });
          req.socket.destroy();
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.end(body);
      });
    });
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  }

  /** Cuts every desk connection (they reconnect by themselves). */
  cutAll(): void {
    for (const { desk } of this.pairs) desk.disconnect(true);
  }

  async stop(): Promise<void> {
    for (const { desk, upstream } of this.pairs) {
      upstream.close();
      desk.disconnect(true);
    }
    await new Promise<void>((res) => this.io.close(() => res()));
  }
}
