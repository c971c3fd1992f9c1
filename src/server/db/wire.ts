/**
 * Rows → wire changes (protocol.md "Versions"). The data of each entity is exactly the shared
 * zod schema's shape (src/shared/entities.ts); nothing else leaves the server.
 */
import type { AuditData, BudgetData, Change, CrewData, EventData, JobData, NotificationData, OrderData } from '@shared/entities';
import { carrierNameOf } from '@shared/supply-ids';
import type { CarrierData, LineData } from '@shared/supply-rules';
import { AUTO_RULE_ENTITY, AUTO_RUN_ENTITY, type AutoRuleData, type AutoRunData } from '@shared/auto-policy';
import type { JobStatus } from '@shared/vocab';
import { PROMOTION_TEMPLATE_ENTITY, type ReviewStatus } from '@shared/promotions';
import { templateData } from '@server/promotions/read';
import { SECRET_PARAM_TEMPLATES } from '@shared/sms-templates';
import { CUSTOMER_REQUEST_ENTITY, TRACK_ACCESS_ENTITY, type CustomerRequestData, type TrackAccessData } from '@shared/track';
import * as t from '@server/db/schema';

export function orderData(r: t.OrderRow): OrderData {
  return {
    orderNo: r.orderNo,
    channel: r.channel as OrderData['channel'],
    productType: r.productType,
    stage: r.stage,
    stageEnteredAt: r.stageEnteredAt,
    promisedDate: r.promisedDate,
    province: r.province,
    city: r.city,
    district: r.district,
    lat: r.lat,
    lng: r.lng,
    crewId: r.crewId,
    causes: r.causes,
    customerName: r.customerName,
    customerPhone: r.customerPhone,
    addressDetail: r.addressDetail,
    amount: r.amount,
    discountTemplate: r.discountTemplate,
    discountAmount: r.discountAmount,
    skus: r.skus,
    signedAt: r.signedAt,
    designer: r.designer,
    workshop: r.workshop,
    line: r.line,
    carrier: r.carrier,
    waybill: r.waybill,
    bookedSlot: r.bookedSlot,
    note: r.note,
    // finance review (issue 20)
    basketId: r.basketId,
    couponAmount: r.couponAmount,
    reviewStatus: r.reviewStatus as ReviewStatus,
    expectedDiscount: r.expectedDiscount,
    discountDifference: r.discountDifference,
    reviewTemplateVersion: r.reviewTemplateVersion,
    reviewedAt: r.reviewedAt,
    reviewReason: r.reviewReason,
  };
}

export function crewData(r: t.CrewRow): CrewData {
  return {
    name: r.name,
    district: r.district,
    districts: r.districts,
    skills: r.skills,
    capacityPerDay: r.capacityPerDay,
    unavailable: r.unavailable,
    // omitted when empty, like the other extensions: a crew without overtime looks as it always did
    ...(r.overtime?.length ? { overtime: r.overtime } : {}),
  };
}

export function jobData(r: t.JobRow): JobData {
  return { orderId: r.orderId, crewId: r.crewId, date: r.date, status: r.status as JobStatus, skill: r.skill, window: r.window };
}

export function eventData(r: t.EventRow): EventData {
  // `reportedBy` only when a floor client named someone, like the other extensions
  return { orderId: r.orderId, kind: r.kind, stage: r.stage, at: r.at, actor: r.actor, note: r.note, cause: r.cause, evidence: r.evidence, ...(r.reportedBy ? { reportedBy: r.reportedBy } : {}) };
}

export function notificationData(r: t.NotificationRow): NotificationData {
  // a sign-in code's parameters (issue 18) are the code itself: they never leave the server
  const params = r.params && !(SECRET_PARAM_TEMPLATES as readonly string[]).includes(r.template) ? r.params : null;
  return { orderId: r.orderId, template: r.template, status: r.status, at: r.at, ...(params ? { params } : {}), ...(r.sentAt ? { sentAt: r.sentAt } : {}), ...(r.error ? { error: r.error } : {}),
    // a crew text (issue 14) says whose it is; a customer's looks as it always did
    ...(r.recipient && r.recipient !== 'customer' ? { recipient: r.recipient } : {}) };
}

/** `carrier` rows (issue 14): the row id is the name in hex (src/shared/supply-ids.ts), the data names it. */
export function carrierData(r: t.CarrierRow): CarrierData {
  return { name: carrierNameOf(r.id) ?? r.id, express: r.express, trackingUrl: r.trackingUrl, lanes: r.lanes, stoppages: r.stoppages };
}

