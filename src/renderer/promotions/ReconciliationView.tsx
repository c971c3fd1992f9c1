/**
 * The promotion reconciliation page (`?view=reconciliation[&from=D&to=D][&channel=C]`, issue 20):
 * per channel and Shanghai day the orders, amount, expected and actual discounts, the difference and
 * the flagged orders, with a totals row; a row opens its orders (what makes up the gap), an order its
 * template and check; every table exports to Excel. Days default to the last 7 by the server's clock.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Reconciliation } from '@shared/reconciliation';
import { addDays, shanghaiDate } from '@shared/time';
import { CHANNELS, type Channel } from '@shared/vocab';
import { getDeskApi } from '@renderer/api/deskClient';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { channelName } from '@renderer/promotions/money';
import { ReconTable } from '@renderer/promotions/ReconTable';
import { OrdersPanel } from '@renderer/promotions/OrdersPanel';
import { OrderCheck } from '@renderer/promotions/OrderCheck';
import { ExportButton } from '@renderer/promotions/ExportButton';
import '@renderer/promotions/recon.css';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isChannel = (c: string | null): c is Channel => c !== null && (CHANNELS as readonly string[]).includes(c);

export function ReconciliationView() {
  const t = useT();
  const [lang, setLang] = useLang();
  const params = useMemo(() => new URLSearchParams(window.location.search), []);
  const [range, setRange] = useState<{ from: string; to: string } | null>(() => {
    const from = params.get('from');
    const to = params.get('to');
    return from && to && DAY.test(from) && DAY.test(to) ? { from, to } : null;
  });
  const [channel, setChannel] = useState<Channel | ''>(() => (isChannel(params.get('channel')) ? (params.get('channel') as Channel) : ''));
  const [data, setData] = useState<Reconciliation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cell, setCell] = useState<{ channel: Channel; day: string } | null>(null);
  const [order, setOrder] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    document.title = `${t('recon.title')} · DutyDesk`;
  }, [t]);

  // no days given: the last 7 Shanghai days by the server's clock (the desk's clock may be off)
  useEffect(() => {
    if (range) return;
    void getDeskApi()
      .status({})
      .then(
        (s) => s.serverNow,
        () => null,
      )
      .then((now) => {
        const to = shanghaiDate(now ? Date.parse(now) : Date.now());
        setRange({ from: addDays(to, -6), to });
      });
  }, [range]);

  useEffect(() => {
    if (!range) return;
    let live = true;
    setError(null);
    getDeskApi()
      .reconciliation({ ...range, ...(channel ? { channel } : {}) })
      .then((d) => live && setData(d), (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
    };
  }, [range, channel, reload]);

  const changed = useCallback(() => setReload((n) => n + 1), []);
  const openKey = cell ? `${cell.day}|${cell.channel}` : null;

  return (
    <div className="recon-page" data-testid="recon-page" lang={lang}>
      <header className="recon-head">
        <div>
          <h1>{t('recon.title')}</h1>
          <div className="recon-sub">{t('recon.subtitle')}</div>
        </div>
        <div className="recon-head__right">
          <a className="recon-btn" href="./" data-testid="recon-back">
            {t('recon.back')}
          </a>
          <button type="button" className="recon-btn" title={t('lang.toggleTitle')} onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} data-testid="lang-toggle">
            {t('lang.toggle')}
          </button>
        </div>
      </header>
      <form className="recon-filters" onSubmit={(e) => (e.preventDefault(), changed())}>
        <label>
          {t('recon.from')}
          <input type="date" value={range?.from ?? ''} max={range?.to} onChange={(e) => DAY.test(e.target.value) && range && setRange({ ...range, from: e.target.value })} data-testid="recon-from" />
        </label>
        <label>
          {t('recon.to')}
          <input type="date" value={range?.to ?? ''} min={range?.from} onChange={(e) => DAY.test(e.target.value) && range && setRange({ ...range, to: e.target.value })} data-testid="recon-to" />
        </label>
        <label>
          {t('recon.channel')}
          <select value={channel} onChange={(e) => setChannel(isChannel(e.target.value) ? e.target.value : '')} data-testid="recon-channel">
            <option value="">{t('recon.allChannels')}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {channelName(c, lang)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="recon-btn" data-testid="recon-refresh">
          {t('recon.refresh')}
        </button>
        {range && <ExportButton input={{ table: 'days', ...range, ...(channel ? { channel } : {}), lang }} testId="recon-export" />}
        {data && <span className="recon-note">{t('recon.asOf', { v: data.checkpoint })}</span>}
      </form>
      {error && <p role="alert" className="recon-error">{t('recon.error', { error })}</p>}
      {!data && !error && <p className="recon-note">{t('recon.loading')}</p>}
      <main className="recon-body">
        {data && data.cells.length === 0 && <p className="recon-note" data-testid="recon-empty">{t('recon.empty')}</p>}
        {data && data.cells.length > 0 && (
          <ReconTable
            cells={data.cells}
            totals={data.totals}
            open={openKey}
            onOpen={(c) => {
              setCell({ channel: c.channel, day: c.day });
              setOrder(null);
            }}
          />
        )}
        {cell && (
          <div className="recon-drill">
            <OrdersPanel channel={cell.channel} day={cell.day} reload={reload} picked={order} onPick={setOrder} onClose={() => (setCell(null), setOrder(null))} />
            {order && <OrderCheck key={order} orderId={order} onChanged={changed} />}
          </div>
        )}
      </main>
    </div>
  );
}
