/**
 * The order server: one node:http server carrying the floor API and socket.io /desk, over one
 * SQLite database. startOrderServer() is what the CLI, the desk's embedded demo and the tests call.
 */
import type { SettleOptions } from '@server/plans/auto-policy';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as IoServer } from 'socket.io';
import { MAX_MESSAGE_BYTES } from '@shared/protocol';
import { realClock, scaledClock, type Clock } from '@server/clock';
import { flushRefusalCounts } from '@server/db/audit-refusals';
import { ensureSeedData } from '@server/supply/seed';
import { ensureServerId, getHead, getMeta, setMeta } from '@server/db/meta';
import { openServerDb, type ServerDb } from '@server/db/open';
import { createToken, revokeToken, revokeTokensNamed } from '@server/db/tokens';
import { Writer } from '@server/db/writer';
import { attachDesk } from '@server/desk/namespace';
import { RuleSweeper } from '@server/rules/sweeper';
import { AutoPolicyRunner } from '@server/plans/auto-runner';
import { OutboxDispatcher, RecordingProvider, type NotificationProvider, type OutboxOptions } from '@server/notify/outbox';
import { WebhookProvider, type WebhookOptions } from '@server/notify/webhook';
import { createFloorHandler } from '@server/floor/http';
import { DEFAULT_RATE_LIMIT, TokenBuckets, type RateLimitOptions } from '@server/floor/ratelimit';
import { AuthFailureGuard, DEFAULT_AUTH_FAILURE_LIMIT } from '@server/floor/auth-guard';
import { DEFAULT_SNAPSHOT_DOWNLOAD_LIMIT, SnapshotDownloadLimit, type SnapshotDownloadLimitOptions } from '@server/snapshot/download-limit';
import { generateBacklog } from '@server/simulator/backlog';
import { LiveSimulator } from '@server/simulator/live';
import { backlogMark, writeBacklog } from '@server/simulator/seed-db';
import { DEFAULT_PROFILE, PROFILES, type ProfileName } from '@server/simulator/profiles';
import type { Scenario } from '@server/simulator/scenario';
import { applyScenarioToBacklog } from '@server/simulator/scenario-backlog';
import { ScenarioRunner } from '@server/simulator/scenario-live';
import { SnapshotCache, type SnapshotPolicy } from '@server/snapshot/cache';
import { handleSnapshotRequest } from '@server/snapshot/http';
import { SNAPSHOT_PATH } from '@shared/snapshot';
import { TRACK_PATH } from '@shared/track';
import { createTrackHandler } from '@server/track/http';
import { TrackStatic } from '@server/track/static';
import { TrackStore, type TrackLimits } from '@server/track/store';

/**
 * /desk events per token: a desk sends one command at a time and waits for each answer, so its
 * outbox replay after an outage runs at the server's commit rate (measured 44-65/s on the shared
 * 2-core test VM, tests/integration/server/flood.test.ts). The burst takes a replay of 2,000
 * commands whatever the machine's speed; a longer one goes on at 200/s (the desk waits
 * `retryAfter` when told). The probe's flood was 1,250 events/s.
 */
export const DEFAULT_DESK_EVENT_LIMIT: Required<RateLimitOptions> = { perSecond: 200, burst: 2000 };

/** Where a fresh simulation's clock starts by default: the evening of the Double-11 peak. */
export const DEFAULT_SIM_START = '2025-11-11T20:00:00+08:00';

export interface SimulateOptions {
  seed: number;
  /** clock seconds per real second (≥ 0.01) */
  speed: number;
  /** server clock at the start of a fresh simulation (ISO or epoch ms); default DEFAULT_SIM_START */
  start?: string | number;
  /** backlog size (orders); default 1500 */
  backlogOrders?: number;
  /** run the live flow after the backlog (default true) */
  live?: boolean;
  /** live-flow tuning (tests) */
  tickMs?: number;
  /** new orders per simulated day; default from `profile` */
  ordersPerDay?: number;
  /** demand profile (default double11) */
  profile?: ProfileName;
  /** fault scenario (already validated) */
  scenario?: Scenario;
}

