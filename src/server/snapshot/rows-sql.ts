/**
 * Each synced entity's live rows as snapshot rows (id, version, data) in SQL, so the whole build
 * runs inside SQLite. `data` must be exactly what src/server/db/wire.ts sends for the row (the
 * same fields, the same "omitted when empty" extensions) and, for each desk role, what
 * src/server/desk/projection.ts makes of it: tests/integration/server/snapshot.test.ts compares
 * every row of a snapshot with a full pull, for both roles.
 */
import type { Role } from '@shared/vocab';
import { seesTextParams } from '@shared/projection';
import { SECRET_PARAM_TEMPLATES } from '@shared/sms-templates';
import { carrierNameSql } from '@shared/supply-ids';
import { deskRules } from '@server/desk/projection';

/** `json_remove(obj, path)` when `absent` holds, else obj unchanged ('$._' names no field). */
const dropWhen = (absent: string, field: string) => `CASE WHEN ${absent} THEN '$.${field}' ELSE '$._' END`;

/** SQL twin of maskPhone (src/shared/projection.ts): 11+ characters keep 3 and 4, shorter ones a quarter at each end. */
export function maskPhoneSql(col: string): string {
  const n = `length(${col})`;
  const head = `(CASE WHEN ${n} >= 11 THEN 3 ELSE ${n} / 4 END)`;
  const tail = `(CASE WHEN ${n} >= 11 THEN 4 ELSE ${n} / 4 END)`;
  return `(CASE WHEN ${n} = 0 THEN ${col} ELSE substr(${col}, 1, ${head}) || '****' || (CASE WHEN ${tail} > 0 THEN substr(${col}, -${tail}) ELSE '' END) END)`;
}

function orderJson(role: Role): string {
  // desk roles only: their rules omit fields and mask the phone (the floor's name and location rules have no SQL twin)
  const rules = deskRules(role);
  const fields: [string, string][] = [
    ['orderNo', 'order_no'],
    ['channel', 'channel'],
    ['productType', 'product_type'],
    ['stage', 'stage'],
    ['stageEnteredAt', 'stage_entered_at'],
    ['promisedDate', 'promised_date'],
    ['province', 'province'],
    ['city', 'city'],
    ['district', 'district'],
    ['lat', 'lat'],
    ['lng', 'lng'],
    ['crewId', 'crew_id'],
    ['causes', 'json(causes)'],
    ['customerName', 'customer_name'],
    ['customerPhone', rules.maskPhone ? maskPhoneSql('customer_phone') : 'customer_phone'],
    ['addressDetail', 'address_detail'],
    ['amount', 'amount'],
    ['discountTemplate', 'discount_template'],
    ['discountAmount', 'discount_amount'],
    ['skus', 'json(skus)'],
    ['signedAt', 'signed_at'],
    ['designer', 'designer'],
    ['workshop', 'workshop'],
    ['line', 'line'],
    ['carrier', 'carrier'],
    ['waybill', 'waybill'],
    ['bookedSlot', 'booked_slot'],
    ['note', 'note'],
    // finance review (issue 20; wire.ts orderData)
    ['basketId', 'basket_id'],
    ['couponAmount', 'coupon_amount'],
    ['reviewStatus', 'review_status'],
    ['expectedDiscount', 'expected_discount'],
    ['discountDifference', 'discount_difference'],
    ['reviewTemplateVersion', 'review_template_version'],
    ['reviewedAt', 'reviewed_at'],
    ['reviewReason', 'review_reason'],
  ];
  // e.g. a viewer never receives the contract amount or the discount amount (omitted, not nulled)
  const omitted: readonly string[] = rules.omit;
  if (rules.maskName || rules.coarseLocation) throw new Error(`snapshot: no SQL for the rules of role ${role}`);
  const shown = fields.filter(([k]) => !omitted.includes(k));
  return `json_object(${shown.map(([k, v]) => `'${k}', ${v}`).join(', ')})`;
}

