import { formatters } from '../../../platform/i18n/index.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { StatementLine, StatementRow } from '../queries/statements.js';
import type { Ctx } from '../routes/helpers.js';

const rate = (bp: number) => `${(bp / 100).toLocaleString('fr-FR')} %`;

/** A statement or credit note: its lines with VAT, and totals that are the sums of the lines. */
export function StatementView(props: {
  c: Ctx;
  detail: {
    statement: StatementRow;
    lines: StatementLine[];
    creditNoteId: string | null;
  };
}) {
  const { c } = props;
  const { statement: s, lines } = props.detail;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  return (
    <>
      <h1>
        {t(`concierge.statement.kind.${s.kind}`, {
          number: s.number,
          period: s.period,
        })}
      </h1>
      <p>
        {t('concierge.statement.issued', {
          date: f.date(s.issued_at),
          party: s.party_name ?? '',
        })}
      </p>
      {s.kind === 'credit_note' && s.reason ? <p id="credit-reason">{t('concierge.credit.reasonShown', { reason: s.reason })}</p> : null}
      <TableWrap label={t('concierge.statement.lines')}>
        <table>
          <caption>{t('concierge.statement.lines')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('concierge.statement.label')}</th>
              <th scope="col">{t('concierge.order.quantity')}</th>
              <th scope="col">{t('concierge.statement.unit')}</th>
              <th scope="col">{t('concierge.statement.vatRate')}</th>
              <th scope="col">{t('concierge.statement.net')}</th>
              <th scope="col">{t('concierge.statement.vat')}</th>
              <th scope="col">{t('concierge.statement.gross')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr>
                <td>{l.label}</td>
                <td>{f.number(l.quantity)}</td>
                <td>{f.money(l.unit_cents)}</td>
                <td>{rate(l.vat_rate_bp)}</td>
                <td>{f.money(l.net_cents)}</td>
                <td>{f.money(l.vat_cents)}</td>
                <td>{f.money(l.gross_cents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colspan={4}>
                {t('concierge.statement.total')}
              </th>
              <td>{f.money(s.net_cents)}</td>
              <td>{f.money(s.vat_cents)}</td>
              <td>
                <strong>{f.money(s.gross_cents)}</strong>
              </td>
            </tr>
          </tfoot>
        </table>
      </TableWrap>
    </>
  );
}
