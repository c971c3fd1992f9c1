/**
 * promotion.saveTemplate (issue 20): a supervisor or finance saves a channel strategy template.
 * Every save is a NEW version row (id `<templateId>#<n>`), taking effect at `effectiveFrom` (now
 * when absent, never in the past: orders already signed keep the version they were checked
 * against); earlier versions are never changed. `expectedVersion` is the version the editor saw
 * (null for a new template): a stale one is a conflict. Undo tombstones the version it created,
 * so the previous version is in force again.
 */
import { promotionRowId, type SaveTemplateArgs } from '@shared/promotions';
import type { Draft } from '@server/commands/draft';

/** A little slack for the desk's and the server's clocks when "now" is sent explicitly. */
const PAST_SLACK_MS = 5 * 60_000;

export function planSaveTemplate(d: Draft, p: SaveTemplateArgs): void {
  d.named++;
  const all = d.world.templateVersions?.get(p.id) ?? [];
  const live = all.filter((r) => !r.deleted);
  const latest = live.reduce<(typeof live)[number] | null>((best, r) => (!best || Number(r.templateVersion) > Number(best.templateVersion) ? r : best), null);
  const seen = latest ? Number(latest.templateVersion) : null;
  if (p.expectedVersion !== seen) {
    const row = latest ?? { id: promotionRowId(p.id, 0), version: 0 };
    return d.fail('conflict', seen === null ? `promotion template ${p.id} does not exist (expected version ${p.expectedVersion})` : `promotion template ${p.id} is at version ${seen}, not ${p.expectedVersion ?? 'new'}`, {
      entity: 'promotion_template', id: row.id, version: Number(row.version), expectedVersion: p.expectedVersion ?? 0,
    });
  }
  if (latest && latest.channel !== p.channel) return d.fail('wrong_status', `promotion template ${p.id} belongs to channel ${String(latest.channel)}; a template keeps its channel`);
  if (p.validTo !== null && Date.parse(p.validTo) < Date.parse(p.validFrom)) return d.fail('wrong_status', `validTo ${p.validTo} is before validFrom ${p.validFrom}`);
  const now = d.world.nowIso ?? new Date(0).toISOString();
  const effectiveFrom = p.effectiveFrom ?? now;
  if (Date.parse(effectiveFrom) < Date.parse(now) - PAST_SLACK_MS) {
    return d.fail('wrong_status', `effectiveFrom ${effectiveFrom} is in the past: orders already signed keep the version they were checked against`);
  }
  const version = all.reduce((m, r) => Math.max(m, Number(r.templateVersion)), 0) + 1;
  d.createRow('promotion_template', {
    id: promotionRowId(p.id, version), templateId: p.id, templateVersion: version, channel: p.channel, name: p.name, validFrom: p.validFrom, validTo: p.validTo,
    effectiveFrom, rules: p.rules, updatedBy: '', updatedAt: now,
  });
  d.details.push(`${p.id} v${version} ${p.name}`);
}
