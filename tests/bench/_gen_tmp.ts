import { generateBacklog } from '@server/simulator/backlog';
const t0 = performance.now();
const b = generateBacklog(1, Date.parse('2025-11-11T20:00:00+08:00'), { orders: 100000 });
console.log('gen', performance.now() - t0, b.orders.length, b.events.length, b.jobs.length, b.notifications.length);
