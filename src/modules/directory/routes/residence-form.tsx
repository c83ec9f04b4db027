import type { Context, Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { ErrorSummary, Field, type FieldErrors, fieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { saveResidence } from '../commands/save-residence.js';
import { RESIDENCE_KINDS } from '../commands/import/rows.js';
import { agenciesOf, residenceDetail } from '../queries/residence-detail.js';
import { residenceInput } from '../schemas.js';
import { Select } from '../views/ui.js';
import { formOf, guarded, refused, str } from './respond.js';

const FIELDS = ['reference', 'name', 'kind', 'address', 'postcode', 'city', 'latitude', 'longitude', 'agency'] as const;
type Values = Record<(typeof FIELDS)[number], string>;

async function renderForm(c: Context<AppEnv>, actor: Actor, id: string | null, values: Values, errors: FieldErrors, status: 200 | 422 = 200) {
  const t = c.get('t');
  const agencies = await agenciesOf(c.get('services').database.db, actor);
  const title = id ? t('directory.residences.edit') : t('directory.residences.new');
  const labels: Record<string, string> = {
    reference: t('directory.residence.reference'),
    name: t('directory.residences.name'),
    kind: t('directory.residences.kind'),
    address: t('directory.residence.address'),
    postcode: t('directory.residence.postcode'),
    city: t('directory.residences.city'),
    latitude: t('directory.residence.latitude'),
    longitude: t('directory.residence.longitude'),
    agency: t('directory.residence.agency'),
  };
  c.status(status);
  return c.html(
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <PostForm action={id ? `/admin/residences/${id}/edit` : '/admin/residences/new'} csrf={c.get('csrf')}>
        <Field t={t} name="reference" label={labels.reference} hint={t('directory.residence.referenceHint')} value={values.reference} error={errors.reference} required />
        <Field t={t} name="name" label={labels.name} value={values.name} error={errors.name} required />
        <Select t={t} name="kind" label={labels.kind} value={values.kind} error={errors.kind} options={RESIDENCE_KINDS.map((k) => ({ value: k, label: t(`directory.kind.${k}`) }))} />
        <Field t={t} name="address" label={labels.address} value={values.address} error={errors.address} autocomplete="off" required />
        <Field t={t} name="postcode" label={labels.postcode} value={values.postcode} error={errors.postcode} inputmode="numeric" required />
        <Field t={t} name="city" label={labels.city} value={values.city} error={errors.city} required />
        <Field t={t} name="latitude" label={labels.latitude} hint={t('directory.residence.coordinatesHint')} value={values.latitude} error={errors.latitude} />
        <Field t={t} name="longitude" label={labels.longitude} hint={t('directory.residence.coordinatesHint')} value={values.longitude} error={errors.longitude} />
        <Select
          t={t}
          name="agency"
          label={labels.agency}
          value={values.agency}
          error={errors.agency}
          options={[{ value: '', label: t('directory.residence.noAgency') }, ...agencies.map((a) => ({ value: a.id, label: a.name }))]}
        />
        <button type="submit">{t('directory.member.save')}</button>
      </PostForm>
    </Layout>,
  );
}

const empty: Values = { reference: '', name: '', kind: 'ordinary', address: '', postcode: '', city: '', latitude: '', longitude: '', agency: '' };

async function submit(c: Context<AppEnv>, id: string | null) {
  const actor = c.get('actor');
  if (!actor) return c.notFound();
  if (id !== null) {
    // Another organisation's residence is a 404 before anything of the form is considered.
    const found = await residenceDetail(c.get('services').database.db, actor, id);
    if (typeof found === 'string') return refused(c, found);
  }
  const form = await formOf(c);
  const values = Object.fromEntries(FIELDS.map((k) => [k, str(form[k])])) as Values;
  const parsed = residenceInput.safeParse(values);
  if (!parsed.success) return renderForm(c, actor, id, values, fieldErrors(parsed.error.issues), 422);
  const result = await saveResidence(c.get('services').database.db, actor, id, parsed.data);
  if (!result.ok) return renderForm(c, actor, id, values, result.errors, 422);
  return c.redirect(`/admin/residences/${result.id}?saved=1`, 303);
}

/** Creating and editing a residence by hand (most arrive by import). */
export function registerResidenceForm(app: Hono<AppEnv>): void {
  route(app, 'GET', '/admin/residences/new', 'directory.residences.write', (c) =>
    guarded(c, async () => {
      const actor = c.get('actor');
      if (!actor) return c.notFound();
      if (actor.residenceIds !== null) return refused(c, 'forbidden');
      return renderForm(c, actor, null, empty, {});
    }),
  );
  route(app, 'POST', '/admin/residences/new', 'directory.residences.write', (c) => guarded(c, () => submit(c, null)));
  route(app, 'GET', '/admin/residences/:id/edit', 'directory.residences.write', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    const detail = await residenceDetail(c.get('services').database.db, actor, c.req.param('id') ?? '');
    if (typeof detail === 'string') return refused(c, detail);
    const r = detail.residence;
    const values: Values = { ...r, latitude: r.latitude === null ? '' : String(r.latitude), longitude: r.longitude === null ? '' : String(r.longitude), agency: r.agency_id ?? '' };
    return renderForm(c, actor, r.id, values, {});
  });
  route(app, 'POST', '/admin/residences/:id/edit', 'directory.residences.write', (c) => guarded(c, () => submit(c, c.req.param('id') ?? '')));
}
