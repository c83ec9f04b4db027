import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { AppEnv } from '../../../platform/http/env.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { numberFormat } from '../../../platform/i18n/intl-cache.js';
import { Layout } from '../../../platform/ui/layout.js';
import type { ImportProblem } from '../commands/import-nearby.js';
import { CATEGORIES, type NearbyService, type ResidencePlace } from '../queries/nearby.js';

function distance(c: Context<AppEnv>, metres: number): string {
  const t = c.get('t');
  const tag = c.get('locale') === 'fr' ? 'fr-FR' : 'en-GB';
  const d = metres < 1000 ? `${metres} m` : `${numberFormat(tag, { maximumFractionDigits: 1 }).format(metres / 1000)} km`;
  // About 80 metres a minute on foot, rounded up: a walking time is what residents plan with.
  return t('impact.around.distance', {
    distance: d,
    minutes: Math.max(1, Math.ceil(metres / 80)),
  });
}

/** The services grouped by category, nearest first; a plain list that prints well for the newcomer pack. */
export function NearbyList(p: { c: Context<AppEnv>; rows: NearbyService[] }) {
  const t = p.c.get('t');
  if (p.rows.length === 0) return <p>{t('impact.around.empty')}</p>;
  return (
    <>
      {CATEGORIES.filter((k) => p.rows.some((r) => r.category === k)).map((k) => (
        <section aria-labelledby={`cat-${k}`}>
          <h2 id={`cat-${k}`}>{t(`impact.category.${k}`)}</h2>
          <ul>
            {p.rows
              .filter((r) => r.category === k)
              .map((r) => (
                <li>
                  <strong>{r.name}</strong> — {distance(p.c, r.metres)}
                  <br />
                  {r.address}
                  {r.openingHours && (
                    <>
                      <br />
                      {`${t('impact.around.hours')} : ${r.openingHours}`}
                    </>
                  )}
                  {r.accessibility && (
                    <>
                      <br />
                      {`${t('impact.around.access')} : ${r.accessibility}`}
                    </>
                  )}
                </li>
              ))}
          </ul>
        </section>
      ))}
    </>
  );
}

/** What a resident sees: the places near their own residence. */
export function ResidentAroundPage(p: { c: Context<AppEnv>; place: ResidencePlace | null; rows: NearbyService[] }) {
  const t = p.c.get('t');
  return (
    <Layout c={p.c} title={t('impact.around.mine')}>
      <h1>{t('impact.around.mine')}</h1>
      {!p.place ? (
        <p>{t('impact.around.noResidence')}</p>
      ) : (
        <>
          <p>
            {t('impact.around.lead', {
              residence: p.place.name,
              address: `${p.place.address}, ${p.place.postcode} ${p.place.city}`,
            })}
          </p>
          <p class="no-print">{t('impact.around.print')}</p>
          <NearbyList c={p.c} rows={p.rows} />
          {/* The list is the newcomer's printed pack: the page prints without the site's chrome. */}
          <style nonce={p.c.get('secureHeadersNonce')}>{raw('@media print{.top,footer,.skip,.no-print{display:none}main{max-width:none}}')}</style>
        </>
      )}
    </Layout>
  );
}

/** What staff see: the list for one residence and the form to add a place. */
export function StaffAroundPage(p: {
  c: Context<AppEnv>;
  place: ResidencePlace;
  rows: NearbyService[];
  values: Record<string, string>;
  errors: FieldErrors;
  added: boolean;
  problems?: ImportProblem[];
}) {
  const t = p.c.get('t');
  const title = t('impact.around.of', { residence: p.place.name });
  const labels = Object.fromEntries(['category', 'name', 'address', 'latitude', 'longitude', 'openingHours', 'accessibility'].map((k) => [k, t(`impact.around.field.${k}`)]));
  return (
    <Layout c={p.c} title={title}>
      <h1>{title}</h1>
      {p.added && (
        <p class="notice" role="status">
          {t('impact.around.added')}
        </p>
      )}
      <NearbyList c={p.c} rows={p.rows} />
      <h2>{t('impact.around.add')}</h2>
      <ErrorSummary t={t} errors={p.errors} labels={labels} />
      <PostForm action={`/impact/residences/${p.place.id}/around`} csrf={p.c.get('csrf')}>
        <label for="f-category">{labels.category}</label>
        <select id="f-category" name="category">
          {CATEGORIES.map((k) => (
            <option value={k} selected={p.values.category === k}>
              {t(`impact.category.${k}`)}
            </option>
          ))}
        </select>
        <Field t={t} name="name" label={labels.name} value={p.values.name} error={p.errors.name} required />
        <Field t={t} name="address" label={labels.address} value={p.values.address} error={p.errors.address} required />
        <Field t={t} name="latitude" label={labels.latitude} hint={t('impact.around.coordHint')} value={p.values.latitude} error={p.errors.latitude} inputmode="text" required />
        <Field t={t} name="longitude" label={labels.longitude} value={p.values.longitude} error={p.errors.longitude} inputmode="text" required />
        <Field t={t} name="openingHours" label={labels.openingHours} value={p.values.openingHours} error={p.errors.openingHours} />
        <Field t={t} name="accessibility" label={labels.accessibility} value={p.values.accessibility} error={p.errors.accessibility} />
        <button type="submit">{t('impact.around.addButton')}</button>
      </PostForm>
      <h2 id="import-h">{t('impact.import.heading')}</h2>
      {p.problems && p.problems.length > 0 && (
        <div class="summary" role="alert" aria-labelledby="import-problems">
          <h3 id="import-problems">{t('impact.import.problems', { count: p.problems.length })}</h3>
          <ul>
            {p.problems.map((x) => (
              <li>{t('impact.import.line', { line: x.line, message: t(x.message) })}</li>
            ))}
          </ul>
        </div>
      )}
      <PostForm action={`/impact/residences/${p.place.id}/around/import`} csrf={p.c.get('csrf')} enctype="multipart/form-data">
        <label for="f-file">{t('impact.import.file')}</label>
        <span class="hint" id="f-file-hint">
          {t('impact.import.hint')}
        </span>
        <input id="f-file" name="file" type="file" accept=".csv,text/csv" aria-describedby="f-file-hint" required />
        <button type="submit">{t('impact.import.button')}</button>
      </PostForm>
    </Layout>
  );
}

/** Staff pick the residence whose neighbourhood they maintain. */
export function ResidenceIndexPage(p: { c: Context<AppEnv>; residences: { id: string; name: string }[] }) {
  const t = p.c.get('t');
  return (
    <Layout c={p.c} title={t('impact.around.index')}>
      <h1>{t('impact.around.index')}</h1>
      <ul>
        {p.residences.map((r) => (
          <li>
            <a href={`/impact/residences/${r.id}/around`}>{t('impact.around.of', { residence: r.name })}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
