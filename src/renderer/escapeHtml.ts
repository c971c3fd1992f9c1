/**
 * Text for an HTML sink. ECharts sets a tooltip formatter's string as innerHTML, so every string
 * that comes from the server (crew names, districts, leave reasons typed on the floor) goes
 * through here before it is joined into such a string; floor text is never trusted markup.
 * DOM built with textContent (the map's hover cards) needs none of this.
 */
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}
