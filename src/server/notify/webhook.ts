/**
 * An SMS gateway reached by a webhook (I/O): each text is POSTed as JSON
 * `{ id, idempotencyKey, attempt, orderId, recipient?, phone, template, params, text }` to the configured
 * URL (`recipient` only on a crew text: `crew:<crewId>`, the phone then being the crew's). `text` is the zh-CN message rendered from the shared templates (src/shared/sms-templates.ts),
 * so the customer reads exactly what the supervisor previewed. A 2xx answer means the gateway
 * took it; anything else, a network error or no answer within the timeout rejects with a short
 * reason, which the outbox keeps on the row.
 *
 * A text may come again after a crash or an unrecorded answer: `Idempotency-Key` (the text's id,
 * also in the body) lets the gateway drop the repeat. With a secret, each body is signed
 * (`X-DutyDesk-Timestamp`, `X-DutyDesk-Signature: sha256=<hex HMAC of "timestamp.body">`) and
 * `Authorization: Bearer <secret>` is kept for gateways set up before signing; a secret only goes
 * over https unless `insecure` is set (docs/operations.md, "SMS gateway").
 */
import { createHmac } from 'node:crypto';
import { maskPhone } from '@shared/projection';
import { renderSms } from '@shared/sms-templates';
import type { NotificationProvider, OutgoingText } from '@server/notify/outbox';

export interface WebhookOptions {
  /** http(s) URL of the gateway */
  url: string;
  /** signs each body (HMAC-SHA256) and is sent as `Authorization: Bearer <secret>` when given */
  secret?: string;
  /** allow an http:// URL with a secret (a gateway on a trusted network without TLS) */
  insecure?: boolean;
  /** default 5000 ms */
  timeoutMs?: number;
}

/** What the gateway receives for one text. */
export interface WebhookBody {
  id: string;
  /** the text's id: the same on every attempt, so the gateway can drop a repeat */
  idempotencyKey: string;
  /** 1 for the first hand-over */
  attempt: number;
  orderId: string;
  /** `crew:<crewId>` for a crew text (sent to the crew's phone); absent for a customer's text, as before */
  recipient?: string;
  phone: string;
  template: string;
  params: Record<string, unknown>;
  text: string;
}

/**
 * The text a customer gets. Orders carry no gender, so the greeting uses the customer's name as
 * written (尊敬的王芳); the order's own name and number win over same-named template parameters.
 */
export function smsText(n: Omit<OutgoingText, 'attempt'>): string {
  // the date, window and crew default to the order's booking when the text is sent ("2026-11-26 09:00-12:00")
  const [date, window] = (n.order?.bookedSlot ?? '').split(' ');
  const booking = { date: date || undefined, window: window || undefined, crewName: n.order?.crewName ?? undefined };
  return renderSms(n.template, { ...booking, ...(n.params ?? {}), customer: n.order?.customerName, orderNo: n.order?.orderNo });
}

/**
 * The gateway's URL, checked: http or https, and https when a secret goes with it (over plain
 * http anyone on the path reads the secret and every customer's phone number) unless `insecure`.
 */
export function checkWebhookUrl(url: string, o: { secret?: string; insecure?: boolean } = {}): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`sms webhook: not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`sms webhook: must be http or https, got ${parsed.protocol}`);
  if (parsed.protocol === 'http:' && o.secret && !o.insecure) {
    throw new Error(`sms webhook: ${parsed.origin} is plain http, which would send the secret and customers' phone numbers unencrypted; use an https URL, or pass --insecure-webhook for a gateway on a trusted network`);
  }
  return parsed;
}

export const TIMESTAMP_HEADER = 'x-dutydesk-timestamp';
export const SIGNATURE_HEADER = 'x-dutydesk-signature';

/** `sha256=<hex>`: HMAC-SHA256 with the secret over `timestamp + "." + body` (docs/operations.md). */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

function describeFailure(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}

export class WebhookProvider implements NotificationProvider {
  readonly name = 'webhook';
  private readonly url: URL;

  constructor(private readonly o: WebhookOptions) {
    this.url = checkWebhookUrl(o.url, o);
  }

  /** Where texts go, without credentials (logs). */
  get target(): string {
    return `${this.url.origin}${this.url.pathname}`;
  }

  async send(n: OutgoingText, signal?: AbortSignal): Promise<void> {
    const recipient = n.recipient ?? 'customer';
    // a customer's number is on the order; a crew's comes with the text (the outbox fails a crew text without one)
    const phone = recipient === 'customer' ? n.order?.customerPhone : n.crew?.phone;
    if (!phone) throw new Error(recipient === 'customer' ? `order ${n.orderId} not found` : `no phone for ${recipient}`);
    const to = recipient === 'customer' ? {} : { recipient };
    const body: WebhookBody = { id: n.id, idempotencyKey: n.id, attempt: n.attempt, orderId: n.orderId, ...to, phone, template: n.template, params: n.params ?? {}, text: smsText(n) };
    const json = JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'idempotency-key': n.id };
    if (this.o.secret) {
      // seconds since the epoch: the gateway refuses old timestamps, so a captured request cannot be replayed later
      const timestamp = String(Math.floor(Date.now() / 1000));
      headers[TIMESTAMP_HEADER] = timestamp;
      headers[SIGNATURE_HEADER] = signBody(this.o.secret, timestamp, json);
      headers.authorization = `Bearer ${this.o.secret}`;
    }
    const timeoutMs = this.o.timeoutMs ?? 5000;
    const timeout = AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      // no redirects: a gateway that moved is a configuration error to see, not to follow with the secret
      res = await fetch(this.url, { method: 'POST', headers, body: json, redirect: 'manual', signal: signal ? AbortSignal.any([timeout, signal]) : timeout });
    } catch (err) {
      if (timeout.aborted) throw new Error(`gateway did not answer within ${timeoutMs / 1000} s`, { cause: err });
      throw new Error(`gateway unreachable: ${describeFailure(err)}`, { cause: err });
    }
    const answer = await res.text().catch(() => '');
    if (res.status < 200 || res.status > 299) {
      // the reason travels to every desk and the floor: a gateway echoing the number must not leak it
      const detail = answer.replace(/\s+/g, ' ').trim().replace(/\d{7,}/g, maskPhone).slice(0, 120);
      throw new Error(`gateway answered HTTP ${res.status}${detail ? `: ${detail}` : ''}`);
    }
  }
}
