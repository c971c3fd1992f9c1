/**
 * The auto-policy control as the page shows it, given the policy (the data flow is AutoRuleToggle's):
 * a summary line that opens the rule for one cause (on/off, plan letter, max items), the note that
 * the server runs it, its recent runs, and every rule that is on. Read only unless `editable`.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { AutoPolicy, AutoRule, AutoRun, PlanLetter } from '@shared/plans';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { causeLabel } from '@renderer/i18n/labels';
import type { MessageKey } from '@renderer/i18n/messages';
import { formatDateTime } from '@renderer/i18n/timeFormat';
import { familyForCause, lettersFor } from '@renderer/war-room/planText';

/** The default ceiling for a new rule: large incidents wait for a human. */
export const DEFAULT_MAX_JOBS = 300;
const MAX_JOBS_LIMIT = 5000;
const RUNS_SHOWN = 5;

interface Props {
  cause: string;
  policy: AutoPolicy | null;
  editable: boolean;
  error: string | null;
  onSave: (rule: AutoRule) => void;
  /** open at first (tests render it open; the page starts closed) */
  initiallyOpen?: boolean;
}

/** A cause's runs, newest first. */
export function runsFor(runs: readonly AutoRun[], cause: string, n = RUNS_SHOWN): AutoRun[] {
  return runs.filter((r) => r.cause === cause).sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, n);
}

/** A valid max-items entry, or null (the field says why). */
export function parseMaxJobs(text: string): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= 1 && n <= MAX_JOBS_LIMIT ? n : null;
}

export function AutoRuleControl({ cause, policy, editable, error, onSave, initiallyOpen = false }: Props) {
  const t = useT();
  const [lang] = useLang();
  const id = useId();
  const ref = useRef<HTMLDetailsElement>(null);
  const family = familyForCause(cause);
  const rule = policy?.rules.find((r) => r.cause === cause);
  const stored: AutoRule = rule ?? { cause, enabled: false, plan: 'A', maxJobs: DEFAULT_MAX_JOBS };
  // what the supervisor set, shown at once: a second change before the server's answer keeps the first
  const [current, setCurrent] = useState<AutoRule>(stored);
  const [maxText, setMaxText] = useState(String(stored.maxJobs));
  // a new policy from the server (or a refusal) shows what is stored again
  useEffect(() => {
    setCurrent(stored);
    setMaxText(String(stored.maxJobs));
    // `stored` is new each render: the policy, a refusal and the cause are what change it
  }, [policy, error, cause]);
  const disabled = !editable || !policy || !family;
  const save = (change: Partial<AutoRule>) => {
    const next = { ...current, ...change, cause };
    setCurrent(next);
    onSave(next);
  };
  const commitMax = () => {
    const n = parseMaxJobs(maxText);
    if (n !== null && n !== current.maxJobs) save({ maxJobs: n });
  };
  const closeOnEscape = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && ref.current?.open) {
      ref.current.open = false;
      ref.current.querySelector('summary')?.focus();
    }
  };
  const on = current.enabled;
  const enabledRules = (policy?.rules ?? []).filter((r) => r.enabled);
  const runs = runsFor(policy?.runs ?? [], cause);
  const maxValid = parseMaxJobs(maxText) !== null;

  return (
    <details ref={ref} className="auto-rule" data-testid="auto-rule-panel" data-enabled={on ? '1' : '0'} open={initiallyOpen} onKeyDown={closeOnEscape}>
      <summary className="auto-rule__summary" data-testid="auto-rule-summary">
        {on ? t('auto.summary.on', { plan: current.plan }) : t('auto.summary.off')}
      </summary>
      <div className="auto-rule__panel">
        <p className="auto-rule__server" data-testid="auto-rule-server">{t('auto.server')}</p>
        {!family && <p className="auto-rule__note" data-testid="auto-rule-nofamily">{t('auto.noFamily')}</p>}
        {!editable && <p className="auto-rule__note" data-testid="auto-rule-readonly">{t('auto.readOnly')}</p>}
        <div className="auto-rule__form">
          <label className="auto-rule__enable" title={t('auto.hint', { max: current.maxJobs, plan: current.plan })}>
            <input type="checkbox" checked={on} disabled={disabled} onChange={(e) => save({ enabled: e.target.checked })} data-testid="auto-rule" />{' '}
            {t('auto.enable', { cause: causeLabel(cause, lang) })}
          </label>
          {family && (
            <label htmlFor={`${id}-plan`}>
              {t('auto.plan')}{' '}
              <select id={`${id}-plan`} value={current.plan} disabled={disabled} onChange={(e) => save({ plan: e.target.value as PlanLetter })} data-testid="auto-rule-plan">
                {lettersFor(family).map(({ letter, kind }) => (
                  <option key={letter} value={letter}>
                    {family === 'handoff' ? `${letter} · ${t(`plan.kind.${kind}` as MessageKey)}` : t(`plan.kind.${kind}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label htmlFor={`${id}-max`}>
            {t('auto.maxJobs')}{' '}
            <input
              id={`${id}-max`}
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_JOBS_LIMIT}
              value={maxText}
              disabled={disabled}
              aria-invalid={!maxValid}
              onChange={(e) => setMaxText(e.target.value)}
              onBlur={commitMax}
              onKeyDown={(e) => e.key === 'Enter' && commitMax()}
              className="auto-rule__max"
              data-testid="auto-rule-max"
            />
          </label>
        </div>
        {error && <p className="auto-rule__error" role="alert">{error}</p>}
        <h4 className="auto-rule__head">{t('auto.runs')}</h4>
        {runs.length === 0 ? (
          <p className="auto-rule__note">{t('auto.runs.none')}</p>
        ) : (
          <ol className="auto-runs" data-testid="auto-runs">
            {runs.map((r) => (
              <li key={`${r.incidentId}@${r.at}`} className={`auto-run auto-run--${r.outcome}`} data-testid="auto-run" data-outcome={r.outcome} data-plan={r.plan ?? 'A'}>
                <time dateTime={r.at}>{formatDateTime(r.at, lang)}</time> <b>{t('auto.run.plan', { plan: r.plan ?? 'A' })}</b> · {t(`auto.outcome.${r.outcome}`)} · {t('auto.run.moved', { n: r.moved })} ·{' '}
                <span className="auto-run__actor">{t('auto.run.actor')}</span> · {r.title}
                {r.detail && <span className="auto-run__detail">{t('plan.noPlan.detail', { detail: r.detail })}</span>}
              </li>
            ))}
          </ol>
        )}
        <h4 className="auto-rule__head">{t('auto.rules')}</h4>
        {enabledRules.length === 0 ? (
          <p className="auto-rule__note">{t('auto.rules.none')}</p>
        ) : (
          <ul className="auto-rules" data-testid="auto-rules">
            {enabledRules.map((r) => (
              <li key={r.cause}>{t('auto.rule.line', { cause: causeLabel(r.cause, lang), plan: r.plan, max: r.maxJobs })}</li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
}
