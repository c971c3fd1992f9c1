/** The `?` overlay listing the shortcuts (SHORTCUTS: the Electron menu carries the same ones). */
import { SHORTCUTS, type ShortcutAction } from '@shared/war-room';
import { useT } from '@renderer/i18n/I18nProvider';
import type { MessageKey } from '@renderer/i18n/messages';

/** j and k share one line */
const LINES: Partial<Record<ShortcutAction, [string, MessageKey]>> = {
  search: ['/', 'kb.search'],
  nextIncident: ['j / k', 'kb.next'],
  openIncident: ['Enter', 'kb.open'],
  close: ['Esc', 'kb.close'],
  help: ['?', 'kb.help'],
};

export function KeyboardHelp({ onClose }: { onClose: () => void }) {
  const t = useT();
  return (
    <div className="kb-help" role="dialog" aria-modal="true" aria-labelledby="kb-help-title" data-testid="keyboard-help" onClick={onClose}>
      <div className="kb-help__box" onClick={(e) => e.stopPropagation()}>
        <h2 id="kb-help-title">{t('kb.title')}</h2>
        <dl>
          {SHORTCUTS.map((s) => LINES[s.action]).filter((l) => l !== undefined).map(([k, label]) => (
            <div key={k} className="kb-help__row">
              <dt>
                <kbd>{k}</kbd>
              </dt>
              <dd>{t(label)}</dd>
            </div>
          ))}
        </dl>
        <button type="button" className="btn" onClick={onClose} autoFocus>
          {t('order.close')}
        </button>
      </div>
    </div>
  );
}
