/**
 * Manual bulk re-assign (issue 6 item 6): the installations of the orders picked on the map, the
 * crews the desk suggests for them (each with its load per day and why), a day, and one re-assign
 * that sends only what the chosen crew can take, then follows the command until the server answers.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { chooseForCrew, type BulkChoice, type BulkJob, type CrewSuggestion, type CrewSuggestions } from '@shared/plans';
import { SKILL_LABELS } from '@shared/vocab';
import { getDeskApi } from '@renderer/api/deskClient';
import { describeError } from '@renderer/api/deskError';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import type { Lang, MessageKey } from '@renderer/i18n/messages';
import { commandStore, useCommands } from '@renderer/state/commandStore';
import { ConfirmDialog } from '@renderer/war-room/ConfirmDialog';
// plans.css holds the shared button, spinner and confirmation styles
import '@renderer/styles/plans.css';
import '@renderer/styles/bulk.css';

type Loaded = { kind: 'loading' } | { kind: 'ready'; s: CrewSuggestions } | { kind: 'error'; error: string };
type Sent = { kind: 'idle' } | { kind: 'sending' } | { kind: 'sent'; seq: number; n: number } | { kind: 'error'; error: string };
type T = (k: MessageKey, v?: Record<string, string | number>) => string;

const skillName = (skill: string, lang: Lang) => SKILL_LABELS[skill]?.[lang === 'en' ? 'en' : 'zh'] ?? skill;
/** dates are the server's Shanghai dates (YYYY-MM-DD); the month and day are enough within three days */
const day = (date: string | null) => (date ? date.slice(5) : '');
const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), summary, [tabindex="0"]';

