/** The `?` overlay listing the shortcuts (the Electron menu carries the same ones). */
import { useT } from '@renderer/i18n/I18nProvider';
import type { MessageKey } from '@renderer/i18n/messages';

const KEYS: [string, MessageKey][] = [
  ['/', 'kb.search'],
  ['j / k', 'kb.next'],
  ['Enter', 'kb.open'],
  ['Esc', 'kb.close'],
  ['?', 'kb.help'],
];

export function KeyboardHelp({ onClose }: { onClose: () => void }) {
  const t = useT();
  return (
    <div className="kb-help" role="dialog" aria-modal="true" aria-labelledby="kb-help-title" data-testid="keyboard-help" onClick={onClose}>
      <div className="kb-help__box" onClick={(e) => e.stopPropagation()}>
        <h2 id="kb-help-title">{t('kb.title')}</h2>
        <dl>
          {KEYS.map(([k, label]) => (
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
