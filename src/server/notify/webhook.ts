/**
 * An SMS gateway reached by a webhook (I/O): each text is POSTed as JSON
 * `{ id, orderId, phone, template, params, text }` to the configured URL, with
 * `Authorization: Bearer <secret>` when a secret is set. `text` is the zh-CN message rendered
 * from the shared templates (src/shared/sms-templates.ts), so the customer reads exactly what the
 * supervisor previewed. A 2xx answer means the gateway took it; anything else, a network error or
 * no answer within the timeout rejects with a short reason, which the outbox keeps on the row.
 */
import { renderSms } from '@shared/sms-templates';
import type { NotificationProvider, OutgoingText } from '@server/notify/outbox';

export interface WebhookOptions {
  /** http(s) URL of the gateway */
  url: string;
  /** sent as `Authorization: Bearer <secret>` when given */
  secret?: string;
  /** default 5000 ms */
  timeoutMs?: number;
}

/** What the gateway receives for one text. */
export interface WebhookBody {
  id: string;
  orderId: string;
  phone: string;
  template: string;
  params: Record<string, unknown>;
  text: string;
}

/**
 * The text a customer gets. Orders carry no gender, so the greeting uses the customer's name as
 * written (尊敬的王芳); the order's own name and number win over same-named template parameters.
 */
export function smsText(n: OutgoingText): string {
  // the date, window and crew default to the order's booking when the text is sent ("2026-11-26 09:00-12:00")
  const [date, window] = (n.order?.bookedSlot ?? '').split(' ');
  const booking = { date: date || undefined, window: window || undefined, crewName: n.order?.crewName ?? undefined };
  return renderSms(n.template, { ...booking, ...(n.params ?? {}), customer: n.order?.customerName, orderNo: n.order?.orderNo });
}

export function checkWebhookUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`sms webhook: not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`sms webhook: must be http or https, got ${parsed.protocol}`);
  return parsed;
}

function describeFailure(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}

export class WebhookProvider implements NotificationProvider {
  readonly name = 'webhook';
  private readonly url: URL;

  constructor(private readonly o: WebhookOptions) {
    this.url = checkWebhookUrl(o.url);
  }

  /** Where texts go, without credentials (logs). */
  get target(): string {
    return `${this.url.origin}${this.url.pathname}`;
  }

  async send(n: OutgoingText, signal?: AbortSignal): Promise<void> {
    // without the order there is no phone number to text
    if (!n.order) throw new Error(`order ${n.orderId} not found`);
    const body: WebhookBody = { id: n.id, orderId: n.orderId, phone: n.order.customerPhone, template: n.template, params: n.params ?? {}, text: smsText(n) };
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (this.o.secret) headers.authorization = `Bearer ${this.o.secret}`;
    const timeoutMs = this.o.timeoutMs ?? 5000;
    const timeout = AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      // no redirects: a gateway that moved is a configuration error to see, not to follow with the secret
      res = await fetch(this.url, { method: 'POST', headers, body: JSON.stringify(body), redirect: 'manual', signal: signal ? AbortSignal.any([timeout, signal]) : timeout });
    } catch (err) {
      if (timeout.aborted) throw new Error(`gateway did not answer within ${timeoutMs / 1000} s`, { cause: err });
      throw new Error(`gateway unreachable: ${describeFailure(err)}`, { cause: err });
    }
    const answer = await res.text().catch(() => '');
    if (res.status < 200 || res.status > 299) {
      const detail = answer.replace(/\s+/g, ' ').trim().slice(0, 120);
      throw new Error(`gateway answered HTTP ${res.status}${detail ? `: ${detail}` : ''}`);
    }
  }
}
