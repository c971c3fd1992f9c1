/**
 * One sale as the floor API receives it (issue 20): the order, and for a 天猫 cross-store basket
 * its other orders (same customer, address and signing time, other products), each with its
 * promotion entered by the PromotionDesk. The live simulator and the simulated month both sell
 * this way.
 */
import { shanghaiIso } from '@shared/time';
import type { CreateOrderBody } from '@server/floor/schemas';
import { draftOrder } from '@server/simulator/drafts';
import type { Rng } from '@server/simulator/prng';
import type { PromotionDesk, PromoTruth } from '@server/simulator/promotions';

export interface Sale {
  /** create bodies, basket orders one after another, each with signedAt and its promotion fields */
  bodies: CreateOrderBody[];
  /** the truth of each body's promotion, same order; for evaluation only, never sent */
  truth: PromoTruth[];
}

/**
 * The first order is drafted from `rng` exactly as before issue 20 (so the caller's stream is
 * unchanged); a basket's other orders and every promotion draw come from the desk's own stream.
 */
export function sale(rng: Rng, desk: PromotionDesk, seq: number, atMs: number): Sale {
  const first = draftOrder(rng, { seq, signedAtMs: atMs });
  const n = desk.basketSize(first.channel);
  const drafts: CreateOrderBody[] = [first];
  for (let k = 2; k <= n; k++) {
    const other = draftOrder(desk.draws, { seq, signedAtMs: atMs });
    drafts.push({ ...other, orderNo: `${first.orderNo}-${k}`, channel: first.channel, customer: first.customer, address: first.address, promisedDate: first.promisedDate });
  }
  const signedAt = shanghaiIso(atMs);
  // the server assigns ids: the simulator orders a basket's split by orderNo (a fen of rounding apart at most)
  const entries = desk.enter(
    drafts.map((b) => ({ key: b.orderNo, orderNo: b.orderNo, channel: b.channel, amount: b.amount, signedAt })),
    n > 1 ? `BK-${first.orderNo}` : undefined,
  );
  return {
    bodies: drafts.map((b, i) => ({ ...b, ...entries[i]?.fields, signedAt })),
    truth: entries.map((e) => e.truth),
  };
}
