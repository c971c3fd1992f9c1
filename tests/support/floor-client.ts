/**
 * Creating orders through the order server's floor API, as a workshop scanner would: with an
 * Idempotency-Key, retried with it when the connection drops before the answer (a keep-alive
 * connection the server closed on restart), so a retry never creates the order twice.
 */
import { retryingWrite } from '@server/floor/retrying-write';

export interface NewOrder {
  orderNo: string;
  promisedDate: string;
  channel?: string;
  productType?: string;
  district?: { province: string; city: string; district: string; lat: number; lng: number };
}

const PUDONG = { province: '上海市', city: '上海市', district: '浦东新区', lat: 31.2215, lng: 121.5447 };

/** POST /api/v1/orders; returns the new order's id, or throws with the server's answer. */
export async function postOrder(serverUrl: string, floorToken: string, order: NewOrder): Promise<string> {
  const where = order.district ?? PUDONG;
  const res = await retryingWrite(`${serverUrl}/api/v1/orders`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${floorToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      orderNo: order.orderNo,
      channel: order.channel ?? 'tmall',
      productType: order.productType ?? 'kitchen',
      customer: { name: '王女士', phone: '13912345678' },
      address: { ...where, detail: '张杨路 1 号' },
      amount: 28600,
      promisedDate: order.promisedDate,
    }),
  });
  if (!res.ok) throw new Error(`POST /api/v1/orders ${order.orderNo}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}
