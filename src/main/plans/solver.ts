/**
 * The assignment model every plan solves, as a mixed-integer program for HiGHS (WebAssembly):
 *
 *   minimise  Σ cost(o)·x(o) + Σ unplacedCost(j)·u(j) + Σ extraCost(s)·e(s)
 *   subject to  Σ_{o of job j} x(o) + u(j) = 1          (each job placed once, or left unplaced)
 *               Σ_{o in slot s} x(o) − e(s) ≤ free(s)    (a crew-day's free capacity, plus bought extra)
 *               x, u ∈ {0,1};  0 ≤ e(s) ≤ extraMax(s) integer
 *
 * A slot is one crew on one date. Options exist only for placements that satisfy the hard rules
 * (skill, reach, leave), so capacity is the only constraint left to the solver.
 *
 * Every column has at most one entry in a job row and one in a slot row: the constraint matrix is
 * that of a bipartite graph, totally unimodular, so every vertex of the LP relaxation is integral.
 * We therefore solve the LP with the simplex method (a vertex) — an order of magnitude faster than
 * branch-and-bound at 1,000 jobs — and fall back to the MIP only if a value were ever fractional.
 */
import { INTEGER_COLUMN, MODEL_STATUS, solverPool, type ModelArrays, type SessionResult } from '@main/plans/solver-worker';

export interface SolverOption {
  job: number;
  slot: number;
  cost: number;
}

export interface SolverSlot {
  free: number;
  /** extra capacity that may be bought (plan C), at extraCost per unit */
  extraMax?: number;
  extraCost?: number;
}

export interface AssignmentModel {
  jobs: number;
  unplacedCost: number[];
  options: SolverOption[];
  slots: SolverSlot[];
}

export interface AssignmentResult {
  /** per job: the chosen option's index in `options`, or -1 when unplaced */
  choice: Int32Array;
  /** per slot: extra units bought */
  extra: Int32Array;
  objective: number;
  status: string;
  ms: number;
  columns: number;
  rows: number;
}

export interface SolveOptions {
  timeLimitSec?: number;
}

/** x holds u(j), then e(s), then the active option columns */
type Solved = SessionResult;

/**
 * Solves the model exactly: the LP by the simplex method on a solver thread (an integral vertex,
 * see above). Column generation from each job's cheapest options was tried and measured slower:
 * a job left unplaced prices in nearly all of its options (decision 0040).
 */
