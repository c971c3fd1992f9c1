/** A modal confirmation that names what will happen (no window.confirm: it blocks the page and tests). */
import { useEffect, useRef } from 'react';
import { useT } from '@renderer/i18n/I18nProvider';

export function ConfirmDialog({ text, onConfirm, onCancel }: { text: string; onConfirm: () => void; onCancel: () => void }) {
  const t = useT();
  const ok = useRef<HTMLButtonElement>(null);
  useEffect(() => ok.current?.focus(), []);
  return (
    <div className="confirm-backdrop" onClick={onCancel}>
      <div className="confirm" role="dialog" aria-modal="true" aria-labelledby="confirm-text" data-testid="confirm-dialog" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
        <p id="confirm-text">{text}</p>
        <div className="confirm__buttons">
          <button type="button" className="btn" onClick={onCancel} data-testid="confirm-cancel">
            {t('confirm.cancel')}
          </button>
          <button type="button" className="btn btn--primary" ref={ok} onClick={onConfirm} data-testid="confirm-ok">
            {t('confirm.ok')}
          </button>
        </div>
      </div>
    </div>
  );
}
