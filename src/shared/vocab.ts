/** Wire codes and their UI labels (protocol.md, "Vocabularies"). */
export const CHANNELS = ['douyin', 'tmall', 'jd', 'store', 'web'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, { zh: string; en: string }> = {
  douyin: { zh: '抖音', en: 'Douyin' },
  tmall: { zh: '天猫', en: 'Tmall' },
  jd: { zh: '京东', en: 'JD' },
  store: { zh: '门店', en: 'Store' },
  web: { zh: '官网', en: 'Website' },
};

export const PRODUCT_TYPES = ['wardrobe', 'kitchen', 'bookcase', 'shoe_cabinet', 'tatami'] as const;
export type ProductType = (typeof PRODUCT_TYPES)[number];
/** Skills are product types plus extras such as old-house work; the wire allows more to follow. */
export const SKILL_LABELS: Record<string, { zh: string; en: string }> = {
  wardrobe: { zh: '衣柜', en: 'Wardrobe' },
  kitchen: { zh: '橱柜', en: 'Kitchen cabinet' },
  bookcase: { zh: '书柜', en: 'Bookcase' },
  shoe_cabinet: { zh: '鞋柜', en: 'Shoe cabinet' },
  tatami: { zh: '榻榻米', en: 'Tatami' },
  old_house: { zh: '老房改造', en: 'Old-house work' },
};

export const JOB_STATUSES = ['unbooked', 'booked', 'in_progress', 'done', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const CAUSES = [
  'design_rework',
  'board_shortage',
  'machine_fault',
  'quality_rework',
  'logistics',
  'installer_shortage',
  'customer_reschedule',
  'site_problem',
  'missing_handoff',
] as const;
export type Cause = (typeof CAUSES)[number];
export const CAUSE_LABELS: Record<Cause, { zh: string; en: string }> = {
  design_rework: { zh: '设计返工', en: 'Design rework' },
  board_shortage: { zh: '板材缺料', en: 'Board shortage' },
  machine_fault: { zh: '设备故障', en: 'Machine fault' },
  quality_rework: { zh: '质量返工', en: 'Quality rework' },
  logistics: { zh: '物流异常', en: 'Logistics exception' },
  installer_shortage: { zh: '安装人员不足', en: 'Installer shortage' },
  customer_reschedule: { zh: '客户改期', en: 'Customer reschedule' },
  site_problem: { zh: '地址/尺寸问题', en: 'Address / measurement problem' },
  missing_handoff: { zh: '工单未触发', en: 'Missing hand-off' },
};

// finance (issue 20): the finance review — sees amounts and discounts (phones masked), releases held payments, edits promotion templates; never moves jobs
export const ROLES = ['supervisor', 'viewer', 'floor', 'finance'] as const;
export type Role = (typeof ROLES)[number];
