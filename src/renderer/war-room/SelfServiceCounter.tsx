/**
 * The self-service page's usage share this week (自助查询使用率, issue 18 item 4), at the head of
 * the war room's customer-request queue (the top bar's counters fill a 1920 px screen already):
 * read from the desk every 60 s and whenever the queue re-reads (it moves with customers, not the map).
 */
import { useCallback } from 'react';
import { getDeskApi } from '@renderer/api/deskClient';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { formatDateTime } from '@renderer/i18n/timeFormat';
import { usePolled } from '@renderer/war-room/usePolled';
import '@renderer/styles/requests.css';

export function SelfServiceCounter({ stamp }: { stamp: number }) {
  const t = useT();
  const [lang] = useLang();
  // a new stamp (the queue re-read) makes a new reader, which usePolled reads at once
  const read = useCallback(() => (void stamp, getDeskApi().selfServiceUsage({})), [stamp]);
  const { data } = usePolled(read, 60_000);
  const sub = !data ? '' : data.share === null ? t('usage.none') : t('usage.of', { opened: data.opened, customers: data.customers });
  const title = data ? t('usage.title', { from: formatDateTime(data.weekStart, lang), opened: data.opened, customers: data.customers }) : undefined;
  return (
    <div className="usage" title={title}>
      <span className="usage__label">{t('usage.label')}</span>
      {/* text content is the bare figure: tests and wall-screen scrapers read it */}
      <span className="usage__value" data-testid="counter-self-service" data-opened={data?.opened} data-customers={data?.customers}>
        {data?.share == null ? '—' : `${(data.share * 100).toFixed(1)}%`}
      </span>
      <span className="usage__sub">{sub}</span>
    </div>
  );
}
