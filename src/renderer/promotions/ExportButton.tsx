/** Exports a reconciliation table to .xlsx (the back end writes it; the page saves it). */
import { useState } from 'react';
import type { ExportReconInput } from '@shared/reconciliation';
import { getDeskApi } from '@renderer/api/deskClient';
import { useT } from '@renderer/i18n/I18nProvider';
import { saveFile } from '@renderer/promotions/download';

export function ExportButton({ input, testId }: { input: ExportReconInput; testId: string }) {
  const t = useT();
  const [state, setState] = useState<{ busy: boolean; note: string | null; error: boolean }>({ busy: false, note: null, error: false });
  const run = async () => {
    setState({ busy: true, note: null, error: false });
    try {
      const file = await getDeskApi().exportReconciliation(input);
      saveFile(file);
      setState({ busy: false, note: t('recon.exported', { file: file.fileName, n: file.rows }), error: false });
    } catch (err) {
      setState({ busy: false, note: t('recon.error', { error: err instanceof Error ? err.message : String(err) }), error: true });
    }
  };
  return (
    <span className="recon-export">
      <button type="button" className="recon-btn recon-btn--primary" disabled={state.busy} onClick={() => void run()} data-testid={testId}>
        {state.busy ? t('recon.exporting') : t('recon.export')}
      </button>
      {state.note && (
        <span className={state.error ? 'recon-error' : 'recon-note'} role={state.error ? 'alert' : 'status'} data-testid={`${testId}-note`}>
          {state.note}
        </span>
      )}
    </span>
  );
}
