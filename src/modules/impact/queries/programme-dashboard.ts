import type { Tx } from '../../../platform/db/tenant.js';
import { supportFigures } from '../../support/index.js';
import { parisMidnight } from '../domain/period.js';
import { suppressColumn } from '../domain/suppression.js';
import { PROGRAMME_FIGURES } from '../indicators/support-indicators.js';
import type { Dashboard, DashboardColumn } from './dashboard.js';

/**
 * The support indicators by programme: one row per programme of the landlord (its name), and only the
 * columns a programme has on its own (quota progress and the other modules' figures have none). Like
 * the total, they are counted for the whole landlord only: with a residence chosen, or for staff who
 * see some residences, there is no row. Cases belong to exactly one programme, so a column's cells add
 * up to the total shown beside them: they are suppressed as the residence view's cells are
 * (`suppressColumn` on the people behind each figure — primary, then secondary), and the total is the
 * residence view's (the same figure for all programmes), hidden when that suppression hides it.
 */
export async function programmeDashboard(tx: Tx, d: Dashboard, wholeLandlord: boolean): Promise<Dashboard> {
  const f = wholeLandlord ? await supportFigures(tx, parisMidnight(d.period.from), parisMidnight(d.period.to)) : null;
  const programmes = f?.programmes ?? [];
  const columns = d.columns.flatMap((col): DashboardColumn[] => {
    const figure = PROGRAMME_FIGURES.get(col.indicator.key);
    if (!figure) return [];
    const values = programmes.map((p) => figure.value(p));
    if (!col.indicator.personal || !figure.base) return [{ ...col, cells: values, hidden: values.map(() => false) }];
    const base = figure.base;
    const s = suppressColumn(
      programmes.map((p) => base(p)),
      d.threshold,
    );
    const hidden = s.cells.map((c) => c === null);
    return [{ ...col, cells: values.map((v, i) => (hidden[i] ? null : v)), hidden, total: s.total === null ? null : col.total }];
  });
  const rows = programmes.map((p) => ({ id: `programme:${p.programmeId}`, name: p.name, residenceIds: [] }));
  return { ...d, grouping: 'programme', rows, columns };
}
