/**
 * HiGHS runs in worker threads, never on the back end's own thread: a solve at 1,000 jobs takes
 * seconds of synchronous WebAssembly, and the sync engine, the RPC transports and the war room must
 * not stall meanwhile. The three plans of an incident are solved side by side on a small pool.
 *
 * The worker's code is a short CommonJS string run with `eval: true`, so it needs no separate build
 * entry (the same code runs from the TypeScript sources under vitest and from the electron-vite
 * bundle); it loads `highs` from the path the main thread resolved.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** One solve's answer: HiGHS's model status code, column values, row duals and objective. */
export interface SessionResult {
  status: number;
  x: Float64Array;
  rowDual: Float64Array;
  objective: number;
}

export interface ModelArrays {
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  matrix: { format: 'csc'; numRows: number; numCols: number; starts: Int32Array; indices: Int32Array; values: Float64Array };
  integrality?: Int32Array;
}

/** One solver thread, held while a plan is solved. */
export interface SolverSession {
  solve(model: ModelArrays, options: Record<string, unknown>): Promise<SessionResult>;
  release(): void;
}

const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = require(workerData.highsPath)();
let model = null;
parentPort.on('message', async (msg) => {
  try {
    const highs = await ready;
    if (msg.op === 'dispose') {
      if (model) model.dispose();
      model = null;
      return;
    }
    if (msg.op === 'build') {
      if (model) model.dispose();
      model = highs.createModel(msg.model);
      model.options.set(msg.options);
    }
    model.run();
    const sol = model.getSolution();
    const x = Float64Array.from(sol.colValue);
    const rowDual = Float64Array.from(sol.rowDual);
    parentPort.postMessage({ id: msg.id, ok: true, status: model.getModelStatus(), x, rowDual, objective: model.getObjectiveValue() }, [x.buffer, rowDual.buffer]);
  } catch (err) {
    parentPort.postMessage({ id: msg.id, ok: false, error: String((err && err.stack) || err) });
  }
});
`;

interface Pending {
  resolve: (r: SessionResult) => void;
  reject: (e: Error) => void;
}

class SolverThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  busy = false;

  constructor(highsPath: string) {
    this.worker = new Worker(WORKER_CODE, { eval: true, workerData: { highsPath } });
    this.worker.unref(); // an idle pool never keeps the process alive
    this.worker.on('message', (m: { id: number; ok: boolean; error?: string } & SessionResult) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (!p) return;
      if (m.ok) p.resolve({ status: m.status, x: m.x, rowDual: m.rowDual, objective: m.objective });
      else p.reject(new Error(`solver: ${m.error}`));
    });
    this.worker.on('error', (err) => this.failAll(err));
    this.worker.on('exit', (code) => this.failAll(new Error(`solver thread exited with code ${code}`)));
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.dead = true;
  }

  dead = false;

  call(msg: Record<string, unknown>): Promise<SessionResult> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...msg, id });
    });
  }

  post(msg: Record<string, unknown>): void {
    this.worker.postMessage(msg);
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/** A few solver threads, created on first use and reused (each keeps its HiGHS runtime loaded). */
class SolverPool {
  private readonly threads: SolverThread[] = [];
  private readonly waiting: Array<(t: SolverThread) => void> = [];
  private highsPath: string | null = null;

  constructor(private readonly size: number) {}

  private path(): string {
    this.highsPath ??= createRequire(import.meta.url).resolve('highs');
    return this.highsPath;
  }

  private acquire(): Promise<SolverThread> {
    for (let i = this.threads.length - 1; i >= 0; i--) if (this.threads[i]!.dead) this.threads.splice(i, 1);
    const free = this.threads.find((t) => !t.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    if (this.threads.length < this.size) {
      const t = new SolverThread(this.path());
      t.busy = true;
      this.threads.push(t);
      return Promise.resolve(t);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private releaseThread(t: SolverThread): void {
    t.post({ op: 'dispose' });
    const next = this.waiting.shift();
    if (next && !t.dead) return next(t);
    t.busy = false;
    if (next) void this.acquire().then(next);
  }

  async session(): Promise<SolverSession> {
    const t = await this.acquire();
    let released = false;
    return {
      solve: (model, options) => t.call({ op: 'build', model, options }),
      release: () => {
        if (released) return;
        released = true;
        this.releaseThread(t);
      },
    };
  }

  /**
   * Starts `n` threads ahead of the first plan, so the supervisor does not wait for HiGHS to load
   * (each loaded thread holds ~20 MB: the rest start on first use).
   */
  warm(n = 1): void {
    while (this.threads.length < Math.min(n, this.size)) {
      const t = new SolverThread(this.path());
      t.post({ op: 'dispose' });
      this.threads.push(t);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.splice(0).map((t) => t.terminate()));
  }
}

/** Three plans are solved at once; with two cores a third thread still overlaps start-up and I/O. */
// the three plans of an incident are solved side by side, up to one thread per core
export const solverPool = new SolverPool(Math.max(1, Math.min(3, availableParallelism())));

/** HiGHS model status codes (highs/types.d.ts `constants.modelStatus`) the plans report by name. */
export const MODEL_STATUS: Record<number, string> = { 7: 'optimal', 8: 'infeasible', 13: 'time_limit' };
export const INTEGER_COLUMN = 1;
