import { generateBacklog } from '@server/simulator/backlog';
import { assessLateness } from '@shared/rules';
import { DEFAULT_BUDGETS } from '@shared/stages';
const T = Date.parse('2025-11-11T20:00:00+08:00');
for (const seed of [1, 2, 42]) {
  const b = generateBacklog(seed, T);
  const st = b.orders.map((o) => assessLateness(o, DEFAULT_BUDGETS, T).status);
  console.log(seed, 'overdue', st.filter((s) => s === 'overdue').length, 'at_risk', st.filter((s) => s === 'at_risk').length);
}
