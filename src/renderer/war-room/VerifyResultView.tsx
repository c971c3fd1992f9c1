/** The outcome of "verify": match, or mismatch with both digests and whether it was repaired; failures in red. */
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { formatDateTime } from '@renderer/i18n/timeFormat';
import type { VerifyView } from '@renderer/state/commandStore';

const short = (sha: string) => sha.slice(0, 12);

export function VerifyResultView({ verify }: { verify: VerifyView }) {
  const t = useT();
  const [lang] = useLang();
  if (verify.kind === 'idle') return null;
  if (verify.kind === 'running') return <p className="verify verify--running" role="status">{t('syncp.verifying')}</p>;
  if (verify.kind === 'failed') {
    return (
      <p className="verify verify--failed" role="alert" data-testid="verify-result" data-match="error">
        {t('syncp.verifyFailed', { error: verify.error })}
      </p>
    );
  }
  const { match, replica, server, repaired } = verify.result;
  return (
    <div className={`verify verify--${match ? 'match' : 'mismatch'}`} role={match ? 'status' : 'alert'} data-testid="verify-result" data-match={match ? 'true' : 'false'}>
      <div className="verify__headline">
        {match
          ? `✓ ${t('syncp.verifyMatch', { version: formatCountSafe(replica.version), count: formatCountSafe(replica.count) })}`
          : `✕ ${t('syncp.verifyMismatch', { replica: `v${replica.version} · ${replica.count} · ${short(replica.sha256)}`, server: `v${server.version} · ${server.count} · ${short(server.sha256)}` })}`}
      </div>
      {!match && <div>{repaired ? t('syncp.verifyRepaired') : t('syncp.verifyNotRepaired')}</div>}
      <div className="verify__at">
        {t('syncp.verifyAt', { time: formatDateTime(verify.at, lang) })} · sha256 {short(replica.sha256)}
      </div>
    </div>
  );
}

function formatCountSafe(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
