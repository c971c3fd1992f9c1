/**
 * The carriers and production lines a new database starts with (resources/carriers.json and
 * resources/lines.json: data a company edits, issue 14), parsed with the shared zod schemas so a
 * bad file stops the server naming the field (`carriers.json: 1.lanes.3.transitDays: …`).
 */
import { z } from 'zod';
import carriersJson from '@resources/carriers.json';
import linesJson from '@resources/lines.json';
import { describeZodError } from '@shared/protocol';
import { CarrierData, LineData, workstationOf } from '@shared/supply-rules';

export class SupplyDataError extends Error {}

function parseList<T extends z.ZodTypeAny>(schema: T, json: unknown, source: string, keyOf: (item: z.infer<T>) => string): z.infer<T>[] {
  const r = z.array(schema).min(1).safeParse(json);
  if (!r.success) throw new SupplyDataError(`${source}: ${describeZodError(r.error)}`);
  const seen = new Set<string>();
  for (const [i, item] of (r.data as z.infer<T>[]).entries()) {
    const key = keyOf(item);
    if (seen.has(key)) throw new SupplyDataError(`${source}: ${i}: ${key} appears twice`);
    seen.add(key);
  }
  return r.data as z.infer<T>[];
}

export function parseCarriers(json: unknown, source = 'carriers.json'): CarrierData[] {
  return parseList(CarrierData, json, source, (c) => c.name);
}

export function parseLines(json: unknown, source = 'lines.json'): LineData[] {
  const lines = parseList(LineData, json, source, (l) => workstationOf(l.factory, l.name));
  for (const [i, l] of lines.entries()) {
    if (l.stage < 4 || l.stage > 7) throw new SupplyDataError(`${source}: ${i}.stage: a production line works stage 4..7 (开料, 封边, 钻孔, 包装), not ${l.stage}`);
  }
  return lines;
}

let defaults: { carriers: CarrierData[]; lines: LineData[] } | null = null;

/** The shipped defaults, parsed once. */
export function defaultSupply(): { carriers: CarrierData[]; lines: LineData[] } {
  return (defaults ??= { carriers: parseCarriers(carriersJson), lines: parseLines(linesJson) });
}
