/**
 * The audit timeline (issue 7 item 2): every supervisor command the server applied and every
 * automatic action, for one shift, newest first, read from the replica through `auditTrail`.
 * Filterable by shift and by kind; an entry with orders opens the first one in the diagnosis drawer.
 */
import { useCallback, useState } from 'react';
import type { AuditEntry, AuditTrail, ShiftInfo } from '@shared/report';
import { getDeskApi } from '@renderer/api/deskClient';
import { useLang, useT, type Translate } from '@renderer/i18n/I18nProvider';
import type { Lang, MessageKey } from '@renderer/i18n/messages';
import { formatClock, formatDateTime } from '@renderer/i18n/timeFormat';
import { useDeskState } from '@renderer/state/appStore';
import { commandStore, useCommands } from '@renderer/state/commandStore';
import { submitCommand } from '@renderer/state/commandSync';
import { auditDetailText } from '@renderer/war-room/auditDetail';
import { ConfirmDialog } from '@renderer/war-room/ConfirmDialog';
import { warRoomStore } from '@renderer/state/warRoomStore';
import { usePolled } from '@renderer/war-room/usePolled';
import '@renderer/styles/audit.css';

export type AuditKind = 'all' | 'moves' | 'texts' | 'auto';
export const AUDIT_KINDS: readonly AuditKind[] = ['all', 'moves', 'texts', 'auto'];

/** Commands that change the plan of jobs, crews, shipments and lines (plans are applied as `batch`, taken back by `undo`). */
const MOVES = new Set(['job.reassign', 'job.reschedule', 'batch', 'undo', 'crew.overtime', 'order.switchCarrier', 'order.moveLine', 'line.overtime', 'job.create']);
const TEXTS = new Set(['notify.customers', 'auto.texts_sent']);

const TYPE_LABELS: Record<string, MessageKey> = {
  'job.reassign': 'audit.type.job.reassign',
  'job.reschedule': 'audit.type.job.reschedule',
  'order.tagCause': 'audit.type.order.tagCause',
  'order.note': 'audit.type.order.note',
  'notify.customers': 'audit.type.notify.customers',
  batch: 'audit.type.batch',
  undo: 'audit.type.undo',
  'crew.overtime': 'audit.type.crew.overtime',
  'incident.state': 'audit.type.incident.state',
  'order.switchCarrier': 'audit.type.order.switchCarrier',
  'order.moveLine': 'audit.type.order.moveLine',
  'line.overtime': 'audit.type.line.overtime',
  'job.create': 'audit.type.job.create',
  'autoRule.set': 'audit.type.autoRule.set',
  'customerRequest.handle': 'audit.type.customerRequest.handle',
  // outages the floor reports (src/server/supply/reports.ts), not commands
  'carrier.stoppage': 'audit.type.carrier.stoppage',
  'line.down': 'audit.type.line.down',
  'auto.missing_handoff': 'audit.type.auto.missing_handoff',
  'auto.texts_sent': 'audit.type.auto.texts_sent',
};
const OUTCOMES: Record<string, MessageKey> = { applied: 'audit.outcome.applied', rejected: 'audit.outcome.rejected', duplicate: 'audit.outcome.duplicate' };
const ROLES: Record<string, MessageKey> = { supervisor: 'audit.role.supervisor', viewer: 'audit.role.viewer', floor: 'audit.role.floor', system: 'audit.role.system' };

export function matchesKind(e: AuditEntry, kind: AuditKind): boolean {
  if (kind === 'all') return true;
  if (kind === 'auto') return e.automatic || e.type.startsWith('auto.');
  return (kind === 'moves' ? MOVES : TEXTS).has(e.type);
}

/** Newest first (the API answers oldest first); equal times by the server's write order. */
export function newestFirst(entries: readonly AuditEntry[]): AuditEntry[] {
  return [...entries].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.version - a.version);
}

