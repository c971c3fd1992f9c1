/**
 * socket.io namespace /desk: handshake, per-event dispatch with re-authorization, and the
 * `changes` push after every committed write. Every client event is answered exactly once
 * through its acknowledgement; an event without one is handled and its reply dropped.
 */
import type { Server, Socket } from 'socket.io';
import { DESK_NAMESPACE } from '@shared/protocol';
import type { ServerDb } from '@server/db/open';
import { authenticate } from '@server/db/tokens';
import { storageFailure } from '@server/db/storage-errors';
import type { Writer } from '@server/db/writer';
import type { Clock } from '@server/clock';
import { checkHandshake } from '@server/desk/auth';
import { auditEnvelopeRefusal, DESK_HANDLERS, fail, type Reply } from '@server/desk/handlers';
import type { AuthFailureGuard } from '@server/floor/auth-guard';
import type { TokenBuckets } from '@server/floor/ratelimit';
import { projectPush } from '@server/desk/projection';
import type { Role } from '@shared/vocab';
import type { SnapshotCache } from '@server/snapshot/cache';

export interface DeskNamespaceDeps {
  db: ServerDb;
  writer: Writer;
  clock: Clock;
  serverId: string;
  isClosing: () => boolean;
  /** the desks' snapshots (hello names the ready one); null when turned off */
  snapshots?: SnapshotCache | null;
  /** client events per token (none: unlimited) */
  eventLimit?: TokenBuckets | null;
  /** failed handshakes per address (none: unlimited) */
  authGuard?: AuthFailureGuard | null;
}

interface DeskSession {
  token: string;
  clientId: string;
  /** fixed for a token's life: decides the live room, so the projection of its pushes */
  role: Role;
  /** when a push last re-checked the token (real ms) */
  checkedAt: number;
}

/**
 * Sockets that get `changes`, one room per role: each commit is projected for a role (a viewer
 * gets masked phones and no amounts) and broadcast once to that role's room, so a push is
 * projected and encoded at most once per role per commit, never per socket.
 */
const LIVE_ROLES: readonly Role[] = ['supervisor', 'viewer', 'finance'];
const liveRoom = (role: Role) => `live:${role}`;
/** Pushes re-check a token at most this often (client events re-check it every time). */
const PUSH_RECHECK_MS = 250;

const sessions = new WeakMap<Socket, DeskSession>();

export function attachDesk(io: Server, deps: DeskNamespaceDeps): { detach: () => void } {
  const nsp = io.of(DESK_NAMESPACE);

  nsp.use((socket, next) => {
    if (deps.isClosing()) return next(new Error('unavailable'));
    const address = socket.handshake.address;
    // an address that keeps presenting bad tokens is refused before its token is looked at
    const blocked = deps.authGuard?.check(address);
    if (blocked && !blocked.ok) return next(Object.assign(new Error('rate_limited'), { data: { retryAfter: blocked.retryAfterSeconds } }));
    const verdict = checkHandshake(deps.db, socket.handshake.auth);
    if (!verdict.ok) {
      if (verdict.code === 'unauthorized') deps.authGuard?.failed(address);
      return next(new Error(verdict.code));
    }
    const token = String((socket.handshake.auth as { token: string }).token);
    sessions.set(socket, { token, clientId: verdict.clientId, role: verdict.principal.role, checkedAt: Date.now() });
    next();
  });

  nsp.on('connection', (socket) => {
    const role = sessions.get(socket)?.role;
    if (role && LIVE_ROLES.includes(role)) void socket.join(liveRoom(role));
    // one dispatcher for every packet: known events are handled here and never reach next()
    socket.use((packet, _next) => {
      const [event, ...args] = packet as [unknown, ...unknown[]];
      const last = args[args.length - 1];
      const ack = typeof last === 'function' ? (last as (reply: Reply) => void) : null;
      const payload = ack ? args.slice(0, -1)[0] : args[0];
      const reply = (r: Reply) => {
        if (ack) ack(r);
      };
      const session = sessions.get(socket);
      const principal = session ? authenticate(deps.db, session.token) : null;
      if (!session || !principal) {
        reply(fail('unauthorized', 'the token is no longer valid'));
        socket.disconnect(true);
        return;
      }
      const allowed = deps.eventLimit?.take(principal.tokenId);
      if (allowed && !allowed.ok) {
        // refused before any work; a refused command still leaves its (collapsed) audit row
        if (event === 'command') auditEnvelopeRefusal(deps, principal, session.clientId, payload, 'rate_limited');
        return reply({ ok: false, error: { code: 'rate_limited', message: `too many events for this token; retry after ${allowed.retryAfterSeconds} s`, retryAfter: allowed.retryAfterSeconds } });
      }
      const handler = typeof event === 'string' && Object.hasOwn(DESK_HANDLERS, event) ? DESK_HANDLERS[event] : undefined;
      if (!handler) return reply(fail('bad_request', `event: unknown event ${JSON.stringify(event)}`));
      if (deps.isClosing()) return reply(fail('unavailable', 'the server is shutting down'));
      let out: Reply;
      try {
        out = handler(deps, principal, payload, session.clientId);
      } catch (err) {
        const storage = storageFailure(err);
        console.error(`desk ${String(event)} failed:`, storage?.message ?? err);
        // a storage failure names its cause, so the desk shows it and sends the command again later
        out = storage ? fail(storage.code, storage.message) : fail('internal', 'internal error');
      }
      reply(out);
    });
  });

  const off = deps.writer.onCommit((push) => {
    const now = Date.now();
    for (const socket of nsp.sockets.values()) {
      const session = sessions.get(socket);
      if (session && now - session.checkedAt < PUSH_RECHECK_MS) continue;
      // read the token's row now (maxAgeMs 0): this check is what bounds a revocation's delay for pushes
      if (!session || !authenticate(deps.db, session.token, now, 0)) {
        for (const role of LIVE_ROLES) void socket.leave(liveRoom(role));
        socket.disconnect(true);
        continue;
      }
      session.checkedAt = now;
    }
    for (const role of LIVE_ROLES) {
      const room = liveRoom(role);
      if ((nsp.adapter.rooms.get(room)?.size ?? 0) === 0) continue;
      nsp.to(room).emit('changes', projectPush(role, push));
    }
  });

  return { detach: off };
}
