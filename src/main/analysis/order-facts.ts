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

export function orderFacts(id: string, o: OrderData): OrderFacts {
  const phone = (o.customerPhone ?? '').replace(/\D/g, '');
  return {
    id,
    orderNo: o.orderNo,
    channel: o.channel,
    productType: o.productType,
    stage: o.stage,
    stageEnteredAt: o.stageEnteredAt,
    promisedDate: o.promisedDate,
    city: o.city,
    district: o.district,
    lat: o.lat,
    lng: o.lng,
    causes: o.causes,
    crewId: o.crewId ?? null,
    carrier: o.carrier ?? null,
    workstation: o.workshop ? (o.line ? `${o.workshop}/${o.line}` : o.workshop) : null,
    customerName: o.customerName ?? '',
    phone4: phone.slice(-4),
  };
}

export interface CrewFacts extends CrewData {
  id: string;
}

export interface JobFacts extends JobData {
  id: string;
}

export const OPEN_JOB = (j: JobData): boolean => j.status !== 'done' && j.status !== 'cancelled';
