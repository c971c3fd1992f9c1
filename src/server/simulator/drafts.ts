/** A new order as a sales channel would send it (the floor API's POST /api/v1/orders body). */
import { shanghaiDate } from '@shared/time';
import { CHANNELS, PRODUCT_TYPES, type Channel, type ProductType } from '@shared/vocab';
import type { CreateOrderBody } from '@server/floor/schemas';
import { DISTRICTS, type District } from '@server/simulator/geo';
import { addressDetail, AMOUNT_RANGE, jitter, mobile, personName, SKU_PREFIX } from '@server/simulator/people';
import type { Rng } from '@server/simulator/prng';

const DAY = 86_400_000;
const CHANNEL_WEIGHT: Record<Channel, number> = { douyin: 25, tmall: 30, jd: 20, store: 15, web: 10 };
const PRODUCT_WEIGHT: Record<ProductType, number> = { wardrobe: 35, kitchen: 25, bookcase: 15, shoe_cabinet: 10, tatami: 15 };

export interface DraftOptions {
  seq: number;
  signedAtMs: number;
  district?: District;
  productType?: ProductType;
}

export function draftOrder(rng: Rng, o: DraftOptions): CreateOrderBody & { promisedDate: string } {
  const district = o.district ?? rng.weighted(DISTRICTS, (d) => d.weight);
  const channel = rng.weighted(CHANNELS, (c) => CHANNEL_WEIGHT[c]);
  const productType = o.productType ?? rng.weighted(PRODUCT_TYPES, (p) => PRODUCT_WEIGHT[p]);
  const [lo, hi] = AMOUNT_RANGE[productType] ?? [5000, 20000];
  const amount = Math.round(rng.range(lo, hi) / 10) * 10;
  // drawn as before issue 20 so every seed's later draws stay the same; the promotion itself is
  // entered by the PromotionDesk (promotions.ts) from its own stream
  const discounted = rng.chance(0.7);
  const point = jitter(rng, district);
  const nSkus = rng.int(1, 4);
  const skus = Array.from({ length: nSkus }, () => `${SKU_PREFIX[productType] ?? 'SKU'}-${rng.pick(['E0', 'ENF', 'E1'])}-${rng.int(600, 2800)}`);
  const body = {
    orderNo: `DD${shanghaiDate(o.signedAtMs).replaceAll('-', '')}${String(o.seq).padStart(6, '0')}`,
    channel,
    productType,
    customer: { name: personName(rng), phone: mobile(rng) },
    address: { province: district.province, city: district.city, district: district.name, detail: addressDetail(rng), lat: point.lat, lng: point.lng },
    amount,
    promisedDate: shanghaiDate(o.signedAtMs + rng.int(20, 35) * DAY),
    skus,
  };
  if (discounted) rng.range(0.03, 0.15); // the old discount's draw, kept for the stream
  return body;
}
