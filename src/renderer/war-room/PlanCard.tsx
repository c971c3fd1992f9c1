/** One contingency plan as a card: its figures, crew loads, a sample text, preview, details and apply. */
import { letterOf } from '@shared/plans';
import { useState } from 'react';
import type { Plan, PlanMove } from '@shared/plans';
import { SKILL_LABELS } from '@shared/vocab';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import type { Lang, MessageKey } from '@renderer/i18n/messages';

export type ApplyState = { kind: 'idle' } | { kind: 'sending' } | { kind: 'pending'; actionId: string } | { kind: 'applied'; actionId: string } | { kind: 'rejected'; actionId: string; reason: string; rows: number } | { kind: 'error'; error: string };

const skillName = (skill: string, lang: Lang) => SKILL_LABELS[skill]?.[lang === 'en' ? 'en' : 'zh'] ?? skill;

export function moveText(m: PlanMove, t: (k: MessageKey, v?: Record<string, string | number>) => string, lang: Lang): string {
  if (m.unplaced) return t(`plan.unplaced.${m.unplaced.code}` as MessageKey, { detail: m.unplaced.detail });
  if (!m.reason) return '';
  const parts = [m.moved ? t('plan.move.reason', { skill: skillName(m.reason.skill, lang), km: m.reason.km, cap: m.reason.capacity, free: m.reason.freeSlots }) : t('plan.move.kept')];
  if (m.reason.sameCrew && m.moved) parts.push(t('plan.move.same'));
  if (m.overtime) parts.push(t('plan.move.overtime'));
  if (m.daysPastPromise > 0) parts.push(t('plan.move.late', { d: m.daysPastPromise, yuan: m.compensationYuan }));
  return parts.join(' · ');
}

