/**
 * One contingency plan as a card: what it does in one line, its figures, crew loads, a sample text,
 * preview, details (orders and jobs, item by item) and apply. Every plan family has the same card.
 */
import { letterOf } from '@shared/plans';
import { useState } from 'react';
import type { Plan } from '@shared/plans';
import { useT } from '@renderer/i18n/I18nProvider';
import { PlanMoves } from '@renderer/war-room/PlanMoves';
import { changesNothing, planCounts, planHeadline } from '@renderer/war-room/planText';

export type ApplyState = { kind: 'idle' } | { kind: 'sending' } | { kind: 'pending'; actionId: string } | { kind: 'applied'; actionId: string } | { kind: 'rejected'; actionId: string; reason: string; rows: number } | { kind: 'error'; error: string };

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
  const [open, setOpen] = useState(false);
  const s = plan.summary;
  const letter = letterOf(plan.kind);
  const busy = apply.kind === 'sending' || apply.kind === 'pending';
  const nothing = changesNothing(plan);
  // crews travel only in plans that move jobs to crews; an order plan shows its orders instead (also
  // when none can move: "0 orders moved" says more than "travel 0 km" on a carrier switch)
  const orderPlan = plan.orderMoves.length > 0 && s.travelKm === 0;
  return (
    <article className={`plan-card plan-card--${plan.kind} plan-card--${letter}`} data-testid="plan-card" data-kind={plan.kind} data-plan-id={plan.id} aria-label={t(`plan.kind.${plan.kind}`)}>
      <header className="plan-card__head">
        <span className="plan-card__letter">{letter}</span>
        <h3>{t(`plan.kind.${plan.kind}`)}</h3>
        <span className="plan-card__solver" title={`${plan.solver.status} · ${plan.solver.columns}×${plan.solver.rows}`}>{t('plan.solved', { ms: plan.solver.ms })}</span>
      </header>
      <p className="plan-card__headline" data-testid="plan-headline">{planHeadline(plan, t)}</p>
      {plan.revision && (
        <div className="plan-card__revision" data-testid="plan-revision">
          <p>{t('plan.revised', { n: plan.revision.changed.length })}</p>
          <ul>
            {plan.revision.changed.slice(0, 8).map((c) => (
              <li key={c.jobId}>
                {/* an order move's change is listed under its order id (families.ts) */}
                {plan.moves.find((m) => m.jobId === c.jobId)?.orderNo ?? plan.orderMoves.find((m) => m.orderId === c.jobId)?.orderNo ?? c.jobId}: {c.before ? `${c.before.crewName} ${c.before.date}` : '—'} → {c.after ? `${c.after.crewName} ${c.after.date}` : t('plan.move.kept')}
              </li>
            ))}
          </ul>
        </div>
      )}
      <dl className="plan-card__figures">
        <div data-testid="plan-covered"><dt>{t('plan.covered', { covered: s.covered, jobs: s.jobs })}</dt>{s.uncovered > 0 && <dd className="plan-card__warn">{t('plan.uncovered', { n: s.uncovered })}</dd>}</div>
        <div><dt>{t('plan.onTime', { rate: Math.round(s.predictedOnTimeRate * 100) })}</dt><dd>{t('plan.lateness', { h: s.latenessHours })}</dd></div>
        <div><dt>{orderPlan ? t('plan.ordersMoved', { n: planCounts(plan).orders }) : t('plan.travel', { km: Math.round(s.travelKm) })}</dt><dd data-testid="plan-texts">{t('plan.texts', { n: s.textsToSend })}</dd></div>
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
          <button type="button" className="btn btn--primary" disabled={busy || nothing} onClick={props.onApply} data-testid="plan-apply">
            {nothing ? t('plan.nothing') : t('plan.apply')}
          </button>
        )}
      </div>
      <ApplyStatus apply={apply} onReplan={props.onReplan} />
      {open && <PlanMoves plan={plan} />}
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
