import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import type { Translate } from '../../../platform/i18n/index.js';
import { formatters } from '../../../platform/i18n/index.js';
import type { FieldErrors } from '../../../platform/ui/form.js';
import { PostForm } from '../../../platform/ui/form.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { Allocation } from '../commands/quotas.js';

/**
 * A dwelling reference typed in a form repeated on each row: named `dwellingRef` for the handler, but its
 * id (and its error's key) carry the row's id (`dw-…`), so ids stay unique and the error lands on its row.
 */
export function DwellingRefInput(p: { t: Translate; rowId: string; label: string; value?: string; error?: string }) {
  const id = `f-dw-${p.rowId}`;
  return (
    <div>
      <label for={id}>{p.label}</label>
      {p.error && (
        <span class="error" id={`${id}-error`}>
          {p.t(p.error)}
        </span>
      )}
      <input id={id} name="dwellingRef" type="text" value={p.value} aria-invalid={p.error ? 'true' : undefined} aria-describedby={p.error ? `${id}-error` : undefined} />
    </div>
  );
}

/** The places given under the landlord's commitments, each with its dwelling named or to be named. */
export function AllocationsSection(props: { c: Context<AppEnv>; allocations: Allocation[]; errors: FieldErrors; values: Record<string, string> }) {
  const { c } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  return (
    <section aria-labelledby="allocations-title">
      <h2 id="allocations-title">{t('support.allocation.title')}</h2>
      {props.allocations.length === 0 ? (
        <p>{t('support.allocation.none')}</p>
      ) : (
        <TableWrap label={t('support.allocation.caption')}>
          <table>
            <caption>{t('support.allocation.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('support.quota.commitment')}</th>
                <th scope="col">{t('support.allocation.seat')}</th>
                <th scope="col">{t('support.quota.applicant')}</th>
                <th scope="col">{t('support.allocation.on')}</th>
                <th scope="col">{t('support.allocation.dwelling')}</th>
              </tr>
            </thead>
            <tbody>
              {props.allocations.map((a) => (
                <tr>
                  <td>{`${a.partner} — ${a.quota_label} (${a.year})`}</td>
                  <td>{f.number(a.seat)}</td>
                  <td>{a.applicant_ref}</td>
                  <td>{f.date(new Date(`${a.allocated_on}T12:00:00Z`))}</td>
                  <td>
                    {a.dwelling_ref ? `${a.dwelling_ref}${a.residence ? ` — ${a.residence}` : ''}` : <strong>{t('support.allocation.noDwelling')}</strong>}
                    <PostForm action={`/support/allocations/${a.id}/dwelling`} csrf={c.get('csrf')}>
                      <DwellingRefInput t={t} rowId={a.id} label={t(a.dwelling_ref ? 'support.allocation.change' : 'support.allocation.name', { seat: a.seat, ref: a.applicant_ref })} value={props.values[`dw-${a.id}`]} error={props.errors[`dw-${a.id}`]} />
                      <button type="submit">{t('support.allocation.save')}</button>
                    </PostForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