export async function solveAssignment(m: AssignmentModel, opts: SolveOptions = {}): Promise<AssignmentResult> {
  const started = performance.now();
  if (m.jobs === 0) return { choice: new Int32Array(0), extra: new Int32Array(m.slots.length), objective: 0, status: 'empty', ms: 0, columns: 0, rows: 0 };
  const extraSlots: number[] = [];
  m.slots.forEach((s, i) => {
    if ((s.extraMax ?? 0) > 0) extraSlots.push(i);
  });
  const numRows = m.jobs + m.slots.length;

  // columns: u(j) for each job, e(s) for each slot that may buy extra, then the options in the model
  const fixed = m.jobs + extraSlots.length;
  const optionColumns = (list: readonly number[]) => {
    const starts = new Int32Array(list.length + 1);
    const indices = new Int32Array(2 * list.length);
    list.forEach((i, c) => {
      const o = m.options[i]!;
      starts[c + 1] = 2 * (c + 1);
      indices[2 * c] = o.job;
      indices[2 * c + 1] = m.jobs + o.slot;
    });
    return {
      cost: Float64Array.from(list, (i) => m.options[i]!.cost),
      lower: new Float64Array(list.length),
      upper: new Float64Array(list.length).fill(1),
      matrix: { format: 'csc' as const, numRows, numCols: list.length, starts, indices, values: new Float64Array(2 * list.length).fill(1) },
    };
  };
  const build = (first: readonly number[], mip: boolean): ModelArrays => {
    const opt = optionColumns(first);
    const numCols = fixed + first.length;
    const starts = new Int32Array(numCols + 1);
    const indices = new Int32Array(fixed + opt.matrix.indices.length);
    const values = new Float64Array(indices.length);
    for (let j = 0; j < m.jobs; j++) {
      starts[j + 1] = j + 1;
      indices[j] = j;
      values[j] = 1;
    }
    extraSlots.forEach((sl, i) => {
      starts[m.jobs + i + 1] = m.jobs + i + 1;
      indices[m.jobs + i] = m.jobs + sl;
      values[m.jobs + i] = -1;
    });
    for (let c = 0; c < first.length; c++) starts[fixed + c + 1] = fixed + opt.matrix.starts[c + 1]!;
    indices.set(opt.matrix.indices, fixed);
    values.set(opt.matrix.values, fixed);
    const colCost = new Float64Array(numCols);
    const colUpper = new Float64Array(numCols);
    colCost.set(m.unplacedCost, 0);
    colUpper.fill(1, 0, m.jobs);
    extraSlots.forEach((sl, i) => {
      colCost[m.jobs + i] = m.slots[sl]!.extraCost ?? 0;
      colUpper[m.jobs + i] = m.slots[sl]!.extraMax ?? 0;
    });
    colCost.set(opt.cost, fixed);
    colUpper.set(opt.upper, fixed);
    const rowLower = new Float64Array(numRows);
    const rowUpper = new Float64Array(numRows);
    rowLower.fill(1, 0, m.jobs);
    rowUpper.fill(1, 0, m.jobs);
    m.slots.forEach((sl, i) => {
      rowLower[m.jobs + i] = -Infinity;
      rowUpper[m.jobs + i] = Math.max(0, sl.free);
    });
    const data = { numCols, numRows, colCost, colLower: new Float64Array(numCols), colUpper, rowLower, rowUpper, matrix: { format: 'csc' as const, numRows, numCols, starts, indices, values } };
    return mip ? { ...data, integrality: new Int32Array(numCols).fill(INTEGER_COLUMN) } : data;
  };
  const limit = opts.timeLimitSec ?? 8;
  // the costs are integers, so an absolute gap below 1 proves a MIP optimal
  const MIP_OPTIONS = { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0.5, time_limit: limit };
  const LP_OPTIONS = { output_flag: false, solver: 'simplex', time_limit: limit };

  let active = m.options.map((_, i) => i);
  let solved: Solved;
  const session = await solverPool.session();
  try {
    solved = await session.solve(build(active, false), LP_OPTIONS);
    // the matrix is totally unimodular, so the simplex vertex is integral; the MIP is only a safety net
    if (solved.x.some((v) => Math.abs(v - Math.round(v)) > 1e-6)) {
      active = m.options.map((_, i) => i);
      solved = await session.solve(build(active, true), MIP_OPTIONS);
    }
  } finally {
    session.release();
  }
  const choice = new Int32Array(m.jobs).fill(-1);
  active.forEach((i, c) => {
    if (solved.x[fixed + c]! > 0.5) choice[m.options[i]!.job] = i;
  });
  const extra = new Int32Array(m.slots.length);
  extraSlots.forEach((sl, i) => (extra[sl] = Math.round(solved.x[m.jobs + i]!)));
  return {
    choice,
    extra,
    objective: solved.objective,
    status: MODEL_STATUS[solved.status] ?? `status_${solved.status}`,
    ms: Math.round(performance.now() - started),
    columns: active.length + m.jobs + extraSlots.length,
    rows: numRows,
  };
}

/** The greedy baseline the benchmarks compare against: jobs in order, each to its cheapest option with room. */
export function greedyAssignment(m: AssignmentModel): { choice: Int32Array; objective: number } {
  const left = m.slots.map((s) => Math.max(0, s.free));
  const byJob: SolverOption[][] = Array.from({ length: m.jobs }, () => []);
  m.options.forEach((o) => byJob[o.job]!.push(o));
  const choice = new Int32Array(m.jobs).fill(-1);
  let objective = 0;
  const index = new Map(m.options.map((o, i) => [o, i]));
  for (let j = 0; j < m.jobs; j++) {
    const best = byJob[j]!.filter((o) => left[o.slot]! > 0).sort((a, b) => a.cost - b.cost)[0];
    if (best) {
      left[best.slot]!--;
      choice[j] = index.get(best)!;
      objective += best.cost;
    } else objective += m.unplacedCost[j]!;
  }
  return { choice, objective };
}