export interface StartOptions {
  dbFile: string;
  /** 0 (default) picks a free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  simulate?: SimulateOptions;
  /** better-sqlite3 native binding (default: env DUTYDESK_SQLITE_BINDING) */
  nativeBinding?: string;
  /**
   * run the server's rules (the 48 h hand-off sweep) on its clock. Default: on while the live
   * simulator runs, off otherwise (without them the server writes nothing by itself).
   */
  rules?: boolean | { intervalMs: number };
  /**
   * run the auto-policy (issue 14): acts by itself on new incidents of the causes a supervisor
   * switched on (autoRule.set), with no desk open. Default on; it writes nothing until a rule is on.
   */
  autoPolicy?: boolean | { intervalMs: number; settle?: SettleOptions };
  /** where queued texts go while rules run (default: a RecordingProvider, logging unless simulating) */
  notificationProvider?: NotificationProvider;
  /**
   * hand texts to an SMS gateway by webhook (used unless notificationProvider is given). A
   * configured gateway means texts are meant to reach customers, so it runs the outbox even
   * when the other rules are off.
   */
  smsWebhook?: WebhookOptions;
  outbox?: OutboxOptions;
  /**
   * per-token rate limit on the floor API (token bucket): default 200 requests/s sustained,
   * burst 400; `false` turns it off. The simulator's own token is exempt (see below).
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * per-token limit on /desk client events (issue 16): default DEFAULT_DESK_EVENT_LIMIT, far above
   * a desk's outbox replay after an outage; `false` turns it off
   */
  deskEventLimit?: RateLimitOptions | false;
  /** failed authentications per remote address, HTTP and /desk handshakes (default 30, then 1/s); `false` turns it off */
  authFailureLimit?: RateLimitOptions | false;
  /** snapshot downloads per token (default 3 at once, 12 starts a minute); `false` turns it off */
  snapshotDownloads?: SnapshotDownloadLimitOptions | false;
  /**
   * snapshots for desks starting from nothing (docs/protocol.md "Snapshot"): on by default for a
   * database file, with the default policy; `false` turns them off (desks then page from 0)
   */
  snapshots?: Partial<SnapshotPolicy> | false;
  /**
   * the customer self-service page (issue 18, docs/protocol.md "Track"): its files come from `dir`
   * (default out/track under the working directory; 503 until built); `now` is the real time its
   * codes, sessions and limits run on (tests move it); `limits` replace the defaults per kind
   */
  track?: { dir?: string; now?: () => number; limits?: Partial<TrackLimits> };
}

export interface OrderServer {
  /** http://host:port */
  url: string;
  host: string;
  port: number;
  serverId: string;
  clock: Clock;
  db: ServerDb;
  writer: Writer;
  /** the newest version */
  head(): number;
  /** the live simulator, when simulating */
  simulator: LiveSimulator | null;
  /** the rule sweep, when rules run */
  sweeper: RuleSweeper | null;
  /** the auto-policy runner, unless turned off (autoPolicy: false) */
  autoPolicy: AutoPolicyRunner | null;
  /** the notifications outbox, when rules run or an SMS webhook is configured */
  outbox: OutboxDispatcher | null;
  /** the desks' snapshots, unless turned off */
  snapshots: SnapshotCache | null;
  /** stop taking work, finish what is in flight, close sockets and the database */
  close(): Promise<void>;
}

function simClock(db: ServerDb, sim: SimulateOptions): { clock: Clock; start: number } {
  const resumed = Number(getMeta(db, 'simClock') ?? NaN);
  const configured = typeof sim.start === 'number' ? sim.start : Date.parse(sim.start ?? DEFAULT_SIM_START);
  if (!Number.isFinite(configured)) throw new Error(`simulate.start: not a time: ${String(sim.start)}`);
  const start = Number.isFinite(resumed) ? resumed : configured;
  return { clock: scaledClock(start, sim.speed), start };
}

/** How long shutdown waits for HTTP requests in flight (the CLI exits within 10 s in all). */
const IN_FLIGHT_LIMIT_MS = 5_000;

