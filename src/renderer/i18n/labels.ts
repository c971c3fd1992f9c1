/** Domain labels from src/shared, in the current language. */
import { STAGES } from '@shared/stages';
import { CAUSE_LABELS, type Cause } from '@shared/vocab';
import { translate, type Lang, type MessageKey } from '@renderer/i18n/messages';

export function stageName(stage: number, lang: Lang): string {
  const def = STAGES[stage - 1];
  if (!def) return `#${stage}`;
  return lang === 'en' ? def.en : def.zh;
}

export function causeLabel(cause: string, lang: Lang): string {
  const label = (CAUSE_LABELS as Record<string, { zh: string; en: string } | undefined>)[cause as Cause];
  if (!label) return cause;
  return lang === 'en' ? label.en : label.zh;
}

const REASONS: Record<string, MessageKey> = {
  stage_budget: 'reason.stage_budget',
  promised_date: 'reason.promised_date',
  projected: 'reason.projected',
  crew_unavailable: 'reason.crew_unavailable',
};

/** "苏州一厂/封边2线 · 设备故障": where an incident bites, then its cause, in the current language. */
export function incidentTitle(inc: { cause: string; where: { workstation?: string; carrier?: string; district?: string } }, lang: Lang): string {
  const where = inc.where.workstation ?? inc.where.carrier ?? inc.where.district ?? translate(lang, 'inc.everywhere');
  return `${where} · ${causeLabel(inc.cause, lang)}`;
}

/** Why the back end judged an order overdue or at risk (src/shared/rules.ts codes). */
export function reasonLabel(reason: string, lang: Lang): string {
  const key = REASONS[reason];
  return key ? translate(lang, key) : reason;
}
