/** What every screen gets: where to draw, the words, and how to move on. */
import type { Failure } from './api';
import type { Lang, Words } from './text';
import { waitWords } from './text';

export interface Ctx {
  main: HTMLElement;
  lang: Lang;
  t: Words;
  /** the phone a code was asked for (the code screen's) */
  phone: string | null;
  /** the phone screen, with an error shown on it (a session that ran out) */
  start(error?: string): void;
  code(phone: string): void;
  /** to a hash route: '#/orders' or '#/orders/<orderNo>' */
  go(hash: string): void;
}

/** A failed call in the customer's words. */
export function failureWords(f: Failure, t: Words): string {
  switch (f.kind) {
    case 'unauthorized':
      return t.expired;
    case 'limited':
      return t.limited(waitWords(f.retryAfterSeconds, t));
    case 'network':
      return t.network;
    case 'not_found':
      return t.notFound;
    case 'bad_request':
      return f.message;
    case 'server':
      return t.server;
  }
}
