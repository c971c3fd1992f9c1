/**
 * An audit entry's words (`detail`, written by the order server) as the supervisor reads them: the
 * server writes its stamps as ISO times and an auto rule as `cause → plan B, ≤ 300 items`, which are
 * for logs; here the times read as Shanghai month/day hh:mm and the rule in the page's language.
 * Any other detail is shown as the server wrote it (a reason or a title typed on the floor).
 */
import type { Translate } from '@renderer/i18n/I18nProvider';
import { causeLabel } from '@renderer/i18n/labels';
import type { Lang } from '@renderer/i18n/messages';
import { formatDateTime } from '@renderer/i18n/timeFormat';

const ISO_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;
/** src/server/commands/auto-rules.ts autoRuleDetail */
const AUTO_RULE = /^(\S+) → (?:plan ([ABC]), ≤ (\d+) items|off)$/;

export function auditDetailText(type: string, detail: string, t: Translate, lang: Lang): string {
  if (type === 'autoRule.set') {
    const m = AUTO_RULE.exec(detail);
    if (m) {
      const cause = causeLabel(m[1]!, lang);
      return m[2] ? t('audit.detail.autoRuleOn', { cause, plan: m[2], max: m[3]! }) : t('audit.detail.autoRuleOff', { cause });
    }
  }
  return detail.replace(ISO_TIME, (iso) => formatDateTime(iso, lang));
}
