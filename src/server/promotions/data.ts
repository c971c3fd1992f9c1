/**
 * The channel promotion templates a new database starts with (resources/promotions.json: the 2025
 * Double-11 campaigns per channel and each channel's everyday strategy, data a company edits,
 * issue 20), parsed with the shared zod schema so a bad file stops the server naming the field.
 */
import { z } from 'zod';
import promotionsJson from '@resources/promotions.json';
import { describeZodError } from '@shared/protocol';
import { PromotionTemplate } from '@shared/promotions';

export class PromotionDataError extends Error {}

export function parsePromotions(json: unknown, source = 'promotions.json'): PromotionTemplate[] {
  const r = z.array(PromotionTemplate).min(1).safeParse(json);
  if (!r.success) throw new PromotionDataError(`${source}: ${describeZodError(r.error)}`);
  const seen = new Set<string>();
  for (const [i, t] of r.data.entries()) {
    const key = `${t.id}#${t.version}`;
    if (seen.has(key)) throw new PromotionDataError(`${source}: ${i}: ${key} appears twice`);
    seen.add(key);
    if (t.validTo !== null && Date.parse(t.validTo) < Date.parse(t.validFrom)) throw new PromotionDataError(`${source}: ${i}.validTo: before validFrom`);
  }
  return r.data;
}

let defaults: PromotionTemplate[] | null = null;

/** The shipped templates, parsed once. */
export function defaultPromotions(): PromotionTemplate[] {
  defaults ??= parsePromotions(promotionsJson);
  return defaults;
}
