/** The printed sections of the shift report (pure rendering of the ShiftReport the back end built). */
import type { AuditEntry, ShiftReport } from '@shared/report';
import { causeLabel } from '@renderer/i18n/labels';
import type { Lang } from '@renderer/i18n/messages';
import { formatClock, formatDateTime } from '@renderer/i18n/timeFormat';
import { actionLabel, rt } from '@renderer/report/reportMessages';

const MAX_TIMELINE = 40;

export function Kpis({ report, lang }: { report: ShiftReport; lang: Lang }) {
  const k = report.kpis;
  const rate = k.onTimeRate === null ? '—' : `${(k.onTimeRate * 100).toFixed(1)}%`;
  const tiles: [string, string, string, string?][] = [
    ['newOrders', rt(lang, 'newOrders'), String(k.newOrders)],
    ['stagesCompleted', rt(lang, 'stagesCompleted'), String(k.stagesCompleted)],
    ['installationsDone', rt(lang, 'installationsDone'), String(k.installationsDone)],
    ['onTimeRate', rt(lang, 'onTimeRate'), rate, k.installationsDone ? rt(lang, 'onTimeOf', { on: k.onTime, all: k.installationsDone }) : rt(lang, 'noInstall')],
    ['overdueAtStart', rt(lang, 'overdueAtStart'), String(k.overdueAtStart)],
    ['overdueAtEnd', rt(lang, 'overdueAtEnd'), String(k.overdueAtEnd), signed(k.overdueAtEnd - k.overdueAtStart)],
    ['textsSent', rt(lang, 'textsSent'), String(k.textsSent)],
  ];
  // the self-service page's usage share this week (issue 18); a report from an older desk has none
  const u = report.selfService;
  if (u) tiles.push(['selfService', rt(lang, 'selfService'), u.share === null ? '—' : `${(u.share * 100).toFixed(1)}%`, u.share === null ? rt(lang, 'selfServiceNone') : rt(lang, 'selfServiceOf', { opened: u.opened, customers: u.customers })]);
  return (
    <section className="report-kpis" aria-label={rt(lang, 'kpis')}>
      {tiles.map(([id, label, value, sub]) => (
        <div key={id} className="report-kpi" data-testid={`kpi-${id}`} data-value={value}>
          <div className="report-kpi__label">{label}</div>
          <div className="report-kpi__value">{value}</div>
          {sub && <div className="report-kpi__sub">{sub}</div>}
        </div>
      ))}
    </section>
  );
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0';
}

function actionLine(a: AuditEntry, lang: Lang): string {
  return `${formatClock(a.at, lang)} ${actionLabel(a.type, lang)} · ${a.actor} · ${a.orders}`;
}

export function Incidents({ report, lang }: { report: ShiftReport; lang: Lang }) {
  if (report.incidents.length === 0) return <p className="report-empty">{rt(lang, 'noIncidents')}</p>;
  return (
    <table className="report-table" data-testid="report-incidents">
      <thead>
        <tr>
          <th>{rt(lang, 'incident')}</th>
          <th className="num">{rt(lang, 'count')}</th>
          <th>{rt(lang, 'firstSeen')}</th>
          <th>{rt(lang, 'actionsTaken')}</th>
          <th className="num">{rt(lang, 'effect')}</th>
        </tr>
      </thead>
      <tbody>
        {report.incidents.map((inc) => (
          <tr key={`${inc.cause}|${inc.where}`}>
            <td>
              <strong>{causeLabel(inc.cause, lang)}</strong> · {inc.where}
              <div className="report-small">{inc.orderNos.join(', ')}</div>
            </td>
            <td className="num">{inc.count}</td>
            <td>{formatDateTime(inc.firstSeen, lang)}</td>
            <td>{inc.actions.length === 0 ? <span className="report-muted">{rt(lang, 'noActions')}</span> : inc.actions.map((a) => <div key={a.id}>{actionLine(a, lang)}</div>)}</td>
            <td className="num">
              {inc.overdueBefore} → {inc.overdueAfter}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Timeline({ entries, lang }: { entries: readonly AuditEntry[]; lang: Lang }) {
  if (entries.length === 0) return <p className="report-empty">{rt(lang, 'noEntries')}</p>;
  const shown = entries.slice(0, MAX_TIMELINE);
  return (
    <>
      <table className="report-table" data-testid="report-timeline">
        <thead>
          <tr>
            <th>{rt(lang, 'time')}</th>
            <th>{rt(lang, 'who')}</th>
            <th>{rt(lang, 'what')}</th>
            <th className="num">{rt(lang, 'orders')}</th>
            <th>{rt(lang, 'outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((a) => (
            <tr key={a.id} data-automatic={a.automatic ? '1' : undefined}>
              <td>{formatDateTime(a.at, lang)}</td>
              <td>{a.automatic ? `${rt(lang, 'automatic')} (${a.actor})` : a.actor}</td>
              <td>
                {actionLabel(a.type, lang)}
                {/* incident.state leaves no order history: its words are what tell the next shift which incident */}
                {a.detail && <div className="report-small">{a.detail}</div>}
              </td>
              <td className="num">{a.orders}</td>
              <td>{a.mutationId !== null ? `${a.outcome} #${a.mutationId}` : a.outcome}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length > shown.length && <p className="report-small">{rt(lang, 'moreEntries', { n: entries.length - shown.length })}</p>}
    </>
  );
}

export function OpenItems({ report, lang }: { report: ShiftReport; lang: Lang }) {
  if (report.openItems.length === 0) return <p className="report-empty">{rt(lang, 'openNone')}</p>;
  return (
    <table className="report-table" data-testid="report-open-items">
      <tbody>
        {report.openItems.slice(0, 12).map((o) => (
          <tr key={o.cause}>
            <td>{o.cause === 'none' ? rt(lang, 'noCause') : causeLabel(o.cause, lang)}</td>
            <td className="num">{o.count}</td>
            <td className="report-small">{o.orderNos.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Signatures({ report, lang }: { report: ShiftReport; lang: Lang }) {
  const line = (role: 'outgoing' | 'incoming', name: string) => (
    <div className="report-sign" data-testid={`sign-${role}`}>
      <div>
        {rt(lang, role)}：<span className="report-sign__name">{name}</span>
      </div>
      <div className="report-sign__line">{rt(lang, 'signature')}</div>
      <div className="report-sign__line">{rt(lang, 'date')}</div>
    </div>
  );
  return (
    <section className="report-signatures">
      {line('outgoing', report.notes.outgoing)}
      {line('incoming', report.notes.incoming)}
    </section>
  );
}
