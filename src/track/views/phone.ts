/** Step 1: the phone number → a code by text message (the same answer whether or not the phone has orders). */
import { normalizePhone } from '@shared/track-rules';
import { api } from '../api';
import { failureWords, type Ctx } from '../context';
import { h, show } from '../dom';
import { busy, countdown, field } from './form';

export function phoneScreen(ctx: Ctx, error?: string): void {
  const { t } = ctx;
  const phone = field('phone', t.phone, t.phoneHint, { type: 'tel', inputmode: 'numeric', autocomplete: 'tel', maxlength: 20, required: true });
  if (ctx.phone) phone.input.value = ctx.phone;
  const button = h('button', { type: 'submit', class: 'primary' }, t.getCode);
  const form = h('form', { novalidate: true }, phone.wrap, button);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const number = normalizePhone(phone.input.value);
    if (number === null) {
      phone.error(t.badPhone);
      phone.input.focus();
      return;
    }
    phone.error(null);
    void busy(button, t.sending, () => api.code(number)).then((r) => {
      if (r.ok) return ctx.code(number);
      phone.error(failureWords(r, t));
      if (r.kind === 'limited') countdown(button, r.retryAfterSeconds, t.resendIn, t.getCode);
    });
  });
  show(ctx.main, h('h1', {}, t.title), h('p', { class: 'lead' }, t.lead), error ? h('p', { class: 'error notice', role: 'alert' }, error) : null, form);
}
