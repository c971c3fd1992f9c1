/** The floor API's routes: parse with zod (naming the field), call the order operations. */
import { asc, eq } from 'drizzle-orm';
import { budgets } from '@server/db/schema';
import { setBudget } from '@server/db/budgets';
import { budgetData } from '@server/db/wire';
import { AppError } from '@server/errors';
import { AdvanceBody, BudgetBody, BudgetStage, CauseBody, CreateOrderBody, LineDownBody, StoppageBody, UnavailableBody } from '@server/floor/schemas';
import { getOrder, listOrders } from '@server/floor/reads';
import { listCarriers, listLines } from '@server/floor/supply-reads';
import type { FloorDeps, FloorRequest } from '@server/floor/http';
import { addUnavailability, advanceOrder, createOrder, tagCause, type Actor } from '@server/orders/operations';
import { reportLineDown, reportStoppage } from '@server/supply/reports';

export interface RouteResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const ID = '([A-Za-z0-9_.:-]{1,100})';
const ROUTES: { method: string; pattern: RegExp; run: (deps: FloorDeps, req: FloorRequest, params: string[]) => Promise<RouteResult> | RouteResult }[] = [
  { method: 'POST', pattern: /^\/api\/v1\/orders$/, run: postOrder },
  { method: 'GET', pattern: /^\/api\/v1\/orders$/, run: listOrdersRoute },
  { method: 'GET', pattern: new RegExp(`^/api/v1/orders/${ID}$`), run: getOrderRoute },
  { method: 'POST', pattern: new RegExp(`^/api/v1/orders/${ID}/advance$`), run: postAdvance },
  { method: 'POST', pattern: new RegExp(`^/api/v1/orders/${ID}/causes$`), run: postCause },
  { method: 'POST', pattern: new RegExp(`^/api/v1/crews/${ID}/unavailable$`), run: postUnavailable },
  // issue 14: a carrier's name and a line's `<factory>/<line>` are percent-encoded in the path (a line's `/` may be sent as it is)
  { method: 'GET', pattern: /^\/api\/v1\/carriers$/, run: (deps, req) => listCarriers(deps, req.principal) },
  { method: 'GET', pattern: /^\/api\/v1\/lines$/, run: (deps, req) => listLines(deps, req.principal) },
  { method: 'POST', pattern: /^\/api\/v1\/carriers\/([^/]{1,400})\/stoppages$/, run: postStoppage },
  { method: 'POST', pattern: /^\/api\/v1\/lines\/([^/]{1,400}(?:\/[^/]{1,400})?)\/down$/, run: postLineDown },
  { method: 'GET', pattern: /^\/api\/v1\/budgets$/, run: getBudgets },
  { method: 'PUT', pattern: /^\/api\/v1\/budgets\/([0-9]{1,2})$/, run: putBudget },
];

export async function routeFloor(deps: FloorDeps, req: FloorRequest): Promise<RouteResult | null> {
  let pathMatched = false;
  for (const r of ROUTES) {
    const m = r.pattern.exec(req.path);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== req.method) continue;
    return r.run(deps, req, m.slice(1));
  }
  if (pathMatched) throw new AppError('method_not_allowed', `${req.method} ${req.path} is not allowed`, 405);
  return null;
}

// the token's identity, always: a body's `actor` is only stored as `reportedBy` (finding 5)
const actorOf = (req: FloorRequest): Actor => ({ name: req.principal.name, role: req.principal.role, scope: req.principal.scope });
const param = (params: string[], i = 0): string => params[i] ?? '';
/** The answer of most writes: what they return, with the version they committed at. */
const answered = (result: object, version: number): RouteResult => ({ status: 200, body: { ...result, version } });

async function postOrder(deps: FloorDeps, req: FloorRequest): Promise<RouteResult> {
  const body = CreateOrderBody.parse(await req.body());
  return req.write(
    (writer) => createOrder(writer, body, actorOf(req)),
    (r, version) => ({ status: 201, body: { id: r.id, version } }),
  );
}

async function postAdvance(deps: FloorDeps, req: FloorRequest, params: string[]): Promise<RouteResult> {
  const body = AdvanceBody.parse(await req.body());
  return req.write((writer) => advanceOrder(writer, param(params), body, actorOf(req)), answered);
}

async function postCause(deps: FloorDeps, req: FloorRequest, params: string[]): Promise<RouteResult> {
  const body = CauseBody.parse(await req.body());
  return req.write((writer) => tagCause(writer, param(params), body, actorOf(req)), answered);
}

async function postUnavailable(deps: FloorDeps, req: FloorRequest, params: string[]): Promise<RouteResult> {
  const body = UnavailableBody.parse(await req.body());
  return req.write((writer) => addUnavailability(writer, param(params), body, req.principal.scope), answered);
}

/** A path segment as text; a malformed escape answers 404 like an unknown name. */
function decoded(raw: string, what: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AppError('not_found', `${what} ${raw} not found (not a valid percent-encoded name)`, 404);
  }
}

async function postStoppage(deps: FloorDeps, req: FloorRequest, params: string[]): Promise<RouteResult> {
  const name = decoded(param(params), 'carrier');
  const body = StoppageBody.parse(await req.body());
  return req.write((writer) => reportStoppage(writer, name, body, req.principal), answered);
}

async function postLineDown(deps: FloorDeps, req: FloorRequest, params: string[]): Promise<RouteResult> {
  const workstation = decoded(param(params), 'line');
  const body = LineDownBody.parse(await req.body());
  return req.write((writer) => reportLineDown(writer, workstation, body, req.principal), answered);
}

function getBudgets(deps: FloorDeps): RouteResult {
  const rows = deps.db.select().from(budgets).where(eq(budgets.deleted, false)).orderBy(asc(budgets.stage)).all();
  return { status: 200, body: { budgets: rows.map((r) => ({ id: r.id, version: r.version, ...budgetData(r) })) } };
}

/** Budgets are company policy: a supervisor edits them, a floor scanner cannot. */
async function putBudget(deps: FloorDeps, req: FloorRequest, params: string[]): Promise<RouteResult> {
  if (req.principal.role !== 'supervisor') throw new AppError('forbidden', `role ${req.principal.role} may not edit budgets`, 403);
  const stage = BudgetStage.parse(Number(param(params)));
  const body = BudgetBody.parse(await req.body());
  return req.write((writer) => setBudget(writer, stage, body.hours), answered);
}

function listOrdersRoute(deps: FloorDeps, req: FloorRequest): RouteResult {
  return listOrders(deps, req.principal, req.query);
}

function getOrderRoute(deps: FloorDeps, req: FloorRequest, params: string[]): RouteResult {
  return getOrder(deps, req.principal, param(params));
}
