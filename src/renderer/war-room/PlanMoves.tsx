/**
 * A plan's details, item by item: the orders it moves to another carrier or line (issue 14) and the
 * installation jobs it moves, each with where from, where to, and why (or why it cannot be placed).
 */
import type { Plan, PlanMove, PlanOrderMove } from '@shared/plans';
import { SKILL_LABELS } from '@shared/vocab';
import { useLang, useT, type Translate } from '@renderer/i18n/I18nProvider';
import type { Lang } from '@renderer/i18n/messages';
import { orderMoveRoute, orderMoveText, unplacedText } from '@renderer/war-room/planText';

const skillName = (skill: string, lang: Lang) => SKILL_LABELS[skill]?.[lang === 'en' ? 'en' : 'zh'] ?? skill;

export function moveText(m: PlanMove, t: Translate, lang: Lang): string {
  if (m.unplaced) return unplacedText(m.unplaced, t, lang);
  if (!m.reason) return '';
  const parts = [m.moved ? t('plan.move.reason', { skill: skillName(m.reason.skill, lang), km: m.reason.km, cap: m.reason.capacity, free: m.reason.freeSlots }) : t('plan.move.kept')];
  if (m.reason.sameCrew && m.moved) parts.push(t('plan.move.same'));
  if (m.overtime) parts.push(t('plan.move.overtime'));
  if (m.daysPastPromise > 0) parts.push(t('plan.move.late', { d: m.daysPastPromise, yuan: m.compensationYuan }));
  return parts.join(' · ');
}

const rowClass = (m: { unplaced: unknown; moved: boolean }) => (m.unplaced ? 'plan-move plan-move--unplaced' : m.moved ? 'plan-move' : 'plan-move plan-move--kept');

function OrderMoveRow({ m }: { m: PlanOrderMove }) {
  const t = useT();
  const [lang] = useLang();
  return (
    <li className={rowClass(m)} data-testid="plan-order-move" data-subject={m.subject} data-unplaced={m.unplaced?.code ?? undefined}>
      <span className="plan-move__no">{m.orderNo}</span>
      <span className="plan-move__to">
        <span className={`plan-move__subject plan-move__subject--${m.subject}`}>{t(`plan.order.${m.subject}`)}</span> {orderMoveRoute(m)}
      </span>
      <span className="plan-move__why">{orderMoveText(m, t, lang)}</span>
    </li>
  );
}

export function PlanMoves({ plan }: { plan: Plan }) {
  const t = useT();
  const [lang] = useLang();
  const hasOrders = plan.orderMoves.length > 0;
  return (
    <div className="plan-details">
      {hasOrders && (
        <>
          <h4 className="plan-details__head">{t('plan.orders', { n: plan.orderMoves.length })}</h4>
          <ol className="plan-moves" data-testid="plan-order-moves">
            {plan.orderMoves.map((m) => (
              <OrderMoveRow key={`${m.subject}:${m.orderId}`} m={m} />
            ))}
          </ol>
        </>
      )}
      {hasOrders && plan.moves.length > 0 && <h4 className="plan-details__head">{t('plan.jobsList', { n: plan.moves.length })}</h4>}
      {(plan.moves.length > 0 || !hasOrders) && (
        <ol className="plan-moves" data-testid="plan-moves">
          {plan.moves.map((m) => (
            <li key={m.jobId} className={rowClass(m)}>
              <span className="plan-move__no">{m.orderNo}</span>
              <span className="plan-move__to">{m.to ? `${m.from.crewName ?? '—'} ${m.from.date ?? ''} → ${m.to.crewName ?? '—'} ${m.to.date ?? ''}` : `${m.from.crewName ?? '—'} ${m.from.date ?? ''}`}</span>
              <span className="plan-move__why">{moveText(m, t, lang)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
