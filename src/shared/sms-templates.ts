/**
 * Customer and crew text templates (zh-CN), pure data. The desk previews them on a plan card and sends the
 * template id with its parameters as `notify.customers`; the order server renders the same text when
 * its notifications outbox hands a text to an SMS gateway. One place, so what the supervisor reads
 * is what the customer gets.
 */

export const SMS_TEMPLATES = {
  /** the installation moves to another crew (plan A, manual bulk re-assignment) */
  install_reassigned: '【华东定制家居】尊敬的{customer}，您的订单{orderNo}的安装改由{crewName}负责，时间{date} {window}。给您带来不便，敬请谅解。',
  /** the installation moves to a later date; compensation per the company's tiers (plan B) */
  install_rescheduled: '【华东定制家居】尊敬的{customer}，很抱歉，您的订单{orderNo}的安装改期至{date} {window}，我们将按超时赔付标准补偿您¥{amountYuan}。',
  /** the installation is kept thanks to overtime or a partner crew (plan C) */
  install_confirmed: '【华东定制家居】尊敬的{customer}，您的订单{orderNo}的安装已确认：{date} {window}，由{crewName}上门。',
  /** shipped: the carrier's tracking link (hand-off rule) */
  tracking_link: '【华东定制家居】尊敬的{customer}，您的订单{orderNo}已发货（{carrier} {waybill}），物流跟踪：{url}',
  /** a production line is down and the order will be late: the new delivery date and the compensation (line plan B) */
  production_delayed: '【华东定制家居】尊敬的{customer}，很抱歉，您的订单{orderNo}因生产线故障，预计安装日期顺延至{date}，我们将按超时赔付标准补偿您¥{amountYuan}。',
  /** booked: the installation appointment (hand-off rule) */
  install_booked: '【华东定制家居】尊敬的{customer}，您的订单{orderNo}已预约安装：{date} {window}。',
  // crew texts (recipient `crew:<crewId>`, issue 14): sent to the crew's phone when a command gives
  // it a job, takes one away, or moves one of its jobs to another date or window
  /** a job given to the crew (job.reassign to it, job.create) */
  crew_job_added: '【华东定制家居】{crewName}：新增安装任务 订单{orderNo} {district} {date} {window}，请在工作台确认。',
  /** a job taken from the crew (reassigned to another crew, or cancelled by an undo) */
  crew_job_removed: '【华东定制家居】{crewName}：安装任务取消 订单{orderNo} {district} {date} {window}已从您的排班中移除，无需上门。',
  /** one of the crew's jobs moved to another date or window (job.reschedule) */
  crew_job_moved: '【华东定制家居】{crewName}：安装任务改期 订单{orderNo} {district} 由{fromDate} {fromWindow}改至{date} {window}，请在工作台确认。',
  // the self-service page (issue 18): the sign-in code, texted to the phone that asked for it
  /** a 6-digit code for the self-service page, valid 10 minutes */
  track_code: '【华东定制家居】您的订单查询验证码为{code}，10分钟内有效。如非本人操作，请忽略本短信。',
} as const satisfies Record<string, string>;

/**
 * Texts the outbox hands to the gateway at once, without the undo grace period: nothing undoes
 * them and they are useless late (a sign-in code lives 10 minutes).
 */
export const IMMEDIATE_TEMPLATES: readonly SmsTemplate[] = ['track_code'];

/** Texts whose parameters are secrets: they never travel to a desk or the floor, and are wiped once handed over. */
export const SECRET_PARAM_TEMPLATES: readonly SmsTemplate[] = ['track_code'];

export type SmsTemplate = keyof typeof SMS_TEMPLATES;

export function isSmsTemplate(name: string): name is SmsTemplate {
  return Object.hasOwn(SMS_TEMPLATES, name);
}

/** The parameters a template needs, in order of appearance. */
export function templateParams(template: SmsTemplate): string[] {
  return [...SMS_TEMPLATES[template].matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}

/**
 * The text of one message. A parameter that is missing renders as an empty string rather than
 * `{name}` so a customer never sees a placeholder; `customer` defaults to 客户 (the customer).
 */
export function renderSms(template: string, params: Readonly<Record<string, unknown>>): string {
  const text = isSmsTemplate(template) ? SMS_TEMPLATES[template] : `【华东定制家居】订单{orderNo}：${template}`;
  return text.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined || value === null || value === '') return key === 'customer' ? '客户' : '';
    return String(value);
  });
}
