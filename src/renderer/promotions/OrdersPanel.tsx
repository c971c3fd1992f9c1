/** A cell's orders (the drill-down): what makes up the channel's gap that day, biggest difference first. */
import { useEffect, useState } from 'react';
import type { ReconOrders } from '@shared/reconciliation';
import type { Channel } from '@shared/vocab';
import { getDeskApi } from '@renderer/api/deskClient';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { channelName, signedYuan, yuan } from '@renderer/promotions/money';
import { ExportButton } from '@renderer/promotions/ExportButton';

export function OrdersPanel({ channel, day, reload, picked, onPick, onClose }: { channel: Channel; day: string; reload: number; picked: string | null; onPick: (orderId: string) => void; onClose: () => void }) {
  const t = useT();
  const [lang] = useLang();
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  const [data, setData] = useState<ReconOrders | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setError(null);
    getDeskApi()
      .reconciliationOrders({ channel, day, flaggedOnly })
      .then((d) => live && setData(d), (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
    };
  }, [channel, day, flaggedOnly, reload]);

  const gap = data?.totals.difference ?? 0;
  return (
    <section className="recon-orders" data-testid="recon-orders" aria-label={t('recon.orders.title', { channel: channelName(channel, lang), day })}>
      <header className="recon-orders__head">
        <h2>{t('recon.orders.title', { channel: channelName(channel, lang), day })}</h2>
        {data && gap !== 0 && (
          <span className={`recon-gap${data.totals.flagged > 0 ? ' recon--red' : ''}`} data-testid="recon-gap">
            {gap > 0 ? t('recon.orders.short', { yuan: yuan(gap).slice(1) }) : t('recon.orders.over', { yuan: yuan(-gap).slice(1) })}
          </span>
        )}
        <label className="recon-check">
          <input type="checkbox" checked={flaggedOnly} onChange={(e) => setFlaggedOnly(e.target.checked)} data-testid="recon-flagged-only" />
          {t('recon.orders.flaggedOnly')}
        </label>
        <ExportButton input={{ table: 'orders', channel, day, lang }} testId="recon-export-orders" />
        <button type="button" className="recon-btn" onClick={onClose} data-testid="recon-orders-close">
          {t('recon.orders.close')}
        </button>
      </header>
      {error && <p role="alert" className="recon-error">{t('recon.error', { error })}</p>}
      {data && (
        <table className="recon-table" data-testid="recon-orders-table">
          <thead>
            <tr>
              <th>{t('recon.col.orderNo')}</th>
              <th>{t('recon.col.template')}</th>
              <th className="num">{t('recon.col.amount')}</th>
              <th className="num">{t('recon.col.expected')}</th>
              <th className="num">{t('recon.col.actual')}</th>
              <th className="num">{t('recon.col.difference')}</th>
              <th>{t('recon.col.review')}</th>
            </tr>
          </thead>
          <tbody>
            {data.orders.map((o) => (
              <tr
                key={o.orderId}
                className={`recon-row${o.flagged ? ' recon-row--flagged' : ''}${picked === o.orderId ? ' recon-row--open' : ''}`}
                data-testid="recon-order"
                data-order-id={o.orderId}
                data-flagged={o.flagged ? '1' : '0'}
                tabIndex={0}
                aria-selected={picked === o.orderId}
                onClick={() => onPick(o.orderId)}
                onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onPick(o.orderId))}
              >
                <td className="mono">{o.orderNo}</td>
                <td className="mono">{o.template ?? '—'}</td>
                <td className="num">{yuan(o.amount)}</td>
                <td className="num">{yuan(o.expected)}</td>
                <td className="num">{yuan(o.actual)}</td>
                <td className={`num${o.flagged ? ' recon--red' : ''}`} data-col="difference">{signedYuan(o.difference)}</td>
                <td data-col="review" data-review={o.review}>{t(`recon.review.${o.review}`)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="recon-total" data-testid="recon-orders-total">
              <th scope="row" colSpan={2}>{t('recon.total')} · {data.totals.orders}</th>
              <td className="num">{yuan(data.totals.amount)}</td>
              <td className="num">{yuan(data.totals.expected)}</td>
              <td className="num">{yuan(data.totals.actual)}</td>
              <td className={`num${data.totals.flagged > 0 ? ' recon--red' : ''}`} data-col="difference">{signedYuan(data.totals.difference)}</td>
              <td />
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
