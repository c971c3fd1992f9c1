/**
 * The shift report print view (`?view=report[&shift=START][&lang=en]`): A4, light, one layout
 * for the three ways to a PDF (Electron printToPDF, the browser's print, the headless CLI).
 * It marks <html data-report-ready="1"> once the data is in and every chart is drawn, or
 * data-report-error with the message, so a printer never waits on a silent page.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ShiftReport } from '@shared/report';
import { getDeskApi } from '@renderer/api/deskClient';
import { useLang } from '@renderer/i18n/I18nProvider';
import { causeLabel } from '@renderer/i18n/labels';
import type { Lang } from '@renderer/i18n/messages';
import { formatClock, formatDate, formatDateTime } from '@renderer/i18n/timeFormat';
import { ReportChart, barOption, lineOption } from '@renderer/report/ReportChart';
import { Incidents, Kpis, OpenItems, Signatures, Timeline } from '@renderer/report/ReportSections';
import { rt } from '@renderer/report/reportMessages';
import '@renderer/report/report.css';

export function ReportView() {
  const params = useMemo(() => new URLSearchParams(window.location.search), []);
  const [lang, setLang] = useLang();
  const [report, setReport] = useState<ShiftReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.documentElement.classList.add('report-mode');
    const wanted = params.get('lang');
    if (wanted === 'en' || wanted === 'zh-CN') setLang(wanted);
    const shiftStart = params.get('shift') ?? undefined;
    getDeskApi()
      .shiftReport(shiftStart ? { shiftStart } : {})
      .then(setReport, (err: unknown) => {
        const msg = err instanceof Error ? err.message : String(err);
        setError(msg);
        document.documentElement.dataset.reportError = msg;
      });
  }, [params, setLang]);

  // the charts draw in their layout effects, which run before this page's effects: ready means drawn
  const onRendered = useCallback(() => undefined, []);
  useEffect(() => {
    if (report) document.documentElement.dataset.reportReady = '1';
  }, [report, lang]);

  if (error) return <p className="report-error" role="alert">{rt(lang, 'failed', { msg: error })}</p>;
  if (!report) return <p className="report-loading">{rt(lang, 'loading')}</p>;
  return <ReportPage report={report} lang={lang} setLang={setLang} onRendered={onRendered} onNotes={(notes) => setReport({ ...report, notes })} />;
}

function ReportPage({ report, lang, setLang, onRendered, onNotes }: { report: ShiftReport; lang: Lang; setLang: (l: Lang) => void; onRendered: () => void; onNotes: (n: ShiftReport['notes']) => void }) {
  const shiftName = lang === 'en' ? report.shift.en : report.shift.zh;
  const series = useMemo(() => lineOption(report.overdueSeries.map((p) => formatClock(p.at, lang).slice(0, 5)), report.overdueSeries.map((p) => p.count)), [report, lang]);
  const causes = useMemo(() => barOption(report.causes.slice(0, 9).map((c) => causeLabel(c.cause, lang)), report.causes.slice(0, 9).map((c) => c.count), '#d35400'), [report, lang]);
  const crews = useMemo(
    () => barOption(report.crewLoad.slice(0, 10).map((c) => c.name), report.crewLoad.slice(0, 10).map((c) => c.jobs), '#2471a3', report.crewLoad.slice(0, 10).map((c) => c.capacity)),
    [report, lang],
  );
  return (
    <article className="report" data-testid="shift-report" lang={lang}>
      <Toolbar report={report} lang={lang} setLang={setLang} onNotes={onNotes} />
      <header className="report-head">
        <div>
          <h1>{rt(lang, 'title')}</h1>
          <div className="report-sub">{rt(lang, 'subtitle')}</div>
        </div>
        <dl className="report-meta">
          <dt>{rt(lang, 'shift')}</dt>
          <dd data-testid="report-shift">
            {shiftName} {formatDate(report.shift.start, lang)}
          </dd>
          <dt>{rt(lang, 'window')}</dt>
          <dd>
            {formatDateTime(report.shift.start, lang)} – {formatDateTime(report.windowEnd, lang)} {!report.complete && rt(lang, 'inProgress')}
          </dd>
          <dt>{rt(lang, 'asOf')}</dt>
          <dd>
            {formatDateTime(report.asOf, lang)} · {rt(lang, 'version')} {report.checkpoint}
          </dd>
          <dt>{rt(lang, 'server')}</dt>
          <dd>{report.serverUrl}</dd>
        </dl>
      </header>
      <h2>{rt(lang, 'kpis')}</h2>
      <Kpis report={report} lang={lang} />
      <h2>{rt(lang, 'overdueChart')}</h2>
      <ReportChart option={series} width={700} height={180} testId="chart-overdue" onRendered={onRendered} />
      <div className="report-two">
        <div>
          <h2>{rt(lang, 'causesChart')}</h2>
          {report.causes.length === 0 && <p className="report-empty">{rt(lang, 'noData')}</p>}
          <ReportChart option={causes} width={340} height={report.causes.length === 0 ? 1 : 190} testId="chart-causes" onRendered={onRendered} />
        </div>
        <div>
          <h2>{rt(lang, 'crewChart', { date: formatDate(report.shift.start, lang) })}</h2>
          {report.crewLoad.length === 0 && <p className="report-empty">{rt(lang, 'noData')}</p>}
          <ReportChart option={crews} width={340} height={report.crewLoad.length === 0 ? 1 : 190} testId="chart-crews" onRendered={onRendered} />
        </div>
      </div>
      <h2 className="report-break-before">{rt(lang, 'incidents')}</h2>
      <Incidents report={report} lang={lang} />
      <h2>{rt(lang, 'timeline')}</h2>
      <Timeline entries={report.actions} lang={lang} />
      <section className="report-handover">
        <h2>{rt(lang, 'openItems')}</h2>
        <OpenItems report={report} lang={lang} />
        <h2>{rt(lang, 'notes')}</h2>
        <div className="report-notes print-only" data-testid="report-notes">
          {report.notes.text || '—'}
        </div>
        <Signatures report={report} lang={lang} />
      </section>
    </article>
  );
}

function Toolbar({ report, lang, setLang, onNotes }: { report: ShiftReport; lang: Lang; setLang: (l: Lang) => void; onNotes: (n: ShiftReport['notes']) => void }) {
  const [text, setText] = useState(report.notes.text);
  const [outgoing, setOutgoing] = useState(report.notes.outgoing);
  const [incoming, setIncoming] = useState(report.notes.incoming);
  const [status, setStatus] = useState<string | null>(null);
  const save = () => {
    getDeskApi()
      .saveShiftNotes({ shiftStart: report.shift.start, text, outgoing, incoming })
      .then(
        (notes) => {
          onNotes(notes);
          setStatus(rt(lang, 'saved', { time: formatClock(notes.savedAt ?? report.asOf, lang) }));
        },
        (err: unknown) => setStatus(rt(lang, 'failed', { msg: err instanceof Error ? err.message : String(err) })),
      );
  };
  return (
    <div className="report-toolbar no-print">
      <button type="button" onClick={() => window.print()}>
        {rt(lang, 'print')}
      </button>
      <button type="button" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
        {rt(lang, 'language')}
      </button>
      <label>
        {rt(lang, 'outgoing')} <input value={outgoing} maxLength={100} onChange={(e) => setOutgoing(e.target.value)} data-testid="notes-outgoing" />
      </label>
      <label>
        {rt(lang, 'incoming')} <input value={incoming} maxLength={100} onChange={(e) => setIncoming(e.target.value)} data-testid="notes-incoming" />
      </label>
      <textarea value={text} maxLength={4000} placeholder={rt(lang, 'notesPlaceholder')} onChange={(e) => setText(e.target.value)} data-testid="notes-text" />
      <button type="button" onClick={save} data-testid="notes-save">
        {rt(lang, 'save')}
      </button>
      {status && <span role="status">{status}</span>}
    </div>
  );
}
