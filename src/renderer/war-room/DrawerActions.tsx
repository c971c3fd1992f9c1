/**
 * The supervisor's direct actions on one order, in the diagnosis drawer: tag a cause, add a note.
 * Each goes to the desk's durable outbox and shows pending here until the server answers (applied,
 * or rejected with its reason). A failure to enqueue is shown at once.
 */
import { useState, type FormEvent } from 'react';
import { CAUSES, type Cause } from '@shared/vocab';
import { getDeskApi } from '@renderer/api/deskClient';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { causeLabel } from '@renderer/i18n/labels';
import { commandStore, useCommands } from '@renderer/state/commandStore';
import { submitCommand } from '@renderer/state/commandSync';
import { COMMAND_STATE, rejectionText } from '@renderer/war-room/commandText';

export function DrawerActions({ orderId, orderNo, finished }: { orderId: string; orderNo: string; finished: boolean }) {
  const t = useT();
  const [lang] = useLang();
  const [cause, setCause] = useState<Cause>(CAUSES[0]);
  const [causeNote, setCauseNote] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const all = useCommands((s) => s.commands);
  const mine = all.filter((c) => c.orderIds.includes(orderId)).slice(0, 6);

  const send = async (go: () => Promise<unknown>, reset: () => void) => {
    commandStore.orderNos.set(orderId, orderNo);
    setBusy(true);
    setError(null);
    try {
      await go();
      reset();
    } catch (err) {
      setError(t('cmd.submitFailed', { error: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  const tag = (e: FormEvent) => {
    e.preventDefault();
    const text = causeNote.trim();
    void send(() => submitCommand(commandStore, () => getDeskApi().tagCause({ orderId, cause, ...(text ? { note: text } : {}) })), () => setCauseNote(''));
  };
  const addNote = (e: FormEvent) => {
    e.preventDefault();
    const text = note.trim();
    if (!text) return;
    void send(() => submitCommand(commandStore, () => getDeskApi().addNote({ orderId, text })), () => setNote(''));
  };

  return (
    <section className="actions" data-testid="drawer-actions" aria-labelledby="actions-title">
      <h3 className="diag__h" id="actions-title">{t('act.title')}</h3>
      <form className="actions__row" onSubmit={tag}>
        <label className="actions__label" htmlFor="act-cause">{t('act.cause')}</label>
        <select id="act-cause" value={cause} onChange={(e) => setCause(e.target.value as Cause)} data-testid="act-cause" data-finished={finished ? 'true' : 'false'}>
          {CAUSES.map((c) => (
            <option key={c} value={c}>
              {causeLabel(c, lang)}
            </option>
          ))}
        </select>
        <input aria-label={t('act.causeNote')} placeholder={t('act.causeNote')} value={causeNote} maxLength={2000} onChange={(e) => setCauseNote(e.target.value)} data-testid="act-cause-note" />
        <button type="submit" className="btn" disabled={busy} data-testid="act-tag">
          {t('act.tag')}
        </button>
      </form>
      <form className="actions__row" onSubmit={addNote}>
        <label className="actions__label" htmlFor="act-note">{t('act.note')}</label>
        <input id="act-note" placeholder={t('act.noteText')} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} data-testid="act-note" />
        <button type="submit" className="btn" disabled={busy || note.trim() === ''} data-testid="act-add-note">
          {t('act.addNote')}
        </button>
      </form>
      {error && <p className="order-drawer__error" role="alert" data-testid="act-error">{error}</p>}
      {mine.length > 0 && (
        <ul className="cmd-list cmd-list--compact" aria-label={t('act.commands')} data-testid="order-commands">
          {mine.map((c) => (
            <li key={c.seq} className={`cmd cmd--${c.state}`} data-testid="order-command" data-state={c.state} data-type={c.type}>
              <span className={`cmd__state cmd__state--${c.state}`}>{t(COMMAND_STATE[c.state])}</span>
              <span className="cmd__label">{c.label}</span>
              {c.error && <span className="cmd__error">{rejectionText(c.error, t)}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