/** `date`: the first day to offer (a customer's wanted date, issue 18); else the earliest the policy allows. */
export function BulkReassignDialog({ orderIds, onClose, date: fromDate }: { orderIds: readonly string[]; onClose: () => void; date?: string }) {
  const t = useT();
  const [lang] = useLang();
  const commands = useCommands((s) => s.commands);
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [crewId, setCrewId] = useState<string | null>(null);
  const [date, setDate] = useState<string | null>(null);
  const [sent, setSent] = useState<Sent>({ kind: 'idle' });
  const [confirming, setConfirming] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    setLoaded({ kind: 'loading' });
    getDeskApi()
      .crewSuggestions({ orderIds: [...orderIds], ...(fromDate ? { date: fromDate } : {}) })
      .then(
        (s) => {
          setLoaded({ kind: 'ready', s });
          // the best-ranked crew and the first day, so Enter on the apply button does the obvious thing
          setCrewId((now) => (now && s.crews.some((c) => c.crewId === now) ? now : (s.crews[0]?.crewId ?? null)));
          setDate((now) => (now && s.dates.includes(now) ? now : (s.dates[0] ?? null)));
        },
        (err: unknown) => setLoaded({ kind: 'error', error: describeError(err) }),
      );
  }, [orderIds, fromDate]);
  useEffect(load, [load]);
  useEffect(() => box.current?.focus(), []);

  const s = loaded.kind === 'ready' ? loaded.s : null;
  const crew = s?.crews.find((c) => c.crewId === crewId) ?? null;
  const choice = useMemo(() => (s && crewId && date ? chooseForCrew(s, crewId, date) : null), [s, crewId, date]);
  // the command's answer comes through the outbox (an event or the next read of `commands`)
  const answer = sent.kind === 'sent' ? commands.find((c) => c.seq === sent.seq) : undefined;
  const busy = sent.kind === 'sending' || (sent.kind === 'sent' && (!answer || answer.state === 'pending'));
  // once applied the loads shown are stale: another re-assign waits for "compute again"
  const done = sent.kind === 'sent' && answer?.state === 'applied';
  const refresh = () => {
    setSent({ kind: 'idle' });
    load();
    box.current?.focus(); // the button pressed goes away with the status
  };

  const apply = () => {
    if (!crew || !date || !choice || choice.take.length === 0) return;
    const n = choice.take.length;
    setSent({ kind: 'sending' });
    getDeskApi()
      .reassignJobs({ jobs: choice.take.map((jobId) => ({ jobId, crewId: crew.crewId, date })), label: t('bulk.label', { n, crew: crew.crewName, date }) })
      .then(
        (r) => {
          commandStore.upsert(r.command);
          setSent({ kind: 'sent', seq: r.command.seq, n });
        },
        (err: unknown) => setSent({ kind: 'error', error: describeError(err) }),
      );
  };

  // Esc closes the confirmation when open, else the dialog, wherever the focus is; it is taken
  // before the war room's own Esc (on window, bubbling), which would clear the pick behind
  const escape = useRef(() => {});
  escape.current = () => (confirming ? setConfirming(false) : onClose());
  useEffect(() => {
    const onEsc = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      escape.current();
    };
    window.addEventListener('keydown', onEsc, true);
    return () => window.removeEventListener('keydown', onEsc, true);
  }, []);

  // Tab stays inside the dialog; the war room's shortcuts (j/k, /, ?) would act behind it
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    e.stopPropagation();
    if (e.key !== 'Tab' || confirming || !box.current) return;
    const all = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = all[0];
    const last = all.at(-1);
    if (e.shiftKey && (document.activeElement === first || document.activeElement === box.current)) {
      e.preventDefault();
      last?.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first?.focus();
    }
  };

  return (
    <div className="bulk-backdrop" onKeyDown={onKeyDown} onClick={() => !confirming && onClose()}>
      <div className="bulk" role="dialog" aria-modal="true" aria-labelledby="bulk-title" tabIndex={-1} ref={box} data-testid="bulk-dialog" data-state={loaded.kind} onClick={(e) => e.stopPropagation()}>
        <header className="bulk__head">
          <h2 id="bulk-title">{t('bulk.title', { n: orderIds.length })}</h2>
          <button type="button" className="btn btn--small" onClick={onClose} aria-label={t('bulk.close')} data-testid="bulk-close">
            ✕
          </button>
        </header>
        {loaded.kind === 'loading' && (
          <p role="status" className="bulk__note">
            <span className="spinner" aria-hidden="true" /> {t('bulk.loading')}
          </p>
        )}
        {loaded.kind === 'error' && (
          <div className="panel-error" role="alert" data-testid="bulk-error">
            {t('bulk.error', { error: loaded.error })}{' '}
            <button type="button" className="btn btn--small" onClick={load}>
              {t('bulk.retry')}
            </button>
          </div>
        )}
        {s && <JobsSummary jobs={s.jobs} t={t} lang={lang} />}
        {s && s.jobs.length > 0 && (
          <>
            <fieldset className="bulk__dates">
              <legend>{t('bulk.date')}</legend>
              {s.dates.map((d) => (
                <label key={d} className={`bulk-date${d === date ? ' bulk-date--on' : ''}`}>
                  <input type="radio" name="bulk-date" value={d} checked={d === date} onChange={() => setDate(d)} disabled={busy} data-testid="bulk-date" />
                  {d}
                </label>
              ))}
            </fieldset>
            <fieldset className="bulk__crews">
              <legend>{t('bulk.crews')}</legend>
              {s.crews.length === 0 && <p className="bulk__note" data-testid="bulk-no-crews">{t('bulk.noCrews')}</p>}
              <div className="bulk__crew-list">
                {s.crews.map((c) => (
                  <CrewOption key={c.crewId} crew={c} jobs={s.jobs.length} chosen={c.crewId === crewId} date={date} disabled={busy} onChoose={() => setCrewId(c.crewId)} t={t} lang={lang} />
                ))}
              </div>
            </fieldset>
          </>
        )}
        {crew && date && choice && <ChoiceLine crew={crew} date={date} choice={choice} t={t} />}
        <footer className="bulk__foot">
          <SentStatus sent={sent} answer={answer} t={t} onRefresh={refresh} />
          <button type="button" className="btn" onClick={onClose}>
            {t('bulk.close')}
          </button>
          <button type="button" className="btn btn--primary" disabled={!choice || choice.take.length === 0 || busy || done} onClick={() => setConfirming(true)} data-testid="bulk-apply">
            {t('bulk.apply', { n: choice?.take.length ?? 0 })}
          </button>
        </footer>
      </div>
      {confirming && crew && date && choice && (
        <ConfirmDialog
          text={t('bulk.confirm', { n: choice.take.length, crew: crew.crewName, date })}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            apply();
            box.current?.focus();
          }}
        />
      )}
    </div>
  );
}

function JobsSummary({ jobs, t, lang }: { jobs: readonly BulkJob[]; t: T; lang: Lang }) {
  if (jobs.length === 0) return <p className="bulk__note" data-testid="bulk-jobs">{t('bulk.noJobs')}</p>;
  const ok = jobs.filter((j) => j.plannable).length;
  return (
    <details className="bulk__jobs">
      <summary data-testid="bulk-jobs" data-jobs={jobs.length} data-plannable={ok}>
        {t('bulk.jobs', { jobs: jobs.length, ok, bad: jobs.length - ok })} · {t('bulk.jobList')}
      </summary>
      <ol>
        {jobs.map((j) => (
          <li key={j.jobId} className={j.plannable ? '' : 'bulk-job--stuck'} data-testid="bulk-job">
            <span className="bulk-job__no">{j.orderNo}</span>
            <span>{skillName(j.skill, lang)} · {j.district}</span>
            <span>{j.crewName ? t('bulk.job.from', { crew: j.crewName, date: day(j.date) }) : t('bulk.job.unbooked')}</span>
            {j.why && <span className="bulk-job__why">{t(`plan.unplaced.${j.why.code}` as MessageKey, { detail: j.why.detail })}</span>}
          </li>
        ))}
      </ol>
    </details>
  );
}

