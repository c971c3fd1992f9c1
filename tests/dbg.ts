import { seedNight, violations } from './bench/plans.bench';
import { generatePlans } from '@main/plans/generate';
await generatePlans(seedNight(20, 10), 'w', 0);
for (const [n, c] of [[237, 40], [1000, 120]] as const) {
  const p = seedNight(n, c);
  const t0 = performance.now();
  const plans = await generatePlans(p, 'x', 1);
  console.log(n, (performance.now() - t0).toFixed(0), plans.map((x) => [x.solver.status, x.solver.ms, x.solver.objective, x.solver.columns, violations(p, x)]));
}
