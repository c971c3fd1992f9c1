/**
 * The Content-Security-Policy of the desk, the same in Electron and in browser mode. One literal
 * string, so the audit (electronegativity) can parse it where it is set; hardening.ts repeats the
 * literal at its call site and a unit test keeps the two equal (docs/decisions/0021).
 * `connect-src 'self'` covers the page's own HTTP API and its same-origin WebSocket (CSP3 'self'
 * matches ws: of the same host); inline styles are needed by Leaflet and React style props, never
 * inline script.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function contentSecurityPolicy(): string {
  return CONTENT_SECURITY_POLICY;
}

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=()',
};
