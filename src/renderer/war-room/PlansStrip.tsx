/**
 * Below the map: the selected incident's three contingency plans (issue 6; every incident family
 * since issue 14), computed by the back end's solver, each with a preview on the map, an apply that
 * names the count and waits for the server, undo, and a re-plan of just the rows the server
 * rejected; or, when the incident's kind has no plan, why. Then the plans and bulk moves applied
 * this shift, each undoable.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Plan, PlansResult } from '@shared/plans';
import { getDeskApi } from '@renderer/api/deskClient';
import { describeError } from '@renderer/api/deskError';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { incidentTitle } from '@renderer/i18n/labels';
import { commandStore, useCommands } from '@renderer/state/commandStore';
import { submitCommand } from '@renderer/state/commandSync';
import { useWarRoom, warRoomStore } from '@renderer/state/warRoomStore';
import { AppliedActions } from '@renderer/war-room/AppliedActions';
import { AutoRuleToggle } from '@renderer/war-room/AutoRuleToggle';
import { ConfirmDialog } from '@renderer/war-room/ConfirmDialog';
import { PlanCard, type ApplyState } from '@renderer/war-room/PlanCard';
import { applyConfirmText, noPlanText, previewLines } from '@renderer/war-room/planText';
import '@renderer/styles/plans.css';

type Loaded =
  | { kind: 'idle' }
  | { kind: 'loading'; incidentId: string }
  | { kind: 'ready'; incidentId: string; plans: Plan[]; ms: number; noPlan: PlansResult['noPlan'] }
  | { kind: 'error'; incidentId: string; error: string };

/** Why there is nothing to show for a loaded incident: its kind has no plan (the back end says why), or no plan came back. */
export function NoPlans({ noPlan, cause }: { noPlan: PlansResult['noPlan']; cause: string | null }) {
  const t = useT();
  const [lang] = useLang();
  return (
    <div className="plans-strip__none" role="status" data-testid="plans-none" data-code={noPlan?.code ?? 'empty'}>
      <p>{noPlan ? noPlanText(noPlan, cause, t, lang) : t('plan.none')}</p>
      <p className="plans-strip__hint">{t('plan.noPlan.hint')}</p>
    </div>
  );
}

/**
 * Plans with no row at all: the incident's orders are gone (it is resolved, or the outage is over and
 * nothing is held), so three empty cards would only say "0/0"; the strip says so instead.
 */
export const nothingLeft = (plans: readonly Plan[]): boolean => plans.length > 0 && plans.every((p) => p.moves.length === 0 && p.orderMoves.length === 0);

