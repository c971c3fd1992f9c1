/** Find any order by its number or the last four digits of the customer's phone (`/` focuses it). */
import { useEffect, useRef, useState } from 'react';
import type { OrderMatch } from '@shared/war-room';
import { getDeskApi } from '@renderer/api/deskClient';
import { describeError } from '@renderer/api/deskError';
import { useT, useLang } from '@renderer/i18n/I18nProvider';
import { stageName } from '@renderer/i18n/labels';
import { warRoomStore } from '@renderer/state/warRoomStore';

export function OrderSearch() {
  const t = useT();
  const [lang] = useLang();
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<OrderMatch[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const seq = useRef(0);

  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) return setMatches(null);
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      getDeskApi()
        .findOrders({ query: q })
        .then((r) => mine === seq.current && (setMatches(r.matches), setError(null), setActive(0)))
        .catch((err: unknown) => mine === seq.current && setError(describeError(err)));
    }, 150);
    return () => clearTimeout(timer);
  }, [query]);

  const open = (m: OrderMatch) => {
    warRoomStore.set({ selectedOrderId: m.id });
    setQuery('');
    setMatches(null);
    (document.activeElement as HTMLElement | null)?.blur();
  };

  return (
    <div className="order-search" role="search">
      <input
        id="order-search"
        type="search"
        value={query}
        placeholder={t('diag.search')}
        aria-label={t('diag.searchLabel')}
        data-testid="order-search"
        autoComplete="off"
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setQuery('');
            setMatches(null);
            e.currentTarget.blur();
          } else if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, (matches?.length ?? 1) - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter' && matches?.[active]) open(matches[active]!);
        }}
      />
      {(matches || error) && (
        <ul className="order-search__results" data-testid="order-search-results">
          {error && <li className="order-search__error">{error}</li>}
          {matches?.length === 0 && <li className="order-search__empty">{t('diag.noMatch')}</li>}
          {matches?.map((m, i) => (
            <li key={m.id}>
              <button type="button" className={`order-search__hit${i === active ? ' order-search__hit--active' : ''}`} onClick={() => open(m)} data-testid="order-search-hit">
                <span className={`dot dot--${m.status === 'overdue' ? 'overdue' : m.status === 'at_risk' ? 'at-risk' : 'none'}`} />
                <b>{m.orderNo}</b>
                <span>{m.customer}</span>
                <span>{m.district}</span>
                <span>
                  {m.stage} {stageName(m.stage, lang)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
