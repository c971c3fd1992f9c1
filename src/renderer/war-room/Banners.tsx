/** Every failure the operator must know about, in plain view under the top bar. */
import type { SyncState } from '@shared/contract';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { formatDateTime } from '@renderer/i18n/timeFormat';
import type { MessageKey } from '@renderer/i18n/messages';
import { missingAccessKey } from '@renderer/api/deskClient';
import { useDeskState } from '@renderer/state/appStore';
import { useWarRoom } from '@renderer/state/warRoomStore';

const STATE_BANNER: Partial<Record<SyncState, MessageKey>> = {
  unauthorized: 'banner.unauthorized',
  forbidden: 'banner.forbidden',
  protocol_mismatch: 'banner.protocol_mismatch',
};

interface Banner {
  id: string;
  text: string;
  tone: 'error' | 'warn';
}

export function Banners() {
  const t = useT();
  const problems = useDeskState((s) => s.problems);
  const link = useDeskState((s) => s.link);
  const state = useDeskState((s) => s.status?.state ?? null);
  const dataAsOf = useDeskState((s) => s.status?.dataAsOf ?? null);
  const [lang] = useLang();
  const war = useWarRoom((s) => s.problems);
  const banners: Banner[] = [];
  if (missingAccessKey()) banners.push({ id: 'no-key', text: t('banner.noKey'), tone: 'error' });
  if (problems.status) banners.push({ id: 'status', text: t('banner.status', { error: problems.status }), tone: 'error' });
  if (link.kind === 'down') {
    const text = t('banner.eventsDown', { attempt: link.attempt, seconds: Math.ceil(link.retryInMs / 1000), error: link.error ? `— ${link.error}` : '' });
    banners.push({ id: 'events', text, tone: 'error' });
  } else if (link.kind === 'connecting' && link.attempt > 0) {
    banners.push({ id: 'events', text: t('banner.eventsConnecting', { attempt: link.attempt }), tone: 'error' });
  }
  if (war.map) banners.push({ id: 'map', text: t('banner.map', { error: war.map }), tone: 'error' });
  if (war.incidents) banners.push({ id: 'incidents', text: t('banner.incidents', { error: war.incidents }), tone: 'error' });
  if (war.crews) banners.push({ id: 'crews', text: t('banner.crews', { error: war.crews }), tone: 'error' });
  if (war.action) banners.push({ id: 'action', text: t('banner.action', { error: war.action }), tone: 'error' });
  const stateKey = state ? STATE_BANNER[state] : undefined;
  if (stateKey) banners.push({ id: 'state', text: t(stateKey), tone: 'error' });
  // working from the replica while the server is away: say how old the picture is
  if (state && state !== 'live' && state !== 'syncing') {
    banners.push(
      dataAsOf
        ? { id: 'stale', text: t('banner.stale', { time: formatDateTime(dataAsOf, lang) }), tone: 'warn' }
        : { id: 'stale', text: t('banner.staleNever'), tone: 'warn' },
    );
  }
  if (banners.length === 0) return null;
  return (
    <div className="banners" role="alert" data-testid="banners">
      {banners.map((b) => (
        <div key={b.id} className={`banner banner--${b.tone}`} data-testid={`banner-${b.id}`}>
          <span className="banner__icon">{b.tone === 'error' ? '✕' : '!'}</span>
          <span className="banner__text">{b.text}</span>
        </div>
      ))}
    </div>
  );
}
