/**
 * Who a customer calls (issue 18): one company service line per role, data in
 * resources/service-lines.json (never a worker's own number). The role for an order is the one
 * that moves it on from where it is: the next stage's `movedBy`, and after-sales once finished.
 */
import { z } from 'zod';
import serviceLinesJson from '@resources/service-lines.json';
import { FINAL_STAGE, stageDef } from '@shared/stages';
import { TrackContact } from '@shared/track';

export const AFTER_SALES = 'after_sales';

const ServiceLines = z.object({ lines: z.array(TrackContact).min(1) });

export type ServiceLines = ReadonlyMap<string, TrackContact>;

export function parseServiceLines(json: unknown): ServiceLines {
  const parsed = ServiceLines.safeParse(json);
  if (!parsed.success) throw new Error(`resources/service-lines.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return new Map(parsed.data.lines.map((l) => [l.role, l]));
}

export const SERVICE_LINES: ServiceLines = parseServiceLines(serviceLinesJson);

/** The role responsible for an order at `stage`. */
export function responsibleRole(stage: number): string {
  return stage >= FINAL_STAGE ? AFTER_SALES : stageDef(stage + 1).movedBy;
}

/** The contact for an order at `stage`: the role's line, else after-sales (a role the file does not list). */
export function contactFor(lines: ServiceLines, stage: number): TrackContact {
  const role = responsibleRole(stage);
  const line = lines.get(role) ?? lines.get(AFTER_SALES) ?? [...lines.values()][0];
  if (!line) throw new Error('no service line');
  return line;
}
