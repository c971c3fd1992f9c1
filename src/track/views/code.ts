/** Step 2: the 6-digit code from the text → a session (cookie) → the phone's orders. */
import { api } from '../api';
import { failureWords, type Ctx } from '../context';
import { h, show } from '../dom';
import { noteSession } from '../session';
import { maskPhone } from '@shared/projection';
import { busy, countdown, field } from './form';

/** One code a minute per phone (the server's limit): the resend button waits that long. */
const RESEND_SECONDS = 60;

export function codeScreen(ctx: Ctx, phone: string): void {
  const { t } = ctx;
  const code = field('code', t.code, t.codeHint, { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, pattern: '[0-9]{6}', required: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, t.viewOrders);
  const resend = h('button', { type: 'button', class: 'secondary' }, t.resend);
  const other = h('button', { type: 'button', class: 'link' }, t.changePhone);
  const form = h('form', { novalidate: true }, code.wrap, submit);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = code.input.value.replace(/\s/g, '');
    if (!/^\d{6}$/.test(value)) {
      code.error(t.badCode);
      code.input.focus();
      return;
    }
    code.error(null);
    void busy(submit, t.checking, () => api.session(phone, value)).then((r) => {
      if (r.ok) {
        noteSession(Date.now());
        return ctx.go('#/orders');
      }
      code.error(r.kind === 'unauthorized' ? t.wrongCode : failureWords(r, t));
      code.input.select();
      code.input.focus();
      if (r.kind === 'limited') countdown(submit, r.retryAfterSeconds, (s) => `${t.viewOrders} (${s})`, t.viewOrders);
    });
  });
  resend.addEventListener('click', () => {
    void busy(resend, t.sending, () => api.code(phone)).then((r) => {
      if (r.ok) {
        code.error(null);
        countdown(resend, RESEND_SECONDS, t.resendIn, t.resend);
      } else {
        code.error(failureWords(r, t));
        if (r.kind === 'limited') countdown(resend, r.retryAfterSeconds, t.resendIn, t.resend);
      }
    });
  });
  other.addEventListener('click', () => ctx.start());

  show(ctx.main, h('h1', {}, t.code), h('p', { class: 'lead', role: 'status' }, t.codeSentTo(maskPhone(phone))), form, h('div', { class: 'row' }, resend, other));
  countdown(resend, RESEND_SECONDS, t.resendIn, t.resend);
}
