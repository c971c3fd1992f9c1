/** Money and channel names as the reconciliation shows them (yuan, two decimals, grouped). */
import { CHANNEL_LABELS, type Channel } from '@shared/vocab';
import type { Lang } from '@renderer/i18n/messages';

const YUAN = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const yuan = (x: number): string => `¥${YUAN.format(x)}`;
/** a difference with its sign: +¥1,200.00 is more discount given than allowed */
export const signedYuan = (x: number): string => (x > 0 ? `+${yuan(x)}` : x < 0 ? `−${yuan(-x)}` : yuan(0));
export const channelName = (c: Channel, lang: Lang): string => (lang === 'en' ? CHANNEL_LABELS[c].en : CHANNEL_LABELS[c].zh);