export function PlanCard(props: {
  plan: Plan;
  previewing: boolean;
  apply: ApplyState;
  onPreview: () => void;
  onApply: () => void;
  onUndo: (actionId: string) => void;
  onReplan: () => void;
}) {
  const { plan, apply } = props;
  const t = useT();
  const [lang] = useLang();
  const [open, setOpen] = useState(false);
  const s = plan.summary;
  const letter = letterOf(plan.kind);
  const busy = apply.kind === 'sending' || apply.kind === 'pending';
  return (
    <article className={`plan-card plan-card--${plan.kind}`} data-testid="plan-card" data-kind={plan.kind} data-plan-id={plan.id} aria-label={t(`plan.kind.${plan.kind}`)}>
      <header className="plan-card__head">
        <span className="plan-card__letter">{letter}</span>
        <h3>{t(`plan.kind.${plan.kind}`)}</h3>
        <span className="plan-card__solver" title={`${plan.solver.status} · ${plan.solver.columns}×${plan.solver.rows}`}>{t('plan.solved', { ms: plan.solver.ms })}</span>
      </header>
      {plan.revision && (
        <div className="plan-card__revision" data-testid="plan-revision">
          <p>{t('plan.revised', { n: plan.revision.changed.length })}</p>
          <ul>
            {plan.revision.changed.slice(0, 8).map((c) => (
              <li key={c.jobId}>
                {plan.moves.find((m) => m.jobId === c.jobId)?.orderNo ?? c.jobId}: {c.before ? `${c.before.crewName} ${c.before.date}` : '—'} → {c.after ? `${c.after.crewName} ${c.after.date}` : t('plan.move.kept')}
              </li>
            ))}
          </ul>
        </div>
      )}
      <dl className="plan-card__figures">
        <div data-testid="plan-covered"><dt>{t('plan.covered', { covered: s.covered, jobs: s.jobs })}</dt>{s.uncovered > 0 && <dd className="plan-card__warn">{t('plan.uncovered', { n: s.uncovered })}</dd>}</div>
        <div><dt>{t('plan.onTime', { rate: Math.round(s.predictedOnTimeRate * 100) })}</dt><dd>{t('plan.lateness', { h: s.latenessHours })}</dd></div>
        <div><dt>{t('plan.travel', { km: Math.round(s.travelKm) })}</dt><dd data-testid="plan-texts">{t('plan.texts', { n: s.textsToSend })}</dd></div>
        <div><dt data-testid="plan-cost">{t('plan.cost', { yuan: s.costYuan })}</dt><dd>{t('plan.costDetail', { comp: s.compensationYuan, n: s.overtimeJobs, ot: s.overtimeYuan })}</dd></div>
      </dl>
      {plan.crewLoads.length > 0 && (
        <div className="plan-card__loads" aria-label={t('plan.loads')}>
          <span className="plan-card__label">{t('plan.loads')}</span>
          {plan.crewLoads.slice(0, 4).map((c) => (
            <div key={c.crewId} className="plan-load" title={`${c.crewName}: ${c.before} → ${c.after} / ${c.capacity}`}>
              <span className="plan-load__name">{c.crewName}</span>
              <span className="plan-load__bar" aria-hidden="true">
                <i style={{ width: `${Math.min(100, (c.before / Math.max(1, c.capacity)) * 100)}%` }} />
                <b style={{ width: `${Math.min(100, (c.after / Math.max(1, c.capacity)) * 100)}%` }} />
              </span>
              <span className="plan-load__n">{c.before}→{c.after}/{c.capacity}</span>
            </div>
          ))}
        </div>
      )}
      {plan.texts[0] && (
        <p className="plan-card__sms" title={t('plan.sample')}>
          {plan.texts[0].sample}
        </p>
      )}
      <div className="plan-card__actions">
        <button type="button" className="btn" onClick={props.onPreview} aria-pressed={props.previewing} data-testid="plan-preview">
          {props.previewing ? t('plan.previewOff') : t('plan.preview')}
        </button>
        <button type="button" className="btn" onClick={() => setOpen(!open)} aria-expanded={open} data-testid="plan-details">
          {open ? t('plan.hideDetails') : t('plan.details')}
        </button>
        {apply.kind === 'applied' ? (
          <button type="button" className="btn btn--warn" onClick={() => props.onUndo(apply.actionId)} data-testid="plan-undo">
            {t('plan.undo')}
          </button>
        ) : (
          <button type="button" className="btn btn--primary" disabled={busy || s.moved === 0} onClick={props.onApply} data-testid="plan-apply">
            {s.moved === 0 ? t('plan.nothing') : t('plan.apply')}
          </button>
        )}
      </div>
      <ApplyStatus apply={apply} onReplan={props.onReplan} />
      {open && (
        <ol className="plan-moves" data-testid="plan-moves">
          {plan.moves.map((m) => (
            <li key={m.jobId} className={m.unplaced ? 'plan-move plan-move--unplaced' : m.moved ? 'plan-move' : 'plan-move plan-move--kept'}>
              <span className="plan-move__no">{m.orderNo}</span>
              <span className="plan-move__to">{m.to ? `${m.from.crewName ?? '—'} ${m.from.date ?? ''} → ${m.to.crewName} ${m.to.date}` : `${m.from.crewName ?? '—'} ${m.from.date ?? ''}`}</span>
              <span className="plan-move__why">{moveText(m, t, lang)}</span>
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}

function ApplyStatus({ apply, onReplan }: { apply: ApplyState; onReplan: () => void }) {
  const t = useT();
  if (apply.kind === 'pending' || apply.kind === 'sending') return <p className="plan-card__status" role="status" data-testid="plan-status" data-state="pending"><span className="spinner" aria-hidden="true" /> {t('plan.sent')}</p>;
  if (apply.kind === 'applied') return <p className="plan-card__status plan-card__status--ok" role="status" data-testid="plan-status" data-state="applied">{t('plan.applied')}</p>;
  if (apply.kind === 'error') return <p className="plan-card__status plan-card__status--bad" role="alert" data-testid="plan-status" data-state="error">{t('plan.error', { error: apply.error })}</p>;
  if (apply.kind === 'rejected')
    return (
      <div className="plan-card__status plan-card__status--bad" role="alert" data-testid="plan-status" data-state="rejected">
        <p>{t('plan.rejected', { reason: apply.reason })}</p>
        {apply.rows > 0 && (
          <button type="button" className="btn" onClick={onReplan} data-testid="plan-replan">
            {t('plan.replan', { n: apply.rows })}
          </button>
        )}
      </div>
    );
  return null;
}