function CrewOption(props: { crew: CrewSuggestion; jobs: number; chosen: boolean; date: string | null; disabled: boolean; onChoose: () => void; t: T; lang: Lang }) {
  const { crew: c, t } = props;
  const skills = c.reason.skills.map((s) => skillName(s, props.lang)).join('、');
  return (
    <label className={`bulk-crew${props.chosen ? ' bulk-crew--on' : ''}`} data-testid="bulk-crew" data-crew-id={c.crewId}>
      <input type="radio" name="bulk-crew" value={c.crewId} checked={props.chosen} onChange={props.onChoose} disabled={props.disabled} />
      <span className="bulk-crew__name">{c.crewName}</span>
      <span className="bulk-crew__fits">{t('bulk.fits', { fits: c.fits, jobs: props.jobs })}</span>
      <span className="bulk-crew__why">{t('bulk.reason', { skills, districts: c.reason.districts.join('、'), km: c.km })}</span>
      <span className="bulk-crew__days">
        {c.dates.map((d) => (
          <span key={d.date} className={`bulk-day${d.off ? ' bulk-day--off' : ''}${d.date === props.date ? ' bulk-day--chosen' : ''}${d.load >= d.capacity ? ' bulk-day--full' : ''}`} title={t('bulk.dayTitle', { date: d.date, load: d.load, cap: d.capacity })}>
            <span className="bulk-day__bar" aria-hidden="true">
              <i style={{ width: d.off ? '100%' : `${Math.min(100, (d.load / Math.max(1, d.capacity)) * 100)}%` }} />
            </span>
            <span className="bulk-day__n">{d.off ? t('bulk.dayOff', { date: day(d.date), reason: d.off }) : t('bulk.day', { date: day(d.date), load: d.load, cap: d.capacity })}</span>
          </span>
        ))}
      </span>
    </label>
  );
}

function ChoiceLine({ crew, date, choice, t }: { crew: CrewSuggestion; date: string; choice: BulkChoice; t: T }) {
  const reasons = (Object.entries(choice.skipped) as [keyof BulkChoice['skipped'], number][]).filter(([, n]) => n > 0).map(([why, n]) => t(`bulk.skip.${why}`, { n }));
  const skipped = Object.values(choice.skipped).reduce((a, b) => a + b, 0);
  return (
    <p className="bulk__choice" data-testid="bulk-choice" data-take={choice.take.length} data-skipped={skipped} data-crew-id={crew.crewId} data-date={date} data-job-ids={choice.take.join(' ')}>
      {t('bulk.plan', { n: choice.take.length, crew: crew.crewName, date })}
      {skipped > 0 && (
        <span className="bulk__skipped">
          {' · '}
          {t('bulk.skipped', { n: skipped })}
          {reasons.join('，')}
        </span>
      )}
    </p>
  );
}

function SentStatus({ sent, answer, t, onRefresh }: { sent: Sent; answer: { state: string; error: { code: string; message: string } | null } | undefined; t: T; onRefresh: () => void }) {
  if (sent.kind === 'idle') return <span className="bulk__status" />;
  if (sent.kind === 'error') return <span className="bulk__status bulk__status--bad" role="alert" data-testid="bulk-status" data-state="error">{t('bulk.failed', { error: sent.error })}</span>;
  if (sent.kind === 'sending' || !answer || answer.state === 'pending')
    return (
      <span className="bulk__status" role="status" data-testid="bulk-status" data-state="pending">
        <span className="spinner" aria-hidden="true" /> {t(sent.kind === 'sending' ? 'bulk.sending' : 'bulk.pending')}
      </span>
    );
  if (answer.state === 'applied')
    return (
      <span className="bulk__status bulk__status--ok" role="status" data-testid="bulk-status" data-state="applied">
        {t('bulk.applied', { n: sent.n })}{' '}
        <button type="button" className="btn btn--small" onClick={onRefresh} data-testid="bulk-refresh">
          {t('bulk.refresh')}
        </button>
      </span>
    );
  const reason = answer.error ? `${answer.error.code}: ${answer.error.message}` : answer.state;
  return (
    <span className="bulk__status bulk__status--bad" role="alert" data-testid="bulk-status" data-state={answer.state}>
      {t('bulk.rejected', { reason })}{' '}
      <button type="button" className="btn btn--small" onClick={onRefresh} data-testid="bulk-refresh">
        {t('bulk.refresh')}
      </button>
    </span>
  );
}
