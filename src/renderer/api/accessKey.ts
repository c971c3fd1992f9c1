/**
 * Browser mode: the back end prints `http://127.0.0.1:<port>/?key=<key>`. The key is kept in
 * sessionStorage so a reload works, and stripped from the visible URL.
 */
export const ACCESS_KEY_STORAGE = 'dutydesk.accessKey';

export interface KeyStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface KeyPlace {
  href: string;
  storage: KeyStorage | null;
  /** replaces the visible URL (history.replaceState) */
  replaceUrl: (url: string) => void;
}

export function takeAccessKey(place: KeyPlace): string | null {
  const url = new URL(place.href);
  const fromUrl = url.searchParams.get('key');
  if (fromUrl) {
    try {
      place.storage?.setItem(ACCESS_KEY_STORAGE, fromUrl);
    } catch {
      // storage may be disabled; the key still works for this page
    }
    url.searchParams.delete('key');
    const search = url.searchParams.toString();
    place.replaceUrl(`${url.pathname}${search ? `?${search}` : ''}${url.hash}`);
    return fromUrl;
  }
  try {
    return place.storage?.getItem(ACCESS_KEY_STORAGE) ?? null;
  } catch {
    return null;
  }
}

/** The events socket URL for a page at `href`. */
export function eventsUrl(href: string, key: string | null): string {
  const url = new URL(href);
  const scheme = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = key ? `?key=${encodeURIComponent(key)}` : '';
  return `${scheme}//${url.host}/api/events${query}`;
}