function listen(server: HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startOrderServer(options: StartOptions): Promise<OrderServer> {
  const host = options.host ?? '127.0.0.1';
  const db = openServerDb(options.dbFile, { nativeBinding: options.nativeBinding });
  let ready = false;
  let closing = false;
  let closed: Promise<void> | null = null;
  try {
    const serverId = ensureServerId(db);
    const sim = options.simulate;
    const { clock, start } = sim ? simClock(db, sim) : { clock: realClock, start: 0 };
    const writer = new Writer(db, clock);
    let simToken: string | null = null;
    // The live simulator's own token is exempt: it is this process's load generator, its request
    // rate scales with --speed and --profile (thousands per second at high speeds, far above any
    // real floor client), and throttling it would distort the simulation rather than protect the
    // server. It is created here, never leaves the process and is revoked on close.
    const rateLimit =
      options.rateLimit === false ? null : new TokenBuckets(options.rateLimit ?? DEFAULT_RATE_LIMIT, (tokenId) => tokenId === simToken);
    const snapshots =
      options.snapshots === false || options.dbFile === ':memory:'
        ? null
        : new SnapshotCache({
            dbFile: options.dbFile,
            serverId,
            head: () => getHead(db),
            orderCount: () => (db.$client.prepare('SELECT COUNT(*) AS n FROM orders').get() as { n: number }).n,
            nativeBinding: options.nativeBinding ?? (process.env.DUTYDESK_SQLITE_BINDING || undefined),
            policy: options.snapshots || undefined,
            onError: (err) => console.error('snapshot build failed (desks page from version 0 meanwhile):', err),
          });
    const authGuard = options.authFailureLimit === false ? null : new AuthFailureGuard(options.authFailureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT);
    const eventLimit = options.deskEventLimit === false ? null : new TokenBuckets(options.deskEventLimit ?? DEFAULT_DESK_EVENT_LIMIT);
    const downloads = options.snapshotDownloads === false ? null : new SnapshotDownloadLimit(options.snapshotDownloads ?? DEFAULT_SNAPSHOT_DOWNLOAD_LIMIT);
    const floor = createFloorHandler({ db, writer, isReady: () => ready, isClosing: () => closing, rateLimit, authGuard });
    // the order server's outbox, once made below: a text code is handed to the gateway at once
    let outbox: OutboxDispatcher | null = null;
    const trackStore = new TrackStore({ writer, now: options.track?.now, limits: options.track?.limits, kick: () => outbox?.round() });
    const track = createTrackHandler({ store: trackStore, files: new TrackStatic(options.track?.dir ?? 'out/track'), isReady: () => ready, isClosing: () => closing, authGuard });
    const httpServer = createServer((req, res) => {
      const path = req.url?.split('?')[0];
      if (snapshots && ready && !closing && path === SNAPSHOT_PATH) return handleSnapshotRequest(db, snapshots, req, res, { authGuard, downloads });
      if (path === TRACK_PATH || path?.startsWith(`${TRACK_PATH}/`)) return track(req, res, path);
      floor(req, res);
    });
    httpServer.requestTimeout = 30_000;
    const io = new IoServer(httpServer, { maxHttpBufferSize: MAX_MESSAGE_BYTES, serveClient: false });
    attachDesk(io, { db, writer, clock, serverId, isClosing: () => closing, snapshots, eventLimit, authGuard });
    const port = await listen(httpServer, options.port ?? 0, host);
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

    let simulator: LiveSimulator | null = null;
    if (sim) {
      if (!backlogMark(writer)) {
        const generated = generateBacklog(sim.seed, start, { orders: sim.backlogOrders });
        const backlog = sim.scenario ? applyScenarioToBacklog(generated, sim.scenario, start) : generated;
        writeBacklog(writer, backlog, { seed: sim.seed, start, ...(sim.scenario ? { scenario: sim.scenario.name } : {}) });
        setMeta(db, 'simClock', String(start));
      }
    }
    ensureSeedData(writer); // budgets, carriers and lines
    if (sim) {
      if (sim.live !== false) {
        revokeTokensNamed(db, 'simulator'); // left over from a run that did not stop cleanly
        const created = createToken(db, 'floor', 'simulator');
        simToken = created.id;
        const ordersPerDay = sim.ordersPerDay ?? PROFILES[sim.profile ?? DEFAULT_PROFILE];
        const scenario = sim.scenario ? new ScenarioRunner(db, sim.scenario, backlogMark(writer)?.start ?? start) : null;
        simulator = new LiveSimulator({ baseUrl: url, token: created.token, writer, clock, seed: sim.seed, tickMs: sim.tickMs, ordersPerDay, scenario });
      }
    }
    const rulesOn = options.rules ?? (sim !== undefined && sim.live !== false);
    const autoPolicy = options.autoPolicy === false ? null : new AutoPolicyRunner(writer, typeof options.autoPolicy === 'object' ? options.autoPolicy : {});
    const sweeper = rulesOn ? new RuleSweeper(writer, typeof rulesOn === 'object' ? rulesOn.intervalMs : 1000) : null;
    const provider = options.notificationProvider ?? (options.smsWebhook ? new WebhookProvider(options.smsWebhook) : new RecordingProvider(sim !== undefined));
    outbox = rulesOn || options.smsWebhook ? new OutboxDispatcher(writer, provider, options.outbox) : null;
    trackStore.start();
    ready = true;
    snapshots?.warm();
    simulator?.start();
    sweeper?.start();
    autoPolicy?.start();
    outbox?.start();

    const close = (): Promise<void> =>
      (closed ??= (async () => {
        closing = true;
        sweeper?.stop();
        trackStore.stop();
        await autoPolicy?.stop();
        await simulator?.stop();
        await outbox?.stop();
        // stop accepting; requests already being handled finish (new ones on open keep-alive
        // connections get 503), then anything still open is cut after IN_FLIGHT_LIMIT_MS
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => httpServer.closeAllConnections(), IN_FLIGHT_LIMIT_MS);
          // keep-alive connections become idle as their last response goes out
          const idle = setInterval(() => httpServer.closeIdleConnections(), 20);
          io.close(() => {
            clearTimeout(force);
            clearInterval(idle);
            resolve();
          });
          httpServer.closeIdleConnections();
        });
        await writer.drain();
        flushRefusalCounts(db);
        await snapshots?.close();
        if (sim) setMeta(db, 'simClock', String(clock.now()));
        if (simToken) revokeToken(db, simToken);
        db.$client.close();
      })());

    return { url, host, port, serverId, clock, db, writer, head: () => getHead(db), simulator, sweeper, autoPolicy, outbox, snapshots, close };
  } catch (err) {
    if (db.$client.open) db.$client.close();
    throw err;
  }
}
