/** UI strings. zh-CN is the default; `en` must have every key (the type and a unit test check). */
import { auditEn, auditZh } from '@renderer/i18n/auditMessages';
import { syncEn, syncZh } from '@renderer/i18n/syncMessages';
import { warEn, warZh } from '@renderer/i18n/warRoomMessages';
import { planEn, planZh } from '@renderer/i18n/planMessages';
import { bulkEn, bulkZh } from '@renderer/i18n/bulkMessages';
import { planFamilyEn, planFamilyZh } from '@renderer/i18n/planFamilyMessages';
import { reconEn, reconZh } from '@renderer/i18n/reconMessages';
import { trackEn, trackZh } from '@renderer/i18n/trackMessages';

const baseZh = {
  'app.title': '值班指挥台',
  'app.subtitle': 'DutyDesk · 华东定制家居',
  'lang.toggle': 'English',
  'lang.toggleTitle': '切换到英文界面',

  'counter.inFlight': '在途',
  'counter.overdue': '超期',
  'counter.atRisk': '有风险',
  'counter.doneToday': '今日完工',

  'clock.label': '服务器时间',
  'clock.unknown': '等待服务器…',

  'sync.connecting': '连接中',
  'sync.syncing': '同步中',
  'sync.live': '实时',
  'sync.offline': '离线',
  'sync.unauthorized': '未授权',
  'sync.forbidden': '无权限',
  'sync.protocol_mismatch': '协议不匹配',
  'sync.waiting': '等待状态',
  'sync.checkpoint': '检查点',
  'sync.head': '服务器',
  'sync.lag': '落后',
  'sync.pending': '待发命令',
  'sync.progress': '追赶 {done}/{total} 版本',
  'sync.demo': '演示数据',
  'sync.demoTitle': '本机演示服务器与模拟器正在运行，数据非真实订单',

  'banner.status': '读取同步状态失败：{error}',
  'banner.eventsDown': '实时推送已断开（第 {attempt} 次重试，{seconds} 秒后重连）{error}',
  'banner.stale': '与订单服务器断开：以下数据截至 {time}，恢复连接后自动追上；期间的操作已安全保存，稍后发送',
  'banner.staleNever': '尚未连上订单服务器：还没有数据',
  'topbar.report': '交班报告',
  'topbar.reportTitle': '打开本班次的交班报告（可打印为 PDF）',
  'topbar.more': '更多',
  'topbar.moreTitle': '更多页面：交班报告、促销对账',
  'banner.eventsConnecting': '实时推送已断开，正在重连（第 {attempt} 次）…',
  'banner.noKey': '缺少访问密钥：请使用桌面端打印的完整地址（含 ?key=…）打开本页',
  'banner.unauthorized': '订单服务器拒绝了本台的令牌，请在设置中更新令牌',
  'banner.forbidden': '本台令牌的角色无权订阅订单数据',
  'banner.protocol_mismatch': '订单服务器协议版本与本台不一致，请升级',

  'map.legend.overdue': '超期',
  'map.legend.atRisk': '有风险',
  'map.legend.showAtRisk': '显示有风险订单',
  'map.loading': '等待地图数据…',
  'map.asOf': '数据截至 {time}',

  'order.no': '订单号',
  'order.status': '状态',
  'order.status.overdue': '已超期',
  'order.status.at_risk': '有风险',
  'order.stage': '当前阶段',
  'order.where': '区域',
  'order.promised': '承诺交期',
  'order.hoursLate': '超期时长',
  'order.hoursProjected': '预计延误',
  'order.hours': '{n} 小时',
  'order.reason': '判定依据',
  'reason.stage_budget': '当前阶段超出时限',
  'reason.promised_date': '已过承诺交期',
  'reason.projected': '预计完工晚于承诺交期',
  'order.causes': '根因标签',
  'order.noCauses': '未标注',
  'order.coords': '坐标',
  'order.close': '关闭',
  'order.gone': '该订单已不在超期或风险名单中',

  'plans.title': '应急预案',
  'plans.body': '系统生成的应急预案（改派、改期、扩容）将在后续版本上线；届时此处列出针对当前超期聚合的三套方案，一键执行并可撤销。',
  'plans.badge': '后续版本',
} as const;