/** The command type in the supervisor's language; a type this desk does not know shows as is. */
export function typeLabel(type: string, t: Translate): string {
  const key = TYPE_LABELS[type];
  if (key) return t(key);
  return type.startsWith('auto.') ? t('audit.type.auto.other', { type }) : type;
}

function shiftLabel(s: ShiftInfo, current: boolean, lang: Lang, t: Translate): string {
  return t(current ? 'audit.shiftCurrent' : 'audit.shiftPast', { name: lang === 'en' ? s.en : s.zh, start: formatDateTime(s.start, lang) });
}

/**
 * A key that changes when a command of this desk was answered and, if applied, once the replica
 * holds its version: the trail is read from the replica, so reading before that would miss it.
 */
function useAnsweredKey(): string {
  const checkpoint = useDeskState((s) => s.status?.checkpoint ?? 0);
  return useCommands((s) => {
    let version = 0;
    let refused = 0;
    for (const c of s.commands) {
      if (c.state === 'applied' && c.version !== null && c.version <= checkpoint) version = Math.max(version, c.version);
      else if (c.state === 'rejected' || c.state === 'failed') refused++;
    }
    return `${version}:${refused}`;
  });
}

export function AuditTimeline() {
  const t = useT();
  const [lang] = useLang();
  // null: follow the current shift (it moves on at the shift change without the user choosing again)
  const [shiftStart, setShiftStart] = useState<string | null>(null);
  const [kind, setKind] = useState<AuditKind>('all');
  const answered = useAnsweredKey();
  const read = useCallback(
    () => getDeskApi().auditTrail(shiftStart ? { shiftStart } : {}),
    // `answered` is not read inside: it only makes a new function, so usePolled re-reads at once
    [shiftStart, answered],
  );
  const { data, error } = usePolled<AuditTrail>(read, 10_000);
  // usePolled keeps the last answer while the next shift loads: never show one shift under another's name
  const trail = data && (shiftStart === null || data.shift.start === shiftStart) ? data : null;
  const current = data?.shifts[0]?.start ?? null;
  const entries = trail ? newestFirst(trail.entries).filter((e) => matchesKind(e, kind)) : [];

  return (
    <section className="audit" data-testid="audit-timeline" aria-label={t('audit.title')}>
      <div className="audit__controls">
        <label className="audit__shift">
          <span>{t('audit.shift')}</span>
          <select
            value={shiftStart ?? current ?? ''}
            disabled={!data}
            onChange={(e) => setShiftStart(e.target.value === current ? null : e.target.value)}
            data-testid="audit-shift"
          >
            {(data?.shifts ?? []).map((s, i) => (
              <option key={s.start} value={s.start}>
                {shiftLabel(s, i === 0, lang, t)}
              </option>
            ))}
          </select>
        </label>
        <div className="audit__kinds" role="group" aria-label={t('audit.kind')}>
          {AUDIT_KINDS.map((k) => (
            <button key={k} type="button" className={`audit__kind${kind === k ? ' audit__kind--on' : ''}`} aria-pressed={kind === k} onClick={() => setKind(k)} data-testid={`audit-kind-${k}`}>
              {t(`audit.kind.${k}`)}
            </button>
          ))}
        </div>
        {trail && (
          <span className="audit__count" data-testid="audit-count">
            {t('audit.count', { n: entries.length })}
          </span>
        )}
      </div>
      {error && (
        <div className="panel-error audit__error" role="alert" data-testid="audit-error">
          {t('audit.error', { error })}
        </div>
      )}
      {!trail && !error && <div className="panel-empty" data-testid="audit-loading">{t('audit.loading')}</div>}
      {trail && entries.length === 0 && (
        <div className="panel-empty" data-testid="audit-empty">
          {t(trail.entries.length === 0 ? 'audit.empty' : 'audit.emptyKind')}
        </div>
      )}
      {entries.length > 0 && (
        <ol className="audit__list" data-testid="audit-list" data-shift={trail?.shift.start}>
          {entries.map((e) => (
            <AuditLine key={e.id} entry={e} lang={lang} t={t} />
          ))}
        </ol>
      )}
    </section>
  );
}

