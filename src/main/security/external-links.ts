/**
 * Which URLs the desk may hand to the system browser (`shell.openExternal`). Electron-free, so the
 * rule is unit-tested. Only https, only these exact hosts, no credentials, no custom port; the URL
 * is parsed (never matched as text), so `https://www.electronjs.org.evil.com/`,
 * `https://www.electronjs.org@evil.com/`, `javascript:` and `file:` are all refused.
 */
export const EXTERNAL_HOSTS: readonly string[] = ['www.electronjs.org', 'github.com', 'lbs.amap.com'];

export function isAllowedExternalUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || raw.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    EXTERNAL_HOSTS.includes(url.hostname)
  );
}
