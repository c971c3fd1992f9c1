/** npm run bench -- [--json FILE] [--only NAME[,NAME…]] (each a part of a figure's name) */
import { writeFileSync } from 'node:fs';
import { parseFlags } from '@main/cli-args';
import { formatTable, type Benchmark, type Figure } from './harness';
import { replicaBenchmarks } from './replica.bench';
import { reportBenchmarks } from './report.bench';
import { serverBenchmarks } from './server.bench';
import { syncBenchmarks } from './sync.bench';
import { syncLiveBenchmarks } from './sync-live.bench';
import { sync100kBenchmarks } from './sync-100k.bench';
import { sync1mBenchmarks } from './sync-1m.bench';
import { warRoomBenchmarks } from './warroom.bench';
import { warRoomBrowserBenchmarks } from './warroom.browser.bench';
import { planBenchmarks } from './plans.bench';
import { autoBenchmarks } from './auto.bench';
import { promoBenchmarks } from './promo.bench';
import { trackBenchmarks } from './track.bench';

const BENCHMARKS: Benchmark[] = [...serverBenchmarks, ...replicaBenchmarks, ...syncBenchmarks, ...syncLiveBenchmarks, ...sync100kBenchmarks, ...sync1mBenchmarks, ...warRoomBenchmarks, ...warRoomBrowserBenchmarks, ...reportBenchmarks, ...planBenchmarks, ...autoBenchmarks, ...trackBenchmarks, ...promoBenchmarks];

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { json: 'string', only: 'string' });
  const results: Record<string, Figure> = {};
  for (const bench of BENCHMARKS) {
    if (typeof flags.only === 'string' && !flags.only.split(',').some((part) => bench.name.includes(part))) continue;
    process.stderr.write(`running ${bench.name}…\n`);
    results[bench.name] = await bench.run();
  }
  console.log(formatTable(results));
  if (typeof flags.json === 'string') {
    writeFileSync(flags.json, JSON.stringify(results, null, 2) + '\n');
    console.log(`wrote ${flags.json}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : String(err));
    process.exit(1);
  },
);