/** entity → the SELECT of its live rows from the attached server database `src`. */
export function snapshotSelects(role: Role): Record<string, string> {
  return {
    budget: `SELECT id, version, json_object('stage', stage, 'hours', hours) FROM src.budgets WHERE deleted = 0`,
    crew: `SELECT id, version, json_remove(json_object('name', name, 'district', district, 'districts', json(districts), 'skills', json(skills),
             'capacityPerDay', capacity_per_day, 'unavailable', json(unavailable), 'overtime', json(overtime)),
             ${dropWhen('json_array_length(overtime) = 0', 'overtime')}) FROM src.crews WHERE deleted = 0`,
    event: `SELECT id, version, json_remove(json_object('orderId', order_id, 'kind', kind, 'stage', stage, 'at', at, 'actor', actor, 'note', note,
             'cause', cause, 'evidence', evidence, 'reportedBy', reported_by),
             ${dropWhen("reported_by IS NULL OR reported_by = ''", 'reportedBy')}) FROM src.events WHERE deleted = 0`,
    job: `SELECT id, version, json_object('orderId', order_id, 'crewId', crew_id, 'date', date, 'status', status, 'skill', skill,
           'window', "window") FROM src.jobs WHERE deleted = 0`,
    notification: `SELECT id, version, json_remove(json_object('orderId', order_id, 'template', template, 'status', status, 'at', at,
                    'params', json(params), 'sentAt', sent_at, 'error', error, 'recipient', recipient),
                    ${dropWhen(seesTextParams(role === 'supervisor' ? 'supervisor' : 'viewer') ? `params IS NULL OR template IN (${SECRET_PARAM_TEMPLATES.map((t) => `'${t}'`).join(', ')})` : '1', 'params')}, ${dropWhen("sent_at IS NULL OR sent_at = ''", 'sentAt')},
                    ${dropWhen("error IS NULL OR error = ''", 'error')},
                    ${dropWhen("recipient IS NULL OR recipient = 'customer'", 'recipient')}) FROM src.notifications WHERE deleted = 0`,
    // issue 14: the carrier's name is its row id in hex (src/shared/supply-ids.ts)
    carrier: `SELECT id, version, json_object('name', ${carrierNameSql('id')}, 'express', json(CASE WHEN express THEN 'true' ELSE 'false' END),
               'trackingUrl', tracking_url, 'lanes', json(lanes), 'stoppages', json(stoppages)) FROM src.carriers WHERE deleted = 0`,
    line: `SELECT id, version, json_object('factory', factory, 'name', name, 'stage', stage, 'skills', json(skills), 'hoursPerDay', hours_per_day,
            'ordersPerHour', orders_per_hour, 'overtimeHoursMax', overtime_hours_max, 'overtimeYuanPerHour', overtime_yuan_per_hour,
            'transferYuan', transfer_yuan, 'down', json(down), 'overtime', json(overtime)) FROM src.lines WHERE deleted = 0`,
    order: `SELECT id, version, ${orderJson(role)} FROM src.orders WHERE deleted = 0`,
    // issue 14: the server's auto-policy (wire.ts autoRuleData, autoRunData)
    auto_rule: `SELECT id, version, json_object('cause', id, 'enabled', json(CASE WHEN enabled THEN 'true' ELSE 'false' END), 'plan', plan,
                'maxJobs', max_jobs, 'updatedBy', updated_by, 'updatedAt', updated_at) FROM src.auto_rules WHERE deleted = 0`,
    auto_run: `SELECT id, version, json_object('incidentId', incident_id, 'title', title, 'cause', cause, 'plan', plan, 'at', at, 'outcome', outcome,
               'moved', moved, 'actionId', action_id, 'detail', detail) FROM src.auto_runs WHERE deleted = 0`,
    // issue 18: the self-service page's access log (the address for supervisors only) and customers' requests (wire.ts)
    track_access: `SELECT id, version, json_remove(json_object('at', at, 'kind', kind, 'phone', phone, 'address', address, 'outcome', outcome, 'orderNo', order_no),
                   ${dropWhen(role === 'supervisor' ? '0' : '1', 'address')}) FROM src.track_access WHERE deleted = 0`,
    customer_request: `SELECT id, version, json_object('orderId', order_id, 'orderNo', order_no, 'kind', kind, 'wanted', wanted, 'note', note, 'at', at,
                       'state', state) FROM src.customer_requests WHERE deleted = 0`,
    // issue 20: one row per template version (src/server/promotions/read.ts templateData)
    promotion_template: `SELECT id, version, json_object('id', template_id, 'channel', channel, 'name', name, 'validFrom', valid_from, 'validTo', valid_to,
               'version', template_version, 'effectiveFrom', effective_from, 'rules', json(rules), 'updatedBy', updated_by, 'updatedAt', updated_at)
               FROM src.promotion_templates WHERE deleted = 0`,
    // only the audit rows of applied commands travel (wire.ts isWireAudit)
    audit: `SELECT CAST(id AS TEXT), version, json_remove(json_object('at', at, 'actor', actor, 'role', role, 'clientId', client_id,
             'mutationId', mutation_id, 'type', type, 'outcome', outcome, 'code', code, 'rows', rows, 'detail', detail),
             ${dropWhen("detail IS NULL OR detail = ''", 'detail')}) FROM src.audit WHERE outcome = 'applied' AND version IS NOT NULL`,
  };
}
