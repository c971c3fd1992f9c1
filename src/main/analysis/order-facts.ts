/**
 * What the war room keeps in memory per order, crew and job: the wire rows reduced to the fields
 * the aggregation, the map filters and the search need (parsed from the replica's `data` JSON).
 */
import type { CrewData, JobData, OrderData } from '@shared/entities';

export interface OrderFacts {
  id: string;
  orderNo: string;
  channel: string;
  productType: string;
  stage: number;
  stageEnteredAt: string;
  promisedDate: string;
  city: string;
  district: string;
  lat: number;
  lng: number;
  causes: string[];
  crewId: string | null;
  carrier: string | null;
  /** "苏州一厂/封边2线": the workshop and line, as the floor's actors name them */
  workstation: string | null;
  customerName: string;
  /** last four digits of the customer's phone, for the diagnosis search */
  phone4: string;
}

/** The fields of an order the war room reads (the wire row, or the load's columns). */
export type FactsSource = Pick<
  OrderData,
  'orderNo' | 'channel' | 'productType' | 'stage' | 'stageEnteredAt' | 'promisedDate' | 'city' | 'district' | 'lat' | 'lng' | 'causes' | 'crewId' | 'customerName' | 'customerPhone' | 'workshop' | 'line' | 'carrier'
>;

/**
 * One copy of each repeated string (districts, cities, dates, channels, crews): 100k orders name a
 * few hundred of each, and a string read from SQLite is a new copy every time.
 */
const interned = new Map<string, string>();
function intern<T extends string | null>(s: T): T {
  if (s === null) return s;
  const known = interned.get(s);
  if (known !== undefined) return known as T;
  if (interned.size > 100_000) interned.clear(); // bounded: it is a cache, not a registry
  interned.set(s, s);
  return s;
}

export function orderFacts(id: string, o: FactsSource): OrderFacts {
  const phone = (o.customerPhone ?? '').replace(/\D/g, '');
  return {
    id,
    orderNo: o.orderNo,
    channel: intern(o.channel),
    productType: intern(o.productType),
    stage: o.stage,
    stageEnteredAt: o.stageEnteredAt,
    promisedDate: intern(o.promisedDate),
    city: intern(o.city),
    district: intern(o.district),
    lat: o.lat,
    lng: o.lng,
    causes: o.causes.length === 0 ? NO_CAUSES : o.causes.map(intern),
    crewId: intern(o.crewId ?? null),
    carrier: intern(o.carrier ?? null),
    workstation: intern(o.workshop ? (o.line ? `${o.workshop}/${o.line}` : o.workshop) : null),
    customerName: o.customerName ?? '',
    phone4: phone.slice(-4),
  };
}

/** Most orders have no cause: they share one frozen empty list. */
const NO_CAUSES: string[] = Object.freeze([]) as unknown as string[];


export interface CrewFacts extends CrewData {
  id: string;
}

export interface JobFacts extends JobData {
  id: string;
}

export const OPEN_JOB = (j: JobData): boolean => j.status !== 'done' && j.status !== 'cancelled';
