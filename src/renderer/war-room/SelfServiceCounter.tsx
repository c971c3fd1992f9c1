/**
 * The self-service page's usage share this week (自助查询使用率, issue 18 item 4) among the war
 * room's counters: read from the desk every 60 s (it moves with customers, not with the map).
 */
import { useCallback } from 'react';
import { getDeskApi } from '@renderer/api/deskClient';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { formatDateTime } from '@renderer/i18n/timeFormat';
import { usePolled } from '@renderer/war-room/usePolled';

export function SelfServiceCounter() {
  const t = useT();
  const [lang] = useLang();
  const read = useCallback(() => getDeskApi().selfServiceUsage({}), []);
  const { data } = usePolled(read, 60_000);
  const title = !data ? undefined : data.share === null ? t('usage.none') : t('usage.title', { from: formatDateTime(data.weekStart, lang), opened: data.opened, customers: data.customers });
  return (
    <div className="counter counter--neutral" title={title}>
      <div className="counter__label">{t('usage.label')}</div>
      {/* text content is the bare figure: tests and wall-screen scrapers read it */}
      <div className="counter__value" data-testid="counter-self-service" data-opened={data?.opened} data-customers={data?.customers}>
        {data?.share == null ? '—' : `${(data.share * 100).toFixed(1)}%`}
      </div>
    </div>
  );
}