export function PlansStrip() {
  const t = useT();
  const incidentId = useWarRoom((s) => s.selectedIncidentId);
  const board = useWarRoom((s) => s.board);
  const previewId = useWarRoom((s) => s.planPreview?.planId ?? null);
  const commands = useCommands((s) => s.commands);
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'idle' });
  const [sent, setSent] = useState<Record<string, ApplyState>>({});
  const [confirm, setConfirm] = useState<{ text: string; run: () => void } | null>(null);
  const [lang] = useLang();
  const selected = board?.incidents.find((i) => i.id === incidentId);
  // in the page's language, as the incident list names it (the back end's title is zh-CN)
  const title = selected ? incidentTitle(selected, lang) : (incidentId ?? '');
  const cause = selected?.cause ?? null;

  const generate = useCallback((id: string) => {
    setLoaded({ kind: 'loading', incidentId: id });
    setSent({});
    warRoomStore.set({ planPreview: null });
    getDeskApi()
      .plans({ incidentId: id })
      .then(
        (r) => setLoaded((now) => (now.kind === 'loading' && now.incidentId === id ? { kind: 'ready', incidentId: id, plans: r.plans, ms: r.ms, noPlan: r.noPlan } : now)),
        (err: unknown) => setLoaded({ kind: 'error', incidentId: id, error: describeError(err) }),
      );
  }, []);

  useEffect(() => {
    if (incidentId) generate(incidentId);
    else setLoaded({ kind: 'idle' });
  }, [incidentId, generate]);
  useEffect(() => () => warRoomStore.set({ planPreview: null }), []);

  // follow each applied plan's command in the outbox until the server answers
  const states = useMemo(() => {
    const out: Record<string, ApplyState> = {};
    for (const [planId, st] of Object.entries(sent)) {
      if (st.kind !== 'pending') {
        out[planId] = st;
        continue;
      }
      const c = commands.find((x) => `cmd-${x.seq}` === st.actionId);
      if (!c || c.state === 'pending') out[planId] = st;
      else if (c.state === 'applied') out[planId] = { kind: 'applied', actionId: st.actionId };
      else out[planId] = { kind: 'rejected', actionId: st.actionId, reason: c.error ? `${c.error.code}: ${c.error.message}` : c.state, rows: c.error?.rows?.length ?? 0 };
    }
    return out;
  }, [sent, commands]);

  const apply = (plan: Plan) => {
    setConfirm({
      text: applyConfirmText(plan, t),
      run: () => {
        setSent((s) => ({ ...s, [plan.id]: { kind: 'sending' } }));
        getDeskApi()
          .applyPlan({ planId: plan.id })
          .then(
            (r) => {
              commandStore.upsert(r.command);
              setSent((s) => ({ ...s, [plan.id]: { kind: 'pending', actionId: r.actionId } }));
            },
            (err: unknown) => setSent((s) => ({ ...s, [plan.id]: { kind: 'error', error: describeError(err) } })),
          );
      },
    });
  };

  const undo = (label: string, actionId: string, after?: () => void) =>
    setConfirm({
      text: t('plan.undoConfirm', { label }),
      run: () => {
        submitCommand(commandStore, () => getDeskApi().undo({ actionId })).then(after, (err: unknown) => warRoomStore.setProblem('plans', (err as Error).message));
      },
    });

  const replan = (plan: Plan) =>
    getDeskApi()
      .replan({ planId: plan.id })
      .then(
        ({ plan: revised }) => {
          setLoaded((now) => (now.kind === 'ready' ? { ...now, plans: now.plans.map((p) => (p.kind === revised.kind ? revised : p)) } : now));
          setSent((s) => ({ ...s, [plan.id]: { kind: 'idle' } }));
        },
        (err: unknown) => setSent((s) => ({ ...s, [plan.id]: { kind: 'error', error: describeError(err) } })),
      );

  const preview = (plan: Plan) => warRoomStore.set({ planPreview: previewId === plan.id ? null : { planId: plan.id, lines: previewLines(plan) } });

  return (
    <section className="plans-strip plans-strip--live" data-testid="plans-strip" data-state={loaded.kind}>
      <div className="plans-strip__head">
        <h2>{t('plans.title')}</h2>
        {cause && <AutoRuleToggle cause={cause} />}
        {loaded.kind !== 'idle' && (
          <p className="plans-strip__for">
            {t('plan.for', { title })}{' '}
            <button type="button" className="btn btn--small" onClick={() => incidentId && generate(incidentId)} disabled={loaded.kind === 'loading'} data-testid="plans-regenerate">
              {t('plan.regenerate')}
            </button>
          </p>
        )}
      </div>
      {loaded.kind === 'idle' && <p className="plans-strip__body">{t('plan.pick')}</p>}
      {loaded.kind === 'loading' && (
        <p className="plans-strip__body" role="status" data-testid="plans-loading">
          <span className="spinner" aria-hidden="true" /> {t('plan.computing', { title })}
        </p>
      )}
      {loaded.kind === 'error' && <p className="panel-error" role="alert" data-testid="plans-error">{t('plan.error', { error: loaded.error })}</p>}
      {loaded.kind === 'ready' && loaded.plans.length === 0 && <NoPlans noPlan={loaded.noPlan} cause={cause} />}
      {loaded.kind === 'ready' && nothingLeft(loaded.plans) && (
        <p className="plans-strip__body" role="status" data-testid="plans-nothing-left">
          {t('plan.nothingLeft')}
        </p>
      )}
      {loaded.kind === 'ready' && loaded.plans.length > 0 && !nothingLeft(loaded.plans) && (
        <div className="plans-strip__cards">
          {loaded.plans.map((plan) => (
            <PlanCard
              key={plan.id}
              plan={plan}
              previewing={previewId === plan.id}
              apply={states[plan.id] ?? { kind: 'idle' }}
              onPreview={() => preview(plan)}
              onApply={() => apply(plan)}
              onUndo={(actionId) => undo(t(`plan.kind.${plan.kind}`), actionId, () => setSent((s) => ({ ...s, [plan.id]: { kind: 'idle' } })))}
              onReplan={() => void replan(plan)}
            />
          ))}
        </div>
      )}
      <AppliedActions onUndo={(label, actionId) => undo(label, actionId)} />
      {confirm && (
        <ConfirmDialog
          text={confirm.text}
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            const run = confirm.run;
            setConfirm(null);
            run();
          }}
        />
      )}
    </section>
  );
}
