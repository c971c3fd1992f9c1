/**
 * The one benchmark harness (`npm run bench -- [--json FILE]`). Each benchmark measures a figure
 * and, in the same run, the baseline it is compared with; the harness prints both side by side
 * and never passes or fails on time. Later issues add their figures to BENCHMARKS.
 */
export interface Figure {
  value: number;
  unit: 'ms' | 'min' | 'rows/s' | 'MB' | 'KB' | 'B' | 'events/s' | 'count' | 'us' | '%' | 'fraction';
  baseline: number;
  note: string;
}

export interface Benchmark {
  name: string;
  run(): Promise<Figure>;
}

/** Median of `runs` timings of `fn` after one warm-up, in ms. */
export async function timeMedian(fn: () => unknown | Promise<unknown>, runs = 5): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function formatTable(results: Record<string, Figure>): string {
  const rows = Object.entries(results).map(([name, f]) => [
    name,
    `${round(f.value)} ${f.unit}`,
    `${round(f.baseline)} ${f.unit}`,
    f.baseline > 0 ? `${round(f.value / f.baseline)}×` : '—',
    f.note,
  ]);
  const head = ['figure', 'value', 'baseline', 'value/baseline', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function round(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}
