/**
 * The 12 stages of an order, as data. Budgets are the default dwell a company allows in each
 * stage (hours); a company edits them, so nothing else hard-codes them.
 * See docs/decisions/0002-stage-budgets.md for how the domain table maps onto dwell budgets.
 */
export type StageNo = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12;

export interface StageDef {
  no: StageNo;
  code: string;
  zh: string;
  en: string;
  /** who moves an order into this stage */
  movedBy: string;
  /** how long an order may stay in this stage before it is overdue; null = no dwell budget */
  budgetHours: number | null;
}

export const STAGES: readonly StageDef[] = [
  { no: 1, code: 'contract_signed', zh: '客户签约', en: 'Contract signed', movedBy: 'sales', budgetHours: null },
  { no: 2, code: 'design_confirmed', zh: '设计确认', en: 'Design confirmed', movedBy: 'designer', budgetHours: 72 },
  { no: 3, code: 'board_ordered', zh: '板材下单', en: 'Board ordered', movedBy: 'purchasing', budgetHours: 24 },
  { no: 4, code: 'cutting', zh: '开料', en: 'Cutting', movedBy: 'workshop', budgetHours: 48 },
  { no: 5, code: 'edge_banding', zh: '封边', en: 'Edge banding', movedBy: 'workshop', budgetHours: 12 },
  { no: 6, code: 'drilling', zh: '钻孔', en: 'Drilling', movedBy: 'workshop', budgetHours: 8 },
  { no: 7, code: 'packing', zh: '包装', en: 'Packing', movedBy: 'workshop', budgetHours: 8 },
  { no: 8, code: 'warehoused', zh: '入仓', en: 'Warehoused', movedBy: 'warehouse', budgetHours: 24 },
  { no: 9, code: 'shipped', zh: '物流发运', en: 'Shipped', movedBy: 'carrier', budgetHours: 72 },
  // "installation must be booked within 48 h of delivery": the delivered stage's dwell budget
  { no: 10, code: 'delivered', zh: '签收', en: 'Delivered / signed', movedBy: 'carrier', budgetHours: 48 },
  { no: 11, code: 'installation_booked', zh: '安装预约', en: 'Installation booked', movedBy: 'dispatch', budgetHours: 48 },
  { no: 12, code: 'installation_accepted', zh: '完工验收', en: 'Installation accepted', movedBy: 'installer', budgetHours: null },
];

export const FINAL_STAGE: StageNo = 12;

export type StageBudgets = Readonly<Record<number, number | null>>;

export const DEFAULT_BUDGETS: StageBudgets = Object.fromEntries(STAGES.map((s) => [s.no, s.budgetHours]));

export function stageDef(no: number): StageDef {
  const def = STAGES[no - 1];
  if (!def) throw new RangeError(`stage must be 1..12, got ${no}`);
  return def;
}

export function isStageNo(n: unknown): n is StageNo {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 12;
}
