/** The channel × day table with its totals row; a flagged cell is red; a row opens its orders. */
import type { ReconCell, ReconSums } from '@shared/reconciliation';
import { useLang, useT } from '@renderer/i18n/I18nProvider';
import { channelName, signedYuan, yuan } from '@renderer/promotions/money';

export function SumCells({ s }: { s: ReconSums }) {
  const red = s.flagged > 0;
  return (
    <>
      <td className="num" data-col="orders">{s.orders}</td>
      <td className="num" data-col="amount">{yuan(s.amount)}</td>
      <td className="num" data-col="expected">{yuan(s.expected)}</td>
      <td className="num" data-col="actual">{yuan(s.actual)}</td>
      <td className={`num${red ? ' recon--red' : ''}`} data-col="difference">{signedYuan(s.difference)}</td>
      <td className={`num${red ? ' recon--red' : ''}`} data-col="flagged">{s.flagged}</td>
      <td className={`num${red ? ' recon--red' : ''}`} data-col="flaggedDifference">{signedYuan(s.flaggedDifference)}</td>
      <td className="num" data-col="held">{s.held}</td>
    </>
  );
}

export function SumHeads() {
  const t = useT();
  return (
    <>
      <th className="num">{t('recon.col.orders')}</th>
      <th className="num">{t('recon.col.amount')}</th>
      <th className="num">{t('recon.col.expected')}</th>
      <th className="num">{t('recon.col.actual')}</th>
      <th className="num">{t('recon.col.difference')}</th>
      <th className="num">{t('recon.col.flagged')}</th>
      <th className="num">{t('recon.col.flaggedDifference')}</th>
      <th className="num">{t('recon.col.held')}</th>
    </>
  );
}

export function ReconTable({ cells, totals, open, onOpen }: { cells: ReconCell[]; totals: ReconSums; open: string | null; onOpen: (c: ReconCell) => void }) {
  const t = useT();
  const [lang] = useLang();
  return (
    <table className="recon-table" data-testid="recon-table">
      <caption className="recon-hint">{t('recon.cellHint')}</caption>
      <thead>
        <tr>
          <th>{t('recon.col.day')}</th>
          <th>{t('recon.col.channel')}</th>
          <SumHeads />
        </tr>
      </thead>
      <tbody>
        {cells.map((c) => {
          const key = `${c.day}|${c.channel}`;
          return (
            <tr
              key={key}
              className={`recon-row${c.flagged > 0 ? ' recon-row--flagged' : ''}${open === key ? ' recon-row--open' : ''}`}
              data-testid="recon-cell"
              data-channel={c.channel}
              data-day={c.day}
              data-flagged={c.flagged > 0 ? '1' : '0'}
              tabIndex={0}
              aria-selected={open === key}
              onClick={() => onOpen(c)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onOpen(c))}
            >
              <td>{c.day}</td>
              <td>{channelName(c.channel, lang)}</td>
              <SumCells s={c} />
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr className="recon-total" data-testid="recon-total">
          <th scope="row" colSpan={2}>{t('recon.total')}</th>
          <SumCells s={totals} />
        </tr>
      </tfoot>
    </table>
  );
}
