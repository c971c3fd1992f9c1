/** A tiny inline trend line (SVG): the incident's count at the last hourly samples. */
export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  const w = 64;
  const h = 18;
  if (values.length < 2) return <svg className="sparkline" width={w} height={h} role="img" aria-label={label} />;
  const max = Math.max(...values, 1);
  const step = w / (values.length - 1);
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(h - 2 - (v / max) * (h - 4)).toFixed(1)}`).join(' ');
  const rising = values[values.length - 1]! > values[0]!;
  return (
    <svg className={`sparkline${rising ? ' sparkline--up' : ''}`} width={w} height={h} role="img" aria-label={label}>
      <polyline points={points} fill="none" strokeWidth="1.5" />
    </svg>
  );
}
