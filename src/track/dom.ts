/**
 * The page's one DOM helper: elements built with createElement and text set as textContent, never
 * innerHTML, so nothing the server sends (names, notes, carrier names) can become markup.
 */
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;
export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'class') el.className = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
}

/**
 * Replaces the main region's content and, from the second screen on, moves focus to its heading
 * (screen readers hear the new screen). The first screen is the page itself, read from the top;
 * focusing it would only force a layout before the first paint.
 */
export function show(main: HTMLElement, ...children: Child[]): void {
  main.replaceChildren();
  append(main, children);
  const heading = main.querySelector<HTMLElement>('h1, h2');
  if (!heading) return;
  heading.tabIndex = -1;
  if (main.dataset.shown) heading.focus({ preventScroll: false });
  main.dataset.shown = '1';
}