function AuditLine({ entry: e, lang, t }: { entry: AuditEntry; lang: Lang; t: Translate }) {
  const outcome = OUTCOMES[e.outcome];
  const role = ROLES[e.role];
  const first = e.orderIds[0];
  const body = (
    <>
      <time className="audit__time" dateTime={e.at} title={formatDateTime(e.at, lang)}>
        {formatClock(e.at, lang)}
      </time>
      <span className="audit__who" data-testid="audit-actor">
        <b>{e.actor}</b> <span className="audit__role">{role ? t(role) : e.role}</span>
      </span>
      <span className="audit__what" data-testid="audit-type">
        {e.automatic && <span className="audit__auto">{t('audit.automatic')}</span>}
        {typeLabel(e.type, t)}
        {e.detail && (
          <span className="audit__detail" data-testid="audit-detail" title={e.detail}>
            {auditDetailText(e.type, e.detail, t, lang)}
          </span>
        )}
      </span>
      <span className="audit__orders" data-testid="audit-orders">
        {t('audit.orders', { n: e.orders })}
      </span>
      <span className={`audit__outcome audit__outcome--${e.outcome}`} data-testid="audit-outcome">
        {outcome ? t(outcome) : e.outcome}
      </span>
    </>
  );
  return (
    <li
      className={`audit__entry${e.automatic ? ' audit__entry--auto' : ''}${e.outcome === 'rejected' ? ' audit__entry--rejected' : ''}`}
      data-testid="audit-entry"
      data-type={e.type}
      data-outcome={e.outcome}
      data-automatic={e.automatic ? 'true' : 'false'}
      data-orders={e.orders}
    >
      {first ? (
        <button type="button" className="audit__line audit__line--open" title={t('audit.open', { id: first })} onClick={() => warRoomStore.set({ selectedOrderId: first })} data-testid="audit-open">
          {body}
        </button>
      ) : (
        <div className="audit__line">{body}</div>
      )}
      {undoable(e) && <UndoFromTrail entry={e} />}
    </li>
  );
}

/** Moves any desk applied (a plan, a bulk move) can be undone from the trail, by the next shift too (an auto rule is set again instead). */
const UNDOABLE = new Set(['batch', 'job.reassign', 'job.reschedule', 'crew.overtime', 'order.switchCarrier', 'order.moveLine', 'line.overtime', 'job.create', 'customerRequest.handle']);
function undoable(e: AuditEntry): boolean {
  return e.outcome === 'applied' && UNDOABLE.has(e.type) && e.clientId !== null && e.mutationId !== null;
}

function UndoFromTrail({ entry: e }: { entry: AuditEntry }) {
  const t = useT();
  const [lang] = useLang();
  const [state, setState] = useState<'idle' | 'confirm' | 'sent' | string>('idle');
  const actionId = `${e.clientId}#${e.mutationId}`;
  if (state === 'sent') return <span className="audit__undo-sent" data-testid="audit-undo-sent">{t('audit.undoSent')}</span>;
  return (
    <>
      <button type="button" className="btn btn--small btn--warn audit__undo" onClick={() => setState('confirm')} data-testid="audit-undo">
        {t('plan.undo')}
      </button>
      {state !== 'idle' && state !== 'confirm' && <span className="audit__undo-error" role="alert">{state}</span>}
      {state === 'confirm' && (
        <ConfirmDialog
          text={t('plan.undoConfirm', { label: `${e.actor} · ${typeLabel(e.type, t)} · ${formatDateTime(e.at, lang)}` })}
          onCancel={() => setState('idle')}
          onConfirm={() =>
            submitCommand(commandStore, () => getDeskApi().undo({ actionId })).then(
              () => setState('sent'),
              (err: unknown) => setState((err as Error).message),
            )
          }
        />
      )}
    </>
  );
}
