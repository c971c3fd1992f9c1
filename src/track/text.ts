/**
 * The page's words: zh-CN first, English second (chosen by the browser's language or the toggle in
 * the header). Pure data and formatting, no DOM, so the unit tests read the same words.
 */
import { shanghaiIso } from '@shared/time';

export type Lang = 'zh' | 'en';

export const TEXT = {
  zh: {
    brand: '客户自助查询',
    title: '订单进度查询',
    lead: '输入下单时留的手机号，查看您所有订单的进度。',
    phone: '手机号',
    phoneHint: '11 位手机号',
    getCode: '获取验证码',
    sending: '发送中…',
    codeSentTo: (masked: string) => `验证码已发送至 ${masked}，10 分钟内有效。`,
    code: '验证码',
    codeHint: '短信中的 6 位数字',
    viewOrders: '查看订单',
    checking: '验证中…',
    resend: '重新获取验证码',
    resendIn: (s: number) => `${s} 秒后可重新获取`,
    changePhone: '换个手机号',
    badPhone: '请输入 11 位手机号（以 1 开头）。',
    badCode: '请输入短信中的 6 位数字验证码。',
    wrongCode: '验证码不正确或已过期，请重新输入或重新获取。',
    limited: (wait: string) => `请求太频繁，请 ${wait}后再试。`,
    network: '网络连接失败，请检查网络后重试。',
    server: '服务暂时不可用，请稍后再试。',
    expired: '登录已过期，请重新获取验证码。',
    notFound: '没有找到这个订单。',
    loading: '加载中…',
    myOrders: '我的订单',
    noOrders: '这个手机号下没有进行中的订单。如有疑问请致电客服。',
    orderNo: '订单号',
    nowAt: '当前进度',
    expected: '预计完成',
    back: '返回订单列表',
    retry: '重试',
    stagesTitle: '进度明细',
    progress: (n: number, name: string) => `第 ${n} 步（共 12 步）：${name}`,
    planned: '计划',
    actual: '完成',
    stageDone: '已完成',
    stageCurrent: '进行中',
    stageNext: '未开始',
    contact: '联系负责人',
    call: (who: string) => `拨打${who}服务热线`,
    hours: '服务时间',
    installation: '安装时间',
    notBooked: '尚未预约，发货后客服会与您联系。',
    tracking: '物流跟踪',
    waybill: '运单号',
    trackLink: '查看物流',
    notShipped: '尚未发货。',
    requestDate: '申请改期',
    wanted: '希望的安装日期',
    note: '备注（可选）',
    noteHint: '最多 200 字',
    submit: '提交申请',
    cancel: '取消',
    requestSent: (date: string) => `已提交改期申请（${date}），客服会尽快与您联系。`,
    openRequest: (date: string) => `您已申请改到 ${date}，客服正在处理。`,
    badDate: '请选择今天以后的日期。',
    lang: 'English',
    seconds: (s: number) => `${s} 秒`,
    minutes: (m: number) => `${m} 分钟`,
    hoursN: (h: number) => `${h} 小时`,
    weekdays: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  },
  en: {
    brand: 'Customer self-service',
    title: 'Order progress',
    lead: 'Enter the mobile number you ordered with to see the progress of all your orders.',
    phone: 'Mobile number',
    phoneHint: '11 digits',
    getCode: 'Send code',
    sending: 'Sending…',
    codeSentTo: (masked: string) => `A code was sent to ${masked}; it is valid for 10 minutes.`,
    code: 'Code',
    codeHint: 'the 6 digits in the text message',
    viewOrders: 'View orders',
    checking: 'Checking…',
    resend: 'Send a new code',
    resendIn: (s: number) => `New code in ${s} s`,
    changePhone: 'Use another number',
    badPhone: 'Enter an 11-digit mobile number starting with 1.',
    badCode: 'Enter the 6-digit code from the text message.',
    wrongCode: 'The code is wrong or has expired. Enter it again or ask for a new one.',
    limited: (wait: string) => `Too many requests. Try again in ${wait}.`,
    network: 'No connection. Check the network and try again.',
    server: 'The service is unavailable. Please try again later.',
    expired: 'Your session has expired. Please ask for a new code.',
    notFound: 'This order was not found.',
    loading: 'Loading…',
    myOrders: 'My orders',
    noOrders: 'There are no orders in progress for this number. Call customer service with any question.',
    orderNo: 'Order no.',
    nowAt: 'Now at',
    expected: 'Expected completion',
    back: 'Back to my orders',
    retry: 'Try again',
    stagesTitle: 'All stages',
    progress: (n: number, name: string) => `Step ${n} of 12: ${name}`,
    planned: 'Planned',
    actual: 'Done',
    stageDone: 'done',
    stageCurrent: 'in progress',
    stageNext: 'not started',
    contact: 'Who to call',
    call: (who: string) => `Call the ${who} service line`,
    hours: 'Hours',
    installation: 'Installation',
    notBooked: 'Not booked yet; customer service will call you once it ships.',
    tracking: 'Delivery tracking',
    waybill: 'Waybill',
    trackLink: 'Track the delivery',
    notShipped: 'Not shipped yet.',
    requestDate: 'Ask for another date',
    wanted: 'Wanted installation date',
    note: 'Note (optional)',
    noteHint: 'up to 200 characters',
    submit: 'Send request',
    cancel: 'Cancel',
    requestSent: (date: string) => `Your request for ${date} was sent; customer service will call you soon.`,
    openRequest: (date: string) => `You asked for ${date}; customer service is on it.`,
    badDate: 'Choose a date after today.',
    lang: '中文',
    seconds: (s: number) => `${s} s`,
    minutes: (m: number) => `${m} min`,
    hoursN: (h: number) => `${h} h`,
    weekdays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  },
} as const;

export type Words = (typeof TEXT)[Lang];

export function langOf(stored: string | null, browser: string | undefined): Lang {
  if (stored === 'zh' || stored === 'en') return stored;
  return browser?.toLowerCase().startsWith('en') ? 'en' : 'zh';
}

/** A wait in the largest whole unit a person reads easily: 45 秒, 3 分钟, 2 小时 (rounded up). */
export function waitWords(seconds: number, t: Words): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return t.seconds(s);
  if (s < 3600) return t.minutes(Math.ceil(s / 60));
  return t.hoursN(Math.ceil(s / 3600));
}

/** 2026-12-08 → 12月8日 周二 / Tue 12/8 (a calendar date, no zone involved). */
export function dateWords(isoDate: string, lang: Lang): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const wd = TEXT[lang].weekdays[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
  return lang === 'zh' ? `${m}月${d}日 ${wd}` : `${wd} ${m}/${d}`;
}

/** An ISO time → its Shanghai calendar date and clock, 12月8日 14:05 / 12/8 14:05 (fixed +08:00, no DST). */
export function timeWords(isoTime: string, lang: Lang): string {
  const local = shanghaiIso(Date.parse(isoTime));
  const m = Number(local.slice(5, 7));
  const d = Number(local.slice(8, 10));
  const clock = local.slice(11, 16);
  return lang === 'zh' ? `${m}月${d}日 ${clock}` : `${m}/${d} ${clock}`;
}
