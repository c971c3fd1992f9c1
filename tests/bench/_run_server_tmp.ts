import { formatTable, type Figure } from './harness';
import { serverBenchmarks } from './server.bench';
const only = process.argv[2] ?? '';
const results: Record<string, Figure> = {};
for (const b of serverBenchmarks) {
  if (!b.name.includes(only)) continue;
  const t0 = performance.now();
  results[b.name] = await b.run();
  console.error(b.name, ((performance.now() - t0) / 1000).toFixed(1), 's');
}
console.log(formatTable(results));
process.exit(0);
