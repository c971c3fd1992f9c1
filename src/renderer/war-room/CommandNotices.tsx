/**
 * A rejected or failed command, told to the supervisor: what it was, why (in their language), the
 * rows in conflict (or the orders it named), until dismissed. A click on an order opens it.
 */
import { useT } from '@renderer/i18n/I18nProvider';
import { commandStore, useCommands } from '@renderer/state/commandStore';
import { warRoomStore } from '@renderer/state/warRoomStore';
import { rejectionText, rowText } from '@renderer/war-room/commandText';

export function CommandNotices() {
  const t = useT();
  const notices = useCommands((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <div className="cmd-notices" role="alert" data-testid="command-notices">
      {notices.map((c) => {
        const rows = c.error?.rows ?? [];
        return (
          <div key={c.seq} className={`cmd-notice cmd-notice--${c.state}`} data-testid="command-notice" data-code={c.error?.code ?? ''}>
            <div className="cmd-notice__title">{t(c.state === 'failed' ? 'cmd.notice.failed' : 'cmd.notice.rejected', { label: c.label })}</div>
            {c.error && <div className="cmd-notice__reason" data-testid="command-notice-reason">{rejectionText(c.error, t)}</div>}
            {c.error && <div className="cmd-notice__raw">{c.error.code}: {c.error.message}</div>}
            {rows.length > 0 ? (
              <div className="cmd-notice__rows">
                {t('cmd.notice.rows')}
                <ul>
                  {rows.slice(0, 8).map((r, i) => (
                    <li key={i}>{rowText(r, t)}</li>
                  ))}
                </ul>
              </div>
            ) : (
              c.orderIds.length > 0 && (
                <div className="cmd-notice__rows">
                  {t('cmd.notice.orders')}{' '}
                  {c.orderIds.slice(0, 8).map((id) => (
                    <button key={id} type="button" className="link-button" onClick={() => warRoomStore.set({ selectedOrderId: id })}>
                      {warRoomStore.points.get(id)?.orderNo ?? commandStore.orderNos.get(id) ?? id}
                    </button>
                  ))}
                </div>
              )
            )}
            <button type="button" className="btn btn--small" onClick={() => commandStore.dismiss(c.seq)} data-testid="command-notice-dismiss">
              {t('cmd.notice.dismiss')}
            </button>
          </div>
        );
      })}
    </div>
  );
}
