/**
 * The back end's handler map is the union of the features' maps (war room, plans, reports,
 * commands, sync), each declared beside its code. Combining checks that every contract method has
 * exactly one handler: adding a method is the contract plus one feature's map (and its test).
 */
import { DESK_METHODS, type DeskHandlers } from '@shared/contract';

export type FeatureHandlers = Partial<DeskHandlers>;

export function combineHandlers(features: Record<string, FeatureHandlers>): DeskHandlers {
  const owner = new Map<string, string>();
  for (const [feature, handlers] of Object.entries(features)) {
    for (const method of Object.keys(handlers)) {
      const first = owner.get(method);
      if (first) throw new Error(`desk method ${method}: handled by both ${first} and ${feature}`);
      if (!(DESK_METHODS as readonly string[]).includes(method)) throw new Error(`desk method ${method} (${feature}): not in the contract`);
      owner.set(method, feature);
    }
  }
  const missing = DESK_METHODS.filter((m) => !owner.has(m));
  if (missing.length > 0) throw new Error(`desk methods without a handler: ${missing.join(', ')}`);
  return Object.assign({}, ...Object.values(features)) as DeskHandlers;
}
