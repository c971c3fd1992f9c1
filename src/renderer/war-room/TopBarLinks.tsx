/**
 * The top bar's page links (shift report, promotions reconciliation). Both forms are rendered and
 * the stylesheet shows one: inline links where the bar has room, a compact "More" menu where it does
 * not (issue 23, layout). The hidden form is display:none, so it leaves the tab order and the
 * accessibility tree; the menu is a button + role="menu" with arrow keys and Escape.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '@renderer/i18n/I18nProvider';
import type { MessageKey } from '@renderer/i18n/messages';

const LINKS: { href: string; label: MessageKey; title: MessageKey; testId: string }[] = [
  { href: './?view=report', label: 'topbar.report', title: 'topbar.reportTitle', testId: 'open-report' },
  { href: './?view=reconciliation', label: 'topbar.recon', title: 'topbar.reconTitle', testId: 'open-recon' },
];

export function TopBarLinks() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const items = () => [...(wrap.current?.querySelectorAll<HTMLAnchorElement>('[role="menuitem"]') ?? [])];

  useEffect(() => {
    if (!open) return;
    items()[0]?.focus();
    const outside = (e: PointerEvent) => !wrap.current?.contains(e.target as Node) && setOpen(false);
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const onMenuKey = (e: KeyboardEvent) => {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLAnchorElement);
    if (e.key === 'Escape') {
      e.stopPropagation();
      setOpen(false);
      button.current?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      list[(at + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length]?.focus();
    } else if (e.key === 'Tab') setOpen(false);
  };

  return (
    <>
      <nav className="top-bar__links" aria-label={t('topbar.moreTitle')}>
        {LINKS.map((l) => (
          <a key={l.testId} className="lang-toggle" href={l.href} title={t(l.title)} data-testid={l.testId}>
            {t(l.label)}
          </a>
        ))}
      </nav>
      <div className="top-bar__more" ref={wrap}>
        <button
          ref={button}
          type="button"
          className="lang-toggle"
          aria-haspopup="menu"
          aria-expanded={open}
          aria-controls={open ? 'top-bar-more-menu' : undefined}
          title={t('topbar.moreTitle')}
          onClick={() => setOpen((o) => !o)}
          onKeyDown={(e) => e.key === 'ArrowDown' && (e.preventDefault(), setOpen(true))}
          data-testid="top-bar-more"
        >
          {t('topbar.more')} <span aria-hidden="true">▾</span>
        </button>
        {open && (
          <ul className="top-bar__menu" role="menu" id="top-bar-more-menu" aria-label={t('topbar.moreTitle')} onKeyDown={onMenuKey}>
            {LINKS.map((l) => (
              <li key={l.testId} role="none">
                <a role="menuitem" href={l.href} title={t(l.title)} data-testid={`menu-${l.testId}`}>
                  {t(l.label)}
                </a>
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}
