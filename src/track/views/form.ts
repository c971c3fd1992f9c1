/** Form parts the screens share: a labelled field with its hint and error, the error line, a countdown. */
import { h } from '../dom';

export interface Field {
  wrap: HTMLElement;
  input: HTMLInputElement;
  /** shows (or clears, with null) the field's error and marks the input invalid */
  error(text: string | null): void;
}

export function field(id: string, label: string, hint: string, attrs: Record<string, string | number | boolean>): Field {
  const input = h('input', { id, name: id, 'aria-describedby': `${id}-hint ${id}-error`, ...attrs });
  const err = h('p', { id: `${id}-error`, class: 'error', role: 'alert' });
  const wrap = h('div', { class: 'field' }, h('label', { for: id }, label), input, h('p', { id: `${id}-hint`, class: 'hint' }, hint), err);
  return {
    wrap,
    input,
    error(text) {
      err.textContent = text ?? '';
      if (text) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
  };
}

/** Keeps `button` disabled for `seconds`, its text counting down, then restores `label`; stops once the button left the page. */
export function countdown(button: HTMLButtonElement, seconds: number, during: (s: number) => string, label: string): void {
  const until = Date.now() + seconds * 1000;
  button.disabled = true;
  const tick = () => {
    const left = Math.ceil((until - Date.now()) / 1000);
    if (!button.isConnected || left <= 0) {
      clearInterval(timer);
      button.disabled = false;
      button.textContent = label;
      return;
    }
    button.textContent = during(left);
  };
  const timer = setInterval(tick, 1000);
  tick();
}

/** Marks a button busy (its text says so) while `work` runs. */
export async function busy<T>(button: HTMLButtonElement, text: string, work: () => Promise<T>): Promise<T> {
  const label = button.textContent ?? '';
  button.disabled = true;
  button.textContent = text;
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.removeAttribute('aria-busy');
    button.disabled = false;
    button.textContent = label;
  }
}
