import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { formatters } from '../../../platform/i18n/index.js';
import { TableWrap } from '../../../platform/ui/table.js';
import type { PartnerCommitment } from '../commands/proposals.js';

/** For the partner's staff: the places given under a commitment made to the association, with the dwelling allocated (residence and reference) — never the household. */
export function PartnerAllocations(props: { c: Context<AppEnv>; commitment: PartnerCommitment }) {
  const t = props.c.get('t');
  const f = formatters(props.c.get('locale'));
  const q = props.commitment;
  if (q.allocations.length === 0) return <p>{t('support.partnerAllocation.none')}</p>;
  const caption = t('support.partnerAllocation.caption', { label: q.label });
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('support.partnerAllocation.place')}</th>
            <th scope="col">{t('support.partnerAllocation.applicant')}</th>
            <th scope="col">{t('support.partnerAllocation.on')}</th>
            <th scope="col">{t('support.partnerAllocation.residence')}</th>
            <th scope="col">{t('support.partnerAllocation.dwelling')}</th>
          </tr>
        </thead>
        <tbody>
          {q.allocations.map((a) => (
            <tr>
              <td>{f.number(a.seat)}</td>
              <td>{a.applicantRef}</td>
              <td>{f.date(new Date(`${a.allocatedOn}T12:00:00Z`))}</td>
              {a.dwellingRef ? (
                <>
                  <td>{a.residence}</td>
                  <td>{a.dwellingRef}</td>
                </>
              ) : (
                <td colspan={2}>{t('support.partnerAllocation.notYet')}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
