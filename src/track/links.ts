/** Links built from server data: only web links leave the page, and a tel: link holds only a dialable number. */

/** The carrier's tracking page, if it is an http(s) URL (never javascript: or data:). */
export function safeWebLink(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/** A service line (400-820-1234, +86 21 5555 0000) as a tel: link; null when it holds anything but digits, +, - and spaces. */
export function telLink(phone: string): string | null {
  if (!/^\+?[\d\s-]{3,20}$/.test(phone)) return null;
  return `tel:${phone.replace(/[\s-]/g, '')}`;
}
