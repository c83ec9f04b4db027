import { formatters } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, PostForm, SelectField } from '../../../platform/ui/form.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { todayInParis } from '../queries/desk.js';
import type { FormValues, ProviderDocument } from '../queries/offer-admin.js';
import type { Ctx } from '../routes/helpers.js';
import { DOCUMENT_KINDS, LABELS } from '../schemas-offer.js';
import { CheckBox, CheckGroup } from '../../../platform/ui/form.js';

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

/** Adding or changing a provider: name, the labels residents see, distance, contact, area, active. */
export function ProviderForm(props: { c: Ctx; action: string; values: FormValues; errors: Record<string, string> }) {
  const { c, values: v, errors: e } = props;
  const t = c.get('t');
  const labels: Record<string, string> = {
    name: t('concierge.manage.provider.name'),
    labels: t('concierge.labels.title'),
    distanceM: t('concierge.manage.provider.distance'),
    contact: t('concierge.manage.provider.contact'),
    serviceArea: t('concierge.manage.provider.serviceArea'),
  };
  return (
    <>
      <ErrorSummary t={t} errors={e} labels={labels} />
      <PostForm action={props.action} csrf={c.get('csrf')}>
        <Field t={t} name="name" label={labels.name} value={one(v.name)} error={e.name} />
        <CheckGroup t={t} name="labels" legend={labels.labels} hint={t('concierge.manage.provider.labelsHint')} values={list(v.labels)} error={e.labels} options={LABELS.map((l) => ({ value: l, label: t(`concierge.labels.${l}`) }))} />
        <Field t={t} name="distanceM" label={labels.distanceM} hint={t('concierge.manage.provider.distanceHint')} value={one(v.distanceM)} error={e.distanceM} inputmode="numeric" />
        <Field t={t} name="contact" label={labels.contact} hint={t('concierge.manage.provider.contactHint')} value={one(v.contact)} error={e.contact} />
        <Field t={t} name="serviceArea" label={labels.serviceArea} value={one(v.serviceArea)} error={e.serviceArea} />
        <CheckBox name="active" label={t('concierge.manage.provider.active')} checked={v.active === undefined || one(v.active) === 'on'} />
        <button type="submit">{t('concierge.manage.save')}</button>
      </PostForm>
    </>
  );
}

/** A provider's documents, newest expiry first, with what has expired or soon will; and the form to add one. */
export function ProviderDocuments(props: { c: Ctx; action: string; documents: ProviderDocument[]; values: FormValues; errors: Record<string, string> }) {
  const { c, values: v, errors: e } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const today = todayInParis();
  const soon = new Date(Date.parse(`${today}T12:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
  const status = (d: ProviderDocument) => (d.expires_on < today ? 'expired' : d.expires_on <= soon ? 'soon' : 'valid');
  return (
    <section>
      <h2 id="documents-title">{t('concierge.manage.documents.title')}</h2>
      {props.documents.length === 0 ? (
        <p>{t('concierge.manage.documents.none')}</p>
      ) : (
        <TableWrap label={t('concierge.manage.documents.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('concierge.manage.documents.kind')}</th>
                <th scope="col">{t('concierge.manage.documents.label')}</th>
                <th scope="col">{t('concierge.manage.documents.expiresOn')}</th>
              </tr>
            </thead>
            <tbody>
              {props.documents.map((d) => (
                <tr>
                  <td>{t(`concierge.documentKind.${d.kind}`)}</td>
                  <td>{d.label}</td>
                  <td>
                    {f.date(new Date(`${d.expires_on}T12:00:00Z`))} — <strong>{t(`concierge.manage.documents.${status(d)}`)}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h3>{t('concierge.manage.documents.add')}</h3>
      <ErrorSummary t={t} errors={e} labels={{ kind: t('concierge.manage.documents.kind'), label: t('concierge.manage.documents.label'), expiresOn: t('concierge.manage.documents.expiresOn') }} />
      <PostForm action={props.action} csrf={c.get('csrf')}>
        <SelectField t={t} name="kind" label={t('concierge.manage.documents.kind')} value={one(v.kind) || 'insurance'} error={e.kind} options={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`concierge.documentKind.${k}`) }))} />
        <Field t={t} name="label" label={t('concierge.manage.documents.label')} value={one(v.label)} error={e.label} />
        <Field t={t} name="expiresOn" type="date" label={t('concierge.manage.documents.expiresOn')} hint={t('concierge.manage.documents.expiresHint')} value={one(v.expiresOn)} error={e.expiresOn} />
        <button type="submit">{t('concierge.manage.documents.save')}</button>
      </PostForm>
    </section>
  );
}
