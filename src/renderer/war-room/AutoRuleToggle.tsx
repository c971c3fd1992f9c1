/**
 * The auto-policy switch for the selected incident's cause ("apply plan A by itself for new incidents
 * like this one"), and the notice when the desk acted by itself. Off until the supervisor turns it on.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AutoPolicy, AutoRun } from '@shared/plans';
import { getDeskApi } from '@renderer/api/deskClient';
import { describeError } from '@renderer/api/deskError';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { causeLabel } from '@renderer/i18n/labels';
import '@renderer/styles/plans.css';

const DEFAULT_MAX_JOBS = 300;

export function AutoRuleToggle({ cause }: { cause: string }) {
  const t = useT();
  const [lang] = useLang();
  const [policy, setPolicy] = useState<AutoPolicy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const read = useCallback(() => getDeskApi().autoPolicy({}).then(setPolicy, (err: unknown) => setError(describeError(err))), []);
  useEffect(() => {
    void read();
    return getDeskApi().subscribe((e) => e.type === 'auto' && void read());
  }, [read]);
  const rule = policy?.rules.find((r) => r.cause === cause);
  const toggle = (enabled: boolean) =>
    getDeskApi()
      .setAutoRule({ cause, enabled, maxJobs: rule?.maxJobs ?? DEFAULT_MAX_JOBS })
      .then((p) => (setPolicy(p), setError(null)), (err: unknown) => setError(describeError(err)));
  return (
    <span className="auto-rule">
      <label title={t('auto.hint', { max: rule?.maxJobs ?? DEFAULT_MAX_JOBS })}>
        <input type="checkbox" checked={rule?.enabled ?? false} disabled={!policy} onChange={(e) => void toggle(e.target.checked)} data-testid="auto-rule" />{' '}
        {t('auto.toggle', { cause: causeLabel(cause, lang) })}
      </label>
      {error && <span className="auto-rule__error" role="alert">{error}</span>}
    </span>
  );
}

/** A notice that stays until read: what the auto-policy did, with its outcome. */
export function AutoNotice() {
  const t = useT();
  const [run, setRun] = useState<AutoRun | null>(null);
  useEffect(() => getDeskApi().subscribe((e) => e.type === 'auto' && setRun(e.run)), []);
  if (!run) return null;
  const text =
    run.outcome === 'applied' ? t('auto.applied', { title: run.title, n: run.moved }) : run.outcome === 'skipped' ? t('auto.skipped', { title: run.title, detail: run.detail ?? '' }) : t('auto.failed', { title: run.title, detail: run.detail ?? '' });
  return (
    <div className={`auto-notice auto-notice--${run.outcome}`} role={run.outcome === 'failed' ? 'alert' : 'status'} data-testid="auto-notice" data-outcome={run.outcome}>
      <span>{text}</span>
      <button type="button" className="btn btn--small" onClick={() => setRun(null)}>
        {t('auto.dismiss')}
      </button>
    </div>
  );
}
