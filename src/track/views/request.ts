/** "Request another date": a date and a note → POST /track/api/requests → the war room's customer-request queue. */
import type { TrackOrderDetail } from '@shared/track';
import { addDays, shanghaiDate } from '@shared/time';
import { api } from '../api';
import { failureWords, type Ctx } from '../context';
import { h } from '../dom';
import { dateWords } from '../text';
import { busy, field } from './form';

export function requestPart(o: TrackOrderDetail, ctx: Ctx): HTMLElement {
  const { t, lang } = ctx;
  const status = h('p', { class: 'status', role: 'status' });
  const part = h('section', { class: 'card' }, h('h2', {}, t.requestDate), status);
  if (o.openRequest) status.textContent = t.openRequest(dateWords(o.openRequest.wanted, lang));
  if (!o.canRequestDate) return part;

  const tomorrow = addDays(shanghaiDate(Date.now()), 1);
  const open = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', 'aria-controls': 'request-form' }, t.requestDate);
  const date = field('wanted', t.wanted, '', { type: 'date', min: tomorrow, required: true });
  const noteId = 'note';
  const note = h('textarea', { id: noteId, name: noteId, maxlength: 200, rows: 3, 'aria-describedby': 'note-hint' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t.submit);
  const cancel = h('button', { type: 'button', class: 'link' }, t.cancel);
  const form = h(
    'form',
    { id: 'request-form', novalidate: true, hidden: true },
    date.wrap,
    h('div', { class: 'field' }, h('label', { for: noteId }, t.note), note, h('p', { id: 'note-hint', class: 'hint' }, t.noteHint)),
    h('div', { class: 'row' }, submit, cancel),
  );
  const toggle = (on: boolean) => {
    form.hidden = !on;
    open.hidden = on;
    open.setAttribute('aria-expanded', String(on));
    (on ? date.input : open).focus();
  };
  open.addEventListener('click', () => toggle(true));
  cancel.addEventListener('click', () => toggle(false));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const wanted = date.input.value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(wanted) || wanted < tomorrow) {
      date.error(t.badDate);
      date.input.focus();
      return;
    }
    date.error(null);
    const text = note.value.trim();
    void busy(submit, t.sending, () => api.request({ orderNo: o.orderNo, wanted, ...(text ? { note: text } : {}) })).then((r) => {
      if (r.ok) {
        form.remove();
        open.remove();
        status.textContent = t.requestSent(dateWords(r.data.wanted, lang));
        status.tabIndex = -1;
        status.focus();
      } else {
        date.error(failureWords(r, t));
      }
    });
  });
  part.append(open, form);
  return part;
}
