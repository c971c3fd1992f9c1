/**
 * The customer's phone in the order diagnosis: masked, as every desk receives it; a supervisor's
 * 显示号码 asks the server for the full number of this one order (audited there) and shows it as a
 * tel: link to call. The number is kept only while the drawer shows this order.
 */
import { useEffect, useState } from 'react';
import { getDeskApi } from '@renderer/api/deskClient';
import { describeError } from '@renderer/api/deskError';
import { useT } from '@renderer/i18n/I18nProvider';
import { useDeskState } from '@renderer/state/appStore';

interface Props {
  orderId: string;
  masked: string;
}

type State = { kind: 'masked' } | { kind: 'asking' } | { kind: 'shown'; phone: string } | { kind: 'failed'; error: string };

export function RevealPhone({ orderId, masked }: Props) {
  const t = useT();
  const supervisor = useDeskState((s) => s.status?.role === 'supervisor');
  const [state, setState] = useState<State>({ kind: 'masked' });
  useEffect(() => setState({ kind: 'masked' }), [orderId]);

  const reveal = () => {
    setState({ kind: 'asking' });
    getDeskApi()
      .revealPhone({ orderId })
      .then(
        ({ phone }) => setState({ kind: 'shown', phone }),
        (err: unknown) => setState({ kind: 'failed', error: describeError(err) }),
      );
  };

  if (state.kind === 'shown') {
    return (
      <a className="reveal-phone__call" href={`tel:${state.phone.replace(/[^0-9+]/g, '')}`} data-testid="diag-phone-call" title={t('diag.call', { phone: state.phone })}>
        {state.phone}
      </a>
    );
  }
  return (
    <span className="reveal-phone">
      <span data-testid="diag-phone-masked">{masked}</span>
      {supervisor && masked && (
        <button type="button" className="btn btn--small" onClick={reveal} disabled={state.kind === 'asking'} data-testid="diag-phone-reveal">
          {state.kind === 'asking' ? t('diag.revealing') : t('diag.reveal')}
        </button>
      )}
      {state.kind === 'failed' && (
        <span className="order-drawer__error" role="alert" data-testid="diag-phone-error">
          {t('diag.revealFailed', { error: state.error })}
        </span>
      )}
    </span>
  );
}
