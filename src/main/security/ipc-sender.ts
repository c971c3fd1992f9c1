/**
 * Who may call the desk over IPC: the desk's own top frame, loaded from the desk's own pages, in a
 * window the desk made. Electron-free (the frame is described by the fields ipc.ts reads from
 * `event.senderFrame`), so the rule is unit-tested without an Electron binary.
 */
export interface SenderFrame {
  url: string;
  /** true when the frame is the top frame of its page (no parent) */
  isTop: boolean;
}

export type SenderVerdict = { ok: true } | { ok: false; error: { code: 'forbidden'; message: string } };

export function checkSender(
  frame: SenderFrame | null | undefined,
  isOwnUrl: (url: string) => boolean,
  fromOwnWindow: boolean,
): SenderVerdict {
  const deny = (why: string): SenderVerdict => ({ ok: false, error: { code: 'forbidden', message: `the caller is not the desk: ${why}` } });
  if (!frame) return deny('no sender frame (the frame was destroyed or navigated)');
  if (!fromOwnWindow) return deny('a window the desk did not open');
  if (!frame.isTop) return deny('a sub-frame');
  if (typeof frame.url !== 'string' || !isOwnUrl(frame.url)) return deny(`page ${String(frame.url).slice(0, 200)}`);
  return { ok: true };
}

/** The desk's own pages: under the renderer's base URL (file:…/renderer/ or the dev server), nothing else. */
export function ownUrlChecker(rendererBase: string): (url: string) => boolean {
  let base: URL;
  try {
    base = new URL(rendererBase.endsWith('/') ? rendererBase : rendererBase + '/');
  } catch {
    return () => false;
  }
  return (raw: string) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    if (url.protocol !== base.protocol || url.host !== base.host || url.username || url.password) return false;
    return url.pathname.startsWith(base.pathname) && !url.pathname.includes('/../');
  };
}