/** `line` rows (issue 14): one production line, LineData exactly. */
export function lineData(r: t.LineRow): LineData {
  return {
    factory: r.factory, name: r.name, stage: r.stage, skills: r.skills, hoursPerDay: r.hoursPerDay, ordersPerHour: r.ordersPerHour,
    overtimeHoursMax: r.overtimeHoursMax, overtimeYuanPerHour: r.overtimeYuanPerHour, transferYuan: r.transferYuan, down: r.down, overtime: r.overtime,
  };
}

export function budgetData(r: t.BudgetRow): BudgetData {
  return { stage: r.stage, hours: r.hours };
}

/** `auto_rule` rows (issue 14): the server's auto-policy per cause; id = the cause. */
export function autoRuleData(r: t.AutoRuleRow): AutoRuleData {
  return { cause: r.id, enabled: r.enabled, plan: r.plan as AutoRuleData['plan'], maxJobs: r.maxJobs, updatedBy: r.updatedBy, updatedAt: r.updatedAt };
}

/** `auto_run` rows (issue 14): what the auto-policy did for one incident. */
export function autoRunData(r: t.AutoRunRow): AutoRunData {
  return { incidentId: r.incidentId, title: r.title, cause: r.cause, plan: r.plan as AutoRunData['plan'], at: r.at, outcome: r.outcome as AutoRunData['outcome'], moved: r.moved, actionId: r.actionId, detail: r.detail };
}

/** `track_access` rows (issue 18): the self-service page's access log, the phone masked when written. */
export function trackAccessData(r: t.TrackAccessRow): TrackAccessData {
  return { at: r.at, kind: r.kind as TrackAccessData['kind'], phone: r.phone, address: r.address, outcome: r.outcome, orderNo: r.orderNo };
}

/** `customer_request` rows (issue 18): a customer's date-change request from the self-service page. */
export function customerRequestData(r: t.CustomerRequestRow): CustomerRequestData {
  return { orderId: r.orderId, orderNo: r.orderNo, kind: r.kind as CustomerRequestData['kind'], wanted: r.wanted, note: r.note, at: r.at, state: r.state as CustomerRequestData['state'] };
}

/** The synced tables, by wire entity name, sorted by entity name (the digest order). */
export const SYNCED = [
  { entity: AUTO_RULE_ENTITY, table: t.autoRules, toData: autoRuleData },
  { entity: AUTO_RUN_ENTITY, table: t.autoRuns, toData: autoRunData },
  { entity: 'budget', table: t.budgets, toData: budgetData },
  { entity: 'carrier', table: t.carriers, toData: carrierData },
  { entity: 'crew', table: t.crews, toData: crewData },
  { entity: CUSTOMER_REQUEST_ENTITY, table: t.customerRequests, toData: customerRequestData },
  { entity: 'event', table: t.events, toData: eventData },
  { entity: 'job', table: t.jobs, toData: jobData },
  { entity: 'line', table: t.lines, toData: lineData },
  { entity: 'notification', table: t.notifications, toData: notificationData },
  { entity: 'order', table: t.orders, toData: orderData },
  { entity: PROMOTION_TEMPLATE_ENTITY, table: t.promotionTemplates, toData: templateData },
  { entity: TRACK_ACCESS_ENTITY, table: t.trackAccess, toData: trackAccessData },
] as const;

export type SyncedEntity = (typeof SYNCED)[number]['entity'];

export function toChange(entity: string, row: { id: string; version: number; deleted: boolean }, data: object): Change {
  if (row.deleted) return { entity, id: row.id, version: row.version, deleted: true };
  return { entity, id: row.id, version: row.version, data: data as Record<string, unknown> };
}

/**
 * Audit rows travel as entity `audit` (id = the row id as text). Only the rows of applied
 * commands: they are written inside the command's versioned transaction, so their `version` is
 * a real sync version; other outcomes reuse an older version and stay on the server.
 */
export const AUDIT_ENTITY = 'audit';

export function isWireAudit<R extends t.AuditRow>(r: R): r is R & { version: number } {
  return r.outcome === 'applied' && r.version !== null;
}

export function auditData(r: t.AuditRow): AuditData {
  // `detail` only when there is one, like the other extensions: older rows look as they always did
  return { at: r.at, actor: r.actor, role: r.role, clientId: r.clientId, mutationId: r.mutationId, type: r.type, outcome: r.outcome, code: r.code, rows: r.rows, ...(r.detail ? { detail: r.detail } : {}) };
}

export function auditChange(r: t.AuditRow & { version: number }): Change {
  return { entity: AUDIT_ENTITY, id: String(r.id), version: r.version, data: auditData(r) };
}
