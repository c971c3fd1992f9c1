/**
 * The auto-policy for the selected incident's cause (issue 14): whether the order server handles new
 * incidents like this one by itself, with which plan of the cause's family (A/B/C; a missing hand-off
 * has only A) and up to how many items; what it did lately (plan, outcome, actor `auto`); and every
 * rule that is on. The server applies it with no desk open, so the control says so. A supervisor
 * changes it; anyone else sees it read only. Also the notice when the policy acted.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AutoPolicy, AutoRule, AutoRun, PlanLetter } from '@shared/plans';
import { getDeskApi } from '@renderer/api/deskClient';
import { describeError } from '@renderer/api/deskError';
import { useT } from '@renderer/i18n/I18nProvider';
import { useDeskState } from '@renderer/state/appStore';
import { AutoRuleControl } from '@renderer/war-room/AutoRuleControl';
import '@renderer/styles/plans.css';

export function AutoRuleToggle({ cause }: { cause: string }) {
  const [policy, setPolicy] = useState<AutoPolicy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const editable = useDeskState((s) => s.status?.role === 'supervisor');
  const read = useCallback(() => getDeskApi().autoPolicy({}).then(setPolicy, (err: unknown) => setError(describeError(err))), []);
  useEffect(() => {
    void read();
    return getDeskApi().subscribe((e) => e.type === 'auto' && void read());
  }, [read]);
  const save = (rule: AutoRule) =>
    getDeskApi()
      .setAutoRule(rule)
      .then((p) => (setPolicy(p), setError(null)), (err: unknown) => setError(describeError(err)));
  return <AutoRuleControl cause={cause} policy={policy} editable={editable} error={error} onSave={(r) => void save(r)} />;
}

/** A notice that stays until read: what the auto-policy did, with its outcome. */
export function AutoNotice() {
  const t = useT();
  const [run, setRun] = useState<AutoRun | null>(null);
  useEffect(() => getDeskApi().subscribe((e) => e.type === 'auto' && setRun(e.run)), []);
  if (!run) return null;
  const plan: PlanLetter = run.plan ?? 'A';
  const text =
    run.outcome === 'applied'
      ? t('auto.applied', { title: run.title, n: run.moved, plan })
      : run.outcome === 'skipped'
        ? t('auto.skipped', { title: run.title, detail: run.detail ?? '' })
        : t('auto.failed', { title: run.title, detail: run.detail ?? '' });
  return (
    <div className={`auto-notice auto-notice--${run.outcome}`} role={run.outcome === 'failed' ? 'alert' : 'status'} data-testid="auto-notice" data-outcome={run.outcome} data-plan={plan}>
      <span>{text}</span>
      <button type="button" className="btn btn--small" onClick={() => setRun(null)}>
        {t('auto.dismiss')}
      </button>
    </div>
  );
}
