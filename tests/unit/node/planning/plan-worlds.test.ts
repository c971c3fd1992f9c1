/**
 * The seed worlds of the supply plan figures (tests/bench/plan-worlds.ts), run once small: the real
 * builders and planners on them give plans that keep every hard rule by the independent checkers
 * (lane-day and line-day capacity, stage and skill, crews, nothing before now + lead). Each checker
 * is also shown a plan that breaks a rule, so a checker that found nothing could not pass.
 */
import { describe, expect, it } from 'vitest';
import type { Plan } from '@shared/plans';
import { problemForIncident } from '@node/planning/incident-problem';
import { lineProblem } from '@node/planning/line-problem';
import { linePlans } from '@node/planning/line-plans';
import { logisticsPlans } from '@node/planning/logistics-plans';
import { DOWN_LINE, lineDownWorld, lineViolations, logisticsViolations, logisticsWorld, STOPPED_CARRIER } from '../../../bench/plan-worlds';

const meta = { incidentId: 'inc-world', checkpoint: 1 };

describe('plan worlds (bench seeds)', () => {
  it('a stopped carrier with 60 orders: three logistics plans with no hard violation, each plan doing something', async () => {
    const w = logisticsWorld(60);
    const p = problemForIncident(w.source, 'logistics', w.incident);
    // every order of the stopped carrier is planned: those the incident names and the held ones it adds
    expect(p.shipments!.length).toBe(60);
    expect(p.shipments!.length).toBeGreaterThan(w.incident.orderIds.length);
    expect(p.shipments!.some((s) => s.collected) && p.shipments!.some((s) => !s.collected)).toBe(true);
    expect(p.jobs.length).toBeGreaterThan(10);
    const plans = await logisticsPlans(p, meta);
    expect(plans.map((x) => x.kind)).toEqual(['switch_carrier', 'wait_carrier', 'express']);
    expect(logisticsViolations(p, plans)).toEqual([]);
    const [a, b, c] = plans as [Plan, Plan, Plan];
    expect(a.orderMoves.filter((m) => m.moved).length).toBeGreaterThan(0);
    expect(b.summary.moved).toBeGreaterThan(0);
    expect(c.orderMoves.filter((m) => m.moved).length).toBeGreaterThan(0);

    // the checker sees a switch of a collected shipment, a lane-day over capacity and a pickup too soon
    const collected = p.shipments!.find((s) => s.collected)!;
    const move = a.orderMoves.find((m) => m.moved)!;
    const bad: Plan = { ...a, orderMoves: [...a.orderMoves, { ...move, orderId: collected.orderId }] };
    expect(logisticsViolations(p, [bad]).join('\n')).toContain(`${collected.orderId} → ${move.to!.resource} ${move.to!.date}: not switchable`);
    const key = `${move.to!.resource}|`;
    const full: typeof p = { ...p, carrierLoad: new Map([...p.carrierLoad!].map(([k]) => [k, k.startsWith(key) ? 10_000 : 0])) };
    expect(logisticsViolations(full, [a]).some((v) => v.includes('> daily capacity'))).toBe(true);
    const early: Plan = { ...a, orderMoves: a.orderMoves.map((m) => (m === move ? { ...m, to: { resource: m.to!.resource, date: '2026-11-25' } } : m)) };
    expect(logisticsViolations(p, [early]).some((v) => v.includes('pickup before now + lead'))).toBe(true);
    expect(p.carriers!.find((x) => x.name === STOPPED_CARRIER)!.stoppages).toHaveLength(1);
  });

  it('a line down with 60 orders waiting: three line plans with no hard violation, each plan doing something', async () => {
    const w = lineDownWorld(60);
    const p = lineProblem(w.source, w.incident);
    expect(p.lineOrders!.length).toBe(60);
    expect(p.lineOrders!.some((o) => o.notPlannable)).toBe(true);
    const plans = await linePlans(p, meta);
    expect(plans.map((x) => x.kind)).toEqual(['move_line', 'push_downstream', 'line_overtime']);
    expect(lineViolations(p, plans)).toEqual([]);
    const [a, b, c] = plans as [Plan, Plan, Plan];
    expect(a.summary.moved).toBeGreaterThan(0);
    expect(b.summary.covered).toBeGreaterThan(0);
    expect(c.summary.moved).toBeGreaterThanOrEqual(a.summary.moved);
    // tatami: only the down line works it, so A never places one
    for (const m of a.orderMoves) if (p.lineOrders!.find((o) => o.orderId === m.orderId)!.productType === 'tatami') expect(m.to).toBeNull();

    // the checker sees an order on a line without its skill, on the down line while down, and a day over capacity
    const moved = a.orderMoves.find((m) => m.moved)!;
    const tatami = p.lineOrders!.find((o) => o.productType === 'tatami' && !o.notPlannable)!;
    const wrong: Plan = { ...a, orderMoves: [...a.orderMoves, { ...moved, orderId: tatami.orderId }] };
    expect(lineViolations(p, [wrong]).some((v) => v.startsWith(`move_line ${tatami.orderId}`) && v.includes('skill'))).toBe(true);
    const onDown: Plan = { ...b, orderMoves: b.orderMoves.map((m) => (m.to ? { ...m, to: { resource: DOWN_LINE, date: '2026-11-26' } } : m)) };
    expect(lineViolations(p, [onDown]).some((v) => v.includes(`${DOWN_LINE}|2026-11-26`) && v.includes('capacity 0'))).toBe(true);
    const loaded: typeof p = { ...p, lineLoad: new Map([[`${moved.to!.resource}|${moved.to!.date}`, 10_000]]) };
    expect(lineViolations(loaded, [a]).some((v) => v.includes('> capacity'))).toBe(true);
  });
});
