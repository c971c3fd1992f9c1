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
import { INTEGER_COLUMN, MODEL_STATUS, solverPool, type ModelArrays, type SessionResult } from '@node/planning/solver-worker';

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

/**
 * Solves the model exactly: the LP by the simplex method on a solver thread (an integral vertex,
 * see above). Column generation from each job's cheapest options was tried and measured slower:
 * a job left unplaced prices in nearly all of its options (decision 0040).
 */
export async function solveAssignment(m: AssignmentModel, opts: SolveOptions = {}): Promise<AssignmentResult> {
  const started = performance.now();
  if (m.jobs === 0) return { choice: new Int32Array(0), extra: new Int32Array(m.slots.length), objective: 0, status: 'empty', ms: 0, columns: 0, rows: 0 };
  const lp = modelArrays(m);
  const limit = opts.timeLimitSec ?? 8;
  let solved: SessionResult;
  const session = await solverPool.session();
  try {
    solved = await session.solve(lp.model, { output_flag: false, solver: 'simplex', time_limit: limit });
    // the matrix is totally unimodular, so the simplex vertex is integral; the MIP is only a safety net
    if (solved.x.some((v) => Math.abs(v - Math.round(v)) > 1e-6)) {
      // the costs are integers, so an absolute gap below 1 proves a MIP optimal
      const mip = { ...lp.model, integrality: new Int32Array(lp.model.numCols).fill(INTEGER_COLUMN) };
      solved = await session.solve(mip, { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0.5, time_limit: limit });
    }
  } finally {
    session.release();
  }
  const { fixed, extraSlots } = lp;
  const choice = new Int32Array(m.jobs).fill(-1);
  m.options.forEach((o, i) => {
    if (solved.x[fixed + i]! > 0.5) choice[o.job] = i;
  });
  const extra = new Int32Array(m.slots.length);
  extraSlots.forEach((sl, i) => (extra[sl] = Math.round(solved.x[m.jobs + i]!)));
  return {
    choice,
    extra,
    objective: solved.objective,
    status: MODEL_STATUS[solved.status] ?? `status_${solved.status}`,
    ms: Math.round(performance.now() - started),
    columns: lp.model.numCols,
    rows: lp.model.numRows,
  };
}

/**
 * The model as CSC arrays. Columns: u(j) for each job, e(s) for each slot that may buy extra, then
 * one x per option (in `m.options` order); rows: the jobs, then the slots.
 */
function modelArrays(m: AssignmentModel): { model: ModelArrays; fixed: number; extraSlots: number[] } {
  const extraSlots: number[] = [];
  m.slots.forEach((s, i) => {
    if ((s.extraMax ?? 0) > 0) extraSlots.push(i);
  });
  const numRows = m.jobs + m.slots.length;
  const fixed = m.jobs + extraSlots.length;
  const numCols = fixed + m.options.length;
  const starts = new Int32Array(numCols + 1);
  const indices = new Int32Array(fixed + 2 * m.options.length);
  const values = new Float64Array(indices.length).fill(1);
  const colCost = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(1);
  let k = 0;
  const entry = (col: number, row: number, value: number) => {
    indices[k] = row;
    values[k++] = value;
    starts[col + 1] = k;
  };
  for (let j = 0; j < m.jobs; j++) {
    entry(j, j, 1);
    colCost[j] = m.unplacedCost[j]!;
  }
  extraSlots.forEach((sl, i) => {
    entry(m.jobs + i, m.jobs + sl, -1);
    colCost[m.jobs + i] = m.slots[sl]!.extraCost ?? 0;
    colUpper[m.jobs + i] = m.slots[sl]!.extraMax ?? 0;
  });
  m.options.forEach((o, i) => {
    entry(fixed + i, o.job, 1);
    entry(fixed + i, m.jobs + o.slot, 1);
    colCost[fixed + i] = o.cost;
  });
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  rowLower.fill(1, 0, m.jobs);
  rowUpper.fill(1, 0, m.jobs);
  m.slots.forEach((sl, i) => {
    rowLower[m.jobs + i] = -Infinity;
    rowUpper[m.jobs + i] = Math.max(0, sl.free);
  });
  const model = { numCols, numRows, colCost, colLower: new Float64Array(numCols), colUpper, rowLower, rowUpper, matrix: { format: 'csc' as const, numRows, numCols, starts, indices, values } };
  return { model, fixed, extraSlots };
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
