/**
 * The customer page's rules that the page itself runs (issue 18), kept free of zod so the page's
 * bundle stays small (the page imports this module, never track.ts's schemas): how a typed phone
 * number is read, and how long a session and a code last. track.ts re-exports them for the server.
 */

export const TRACK_SESSION_MINUTES = 30;
export const TRACK_CODE_MINUTES = 10;
export const TRACK_CODE_ATTEMPTS = 5;

/**
 * A mainland mobile number as people type it: 11 digits starting with 1, spaces and dashes
 * tolerated (`138 0013 8000`, `138-0013-8000`), also with a leading +86 / 86. Returns the 11
 * digits, or null.
 */
export function normalizePhone(input: string): string | null {
  const digits = input.trim().replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1\d{10}$/.test(digits) ? digits : null;
}
