/** The progress bar over the 12 stages: a real progressbar for assistive technology, 12 segments for the eye. */
import { h } from '../dom';
import type { Words } from '../text';

export function progressBar(stage: number, stageName: string, t: Words): HTMLElement {
  const bar = h('div', { class: 'bar', role: 'progressbar', 'aria-label': t.nowAt, 'aria-valuemin': 1, 'aria-valuemax': 12, 'aria-valuenow': stage, 'aria-valuetext': t.progress(stage, stageName) });
  for (let no = 1; no <= 12; no++) bar.append(h('span', { class: no < stage ? 'seg done' : no === stage ? 'seg current' : 'seg' }));
  return bar;
}