export const zh = { ...baseZh, ...warZh, ...syncZh, ...auditZh, ...planZh, ...bulkZh, ...planFamilyZh, ...reconZh, ...trackZh };

export type MessageKey = keyof typeof zh;

const baseEn: Record<keyof typeof baseZh, string> = {
  'app.title': 'Duty Desk',
  'app.subtitle': 'DutyDesk · East China custom furniture',
  'lang.toggle': '中文',
  'lang.toggleTitle': 'Switch to Chinese',

  'counter.inFlight': 'In flight',
  'counter.overdue': 'Overdue',
  'counter.atRisk': 'At risk',
  'counter.doneToday': 'Done today',

  'clock.label': 'Server time',
  'clock.unknown': 'Waiting for server…',

  'sync.connecting': 'Connecting',
  'sync.syncing': 'Syncing',
  'sync.live': 'Live',
  'sync.offline': 'Offline',
  'sync.unauthorized': 'Unauthorized',
  'sync.forbidden': 'Forbidden',
  'sync.protocol_mismatch': 'Protocol mismatch',
  'sync.waiting': 'Waiting for status',
  'sync.checkpoint': 'Checkpoint',
  'sync.head': 'Head',
  'sync.lag': 'Lag',
  'sync.pending': 'Pending',
  'sync.progress': 'Catching up {done}/{total} versions',
  'sync.demo': 'Demo data',
  'sync.demoTitle': 'A local demo server and simulator are running; these are not real orders',

  'banner.status': 'Could not read sync status: {error}',
  'banner.eventsDown': 'Live updates disconnected (retry {attempt}, reconnecting in {seconds} s) {error}',
  'banner.stale': 'Cut off from the order server: the data below is as of {time}; the desk catches up when it is back, and actions taken meanwhile are kept and sent later',
  'banner.staleNever': 'Not connected to the order server yet: no data',
  'topbar.report': 'Shift report',
  'topbar.reportTitle': "Open this shift's hand-over report (printable as PDF)",
  'topbar.more': 'More',
  'topbar.moreTitle': 'More pages: shift report, promotions reconciliation',
  'banner.eventsConnecting': 'Live updates disconnected, reconnecting (attempt {attempt})…',
  'banner.noKey': 'No access key: open this page with the full address the desk printed (with ?key=…)',
  'banner.unauthorized': 'The order server refused this desk’s token; update it in Settings',
  'banner.forbidden': 'This desk’s token has no right to subscribe to orders',
  'banner.protocol_mismatch': 'The order server speaks another protocol version; please upgrade',

  'map.legend.overdue': 'Overdue',
  'map.legend.atRisk': 'At risk',
  'map.legend.showAtRisk': 'Show at-risk orders',
  'map.loading': 'Waiting for the map…',
  'map.asOf': 'As of {time}',

  'order.no': 'Order no.',
  'order.status': 'Status',
  'order.status.overdue': 'Overdue',
  'order.status.at_risk': 'At risk',
  'order.stage': 'Stage',
  'order.where': 'Where',
  'order.promised': 'Promised',
  'order.hoursLate': 'Late by',
  'order.hoursProjected': 'Projected delay',
  'order.hours': '{n} h',
  'order.reason': 'Why',
  'reason.stage_budget': 'Stage over its time budget',
  'reason.promised_date': 'Past the promised date',
  'reason.projected': 'Projected to finish after the promised date',
  'order.causes': 'Cause tags',
  'order.noCauses': 'None',
  'order.coords': 'Coordinates',
  'order.close': 'Close',
  'order.gone': 'This order is no longer overdue or at risk',

  'plans.title': 'Contingency plans',
  'plans.body': 'System-generated contingency plans (reassign, reschedule, add capacity) arrive with a later release: three plans for the current overdue clusters, applied in one click and undoable.',
  'plans.badge': 'Coming later',
};

export const en: Record<MessageKey, string> = { ...baseEn, ...warEn, ...syncEn, ...auditEn, ...planEn, ...bulkEn, ...planFamilyEn, ...reconEn, ...trackEn };

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, en };

/** Fill `{name}` placeholders. */
export function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  return format(DICTIONARIES[lang][key], vars);
}
