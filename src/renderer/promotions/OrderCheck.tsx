/**
 * One order's promotion check: the template version in force when it was signed with its rules, the
 * amounts, the server's review beside the desk's recheck with the same rule, and — for a held
 * payment — release (or pass) with a reason, sent to the server as finance.release / finance.pass.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CommandView } from '@shared/contract';
import type { PromotionCheck } from '@shared/reconciliation';
import { getDeskApi } from '@renderer/api/deskClient';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { formatDateTime } from '@renderer/i18n/timeFormat';
import { channelName, signedYuan, yuan } from '@renderer/promotions/money';

function Rules({ check }: { check: PromotionCheck }) {
  const t = useT();
  const r = check.template?.rules;
  if (!r) return null;
  const n = (x: number) => yuan(x).slice(1);
  const lines = [
    ...r.thresholds.map((s) => t('recon.check.threshold', { min: n(s.min), off: n(s.off) })),
    ...(r.perEvery ? [t('recon.check.perEvery', { step: n(r.perEvery.step), off: n(r.perEvery.off) })] : []),
    ...(r.cap !== null ? [t('recon.check.cap', { cap: n(r.cap) })] : []),
    t(r.storeCouponStacks ? 'recon.check.stacks' : 'recon.check.noStack'),
    ...(r.crossStore ? [t('recon.check.crossStore')] : []),
  ];
  return (
    <ul className="recon-rules" data-testid="recon-rules">
      {lines.map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  );
}

function Decide({ orderId, decision, onDone }: { orderId: string; decision: 'release' | 'pass'; onDone: (decision: 'release' | 'pass') => void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [command, setCommand] = useState<CommandView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fired = useRef(false);
  // the answer comes as a `command` event; the row itself once the replica's checkpoint reaches the
  // command's version (a status event), and only then is the check read again
  useEffect(() => {
    if (!command || command.state === 'rejected' || command.state === 'failed') return;
    const api = getDeskApi();
    const landed = (checkpoint: number) => {
      if (fired.current || command.state !== 'applied' || command.version === null || checkpoint < command.version) return false;
      return (fired.current = true);
    };
    const off = api.subscribe((e) => {
      if (e.type === 'command' && e.command.seq === command.seq) setCommand(e.command);
      if (e.type === 'status' && landed(e.status.checkpoint)) onDone(decision);
    });
    if (command.state === 'applied') void api.status({}).then((s) => landed(s.checkpoint) && onDone(decision));
    // the server's answer may come before this page's event stream is connected (it opens with the
    // first subscription): while the command is pending, also read its state each second, so the
    // answer is never missed
    let poll: ReturnType<typeof setInterval> | null = null;
    if (command.state === 'pending') {
      const read = () =>
        void api.commands({ limit: 200 }).then((r) => {
          const now = r.commands.find((c) => c.seq === command.seq);
          if (now && now.state !== command.state) setCommand(now);
        }, () => undefined);
      read();
      poll = setInterval(read, 1000);
    }
    return () => {
      off();
      if (poll) clearInterval(poll);
    };
  }, [command, decision, onDone]);
  const send = async (decision: 'release' | 'pass') => {
    if (reason.trim().length < 2) return setError(t('recon.decide.needReason'));
    setError(null);
    try {
      setCommand((await getDeskApi().reviewDecision({ orderId, decision, reason: reason.trim() })).command);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      setError(/forbidden|403/.test(msg) ? t('recon.decide.notAllowed') : t('recon.decide.error', { error: msg }));
    }
  };
  return (
    <div className="recon-decide" data-testid="recon-decide">
      <label>
        {t('recon.decide.reason')}
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('recon.decide.reasonHint')} maxLength={500} rows={2} data-testid="recon-reason" />
      </label>
      <div className="recon-decide__buttons">
        <button type="button" className="recon-btn recon-btn--primary" disabled={command !== null && command.state !== 'rejected' && command.state !== 'failed'} onClick={() => void send(decision)} data-testid={`recon-${decision}`}>
          {t(decision === 'release' ? 'recon.decide.release' : 'recon.decide.pass')}
        </button>
      </div>
      {command && (
        <p role="status" data-testid="recon-decision" data-state={command.state}>
          {command.state === 'pending' ? t('recon.decide.sent') : command.state === 'applied' ? t('recon.decide.applied') : t('recon.decide.rejected', { reason: command.error?.message ?? command.state })}
        </p>
      )}
      {error && <p role="alert" className="recon-error">{error}</p>}
    </div>
  );
}

export function OrderCheck({ orderId, onChanged }: { orderId: string; onChanged: () => void }) {
  const t = useT();
  const [lang] = useLang();
  const [check, setCheck] = useState<PromotionCheck | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  // the decision panel stays (with the server's answer) after the order leaves "held"
  const [decided, setDecided] = useState<'release' | 'pass' | null>(null);
  const done = useCallback((decision: 'release' | 'pass') => {
    setDecided(decision);
    setReload((n) => n + 1);
    onChanged();
  }, [onChanged]);
  useEffect(() => {
    let live = true;
    getDeskApi()
      .promotionCheck({ orderId })
      .then((c) => live && setCheck(c), (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
    };
  }, [orderId, reload]);
  if (error) return <p role="alert" className="recon-error">{t('recon.error', { error })}</p>;
  if (!check || check.order.orderId !== orderId) return <p className="recon-note">{t('recon.loading')}</p>;
  const o = check.order;
  const tpl = check.template;
  return (
    <section className="recon-check-panel" data-testid="recon-check" data-order-id={o.orderId} aria-label={t('recon.check.title', { no: o.orderNo })}>
      <h2>{t('recon.check.title', { no: o.orderNo })}</h2>
      <dl className="recon-dl">
        <dt>{t('recon.check.template')}</dt>
        <dd data-testid="recon-template">
          {tpl ? `${tpl.name} · ${tpl.id} · ${channelName(tpl.channel, lang)} · ${t('recon.check.version', { v: tpl.version })}` : (o.template ?? t('recon.check.noTemplate'))}
        </dd>
        {tpl && (
          <>
            <dt>{t('recon.check.campaign')}</dt>
            <dd>
              {formatDateTime(tpl.validFrom, lang)} – {tpl.validTo ? formatDateTime(tpl.validTo, lang) : t('recon.check.openEnded')}
            </dd>
            <dt>{t('recon.check.rules')}</dt>
            <dd>
              <Rules check={check} />
            </dd>
          </>
        )}
        {check.note && (
          <dd className="recon-note" data-testid="recon-note">
            {t(`recon.note.${check.note}`)}
          </dd>
        )}
        <dt>{t('recon.check.amount')}</dt>
        <dd className="num">{yuan(o.amount)}</dd>
        {check.couponAmount !== null && (
          <>
            <dt>{t('recon.check.coupon')}</dt>
            <dd className="num">{yuan(check.couponAmount)}</dd>
          </>
        )}
        {check.basketOrders.length > 1 && (
          <>
            <dt>{t('recon.check.basket')}</dt>
            <dd data-testid="recon-basket">{check.basketOrders.map((b) => `${b.orderNo} ${yuan(b.amount)}`).join(' · ')}</dd>
          </>
        )}
        <dt>{t('recon.check.expected')}</dt>
        <dd className="num" data-testid="recon-expected">
          {yuan(o.expected)} <span className="recon-by">({t(`recon.check.by.${o.checkedBy}`)})</span>
        </dd>
        {o.checkedBy === 'server' && (
          <>
            <dt>{t('recon.check.deskExpected')}</dt>
            <dd className="num" data-testid="recon-desk-expected">{yuan(check.deskExpected)}</dd>
          </>
        )}
        <dt>{t('recon.check.actual')}</dt>
        <dd className="num" data-testid="recon-actual">{yuan(o.actual)}</dd>
        <dt>{t('recon.check.difference')}</dt>
        <dd className={`num${o.flagged ? ' recon--red' : ''}`} data-testid="recon-difference">{signedYuan(o.difference)}</dd>
        <dt>{t('recon.check.review')}</dt>
        <dd data-testid="recon-review" data-review={o.review}>{t(`recon.review.${o.review}`)}</dd>
        {check.reviewReason && (
          <>
            <dt>{t('recon.check.reason')}</dt>
            <dd>{check.reviewReason}</dd>
          </>
        )}
      </dl>
      {(o.review === 'held' || o.review === 'pending' || decided) && <Decide orderId={o.orderId} decision={decided ?? (o.review === 'held' ? 'release' : 'pass')} onDone={done} />}
    </section>
  );
}
