import { numberFormat } from '../../../platform/i18n/intl-cache.js';
import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import type { NetworkRef } from '../queries/benchmark.js';
import type { Practice, PracticeSummary } from '../queries/practices.js';
import { RESIDENCE_KINDS } from '../schemas.js';
import { type PlaceChoice, PracticeSpaceSection } from './practice-space.js';

/** The library: a French full-text search and the sheets the organisation may read. */
export function PracticeListPage(p: { c: Context<AppEnv>; q: string; rows: PracticeSummary[]; canWrite: boolean }) {
  const t = p.c.get('t');
  return (
    <Layout c={p.c} title={t('impact.practices.title')}>
      <h1>{t('impact.practices.title')}</h1>
      {p.canWrite && (
        <p>
          <a class="button" href="/impact/practices/new">
            {t('impact.practices.new')}
          </a>
        </p>
      )}
      {/* biome-ignore lint/a11y/useSemanticElements: the <search> element is too new for the old phones our residents use */}
      <form method="get" action="/impact/practices" role="search">
        <label for="f-q">{t('impact.practices.search')}</label>
        <input id="f-q" type="search" name="q" value={p.q} />
        <button type="submit">{t('impact.practices.searchButton')}</button>
      </form>
      <p role="status">{t('impact.practices.count', { count: p.rows.length })}</p>
      <ul class="panels">
        {p.rows.map((r) => (
          <li>
            <h2>
              <a href={`/impact/practices/${r.id}`}>{r.title}</a>
            </h2>
            <p class="hint">{`${r.landlord}${r.residenceKind ? ` — ${t(`directory.kind.${r.residenceKind}`)}` : ''} — ${r.published ? t('impact.practices.published') : t('impact.practices.private')}`}</p>
            <p>{r.problem}</p>
            {r.tags.length > 0 && <p class="hint">{`${t('impact.practices.tags')} : ${r.tags.join(', ')}`}</p>}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

const LONG = ['problem', 'audience', 'partners', 'means', 'results', 'difficulties'] as const;

function TextArea(p: { c: Context<AppEnv>; name: string; value: string; error?: string }) {
  const t = p.c.get('t');
  const id = `f-${p.name}`;
  return (
    <div>
      <label for={id}>{t(`impact.practice.${p.name}`)}</label>
      {p.error && (
        <span class="error" id={`${id}-error`}>
          {t(p.error)}
        </span>
      )}
      <textarea id={id} name={p.name} rows={4} aria-invalid={p.error ? 'true' : undefined} aria-describedby={p.error ? `${id}-error` : undefined}>
        {p.value}
      </textarea>
    </div>
  );
}

/** The form of a new sheet; on error it comes back with the values kept and the errors listed first. */
export function PracticeFormPage(p: { c: Context<AppEnv>; values: Record<string, string>; errors: FieldErrors; networks: NetworkRef[] }) {
  const t = p.c.get('t');
  const v = p.values;
  const labels = Object.fromEntries(['title', ...LONG, 'cost', 'contact', 'residenceKind', 'tags', 'network'].map((k) => [k, t(`impact.practice.${k}`)]));
  return (
    <Layout c={p.c} title={t('impact.practices.new')}>
      <h1>{t('impact.practices.new')}</h1>
      <ErrorSummary t={t} errors={p.errors} labels={labels} />
      <PostForm action="/impact/practices" csrf={p.c.get('csrf')}>
        <Field t={t} name="title" label={labels.title} value={v.title} error={p.errors.title} required />
        {LONG.map((k) => (
          <TextArea c={p.c} name={k} value={v[k] ?? ''} error={p.errors[k]} />
        ))}
        <Field t={t} name="cost" label={labels.cost} hint={t('impact.practice.costHint')} value={v.cost} error={p.errors.cost} inputmode="numeric" />
        <Field t={t} name="contact" label={labels.contact} hint={t('impact.practice.contactHint')} value={v.contact} error={p.errors.contact} required />
        <label for="f-residenceKind">{labels.residenceKind}</label>
        <select id="f-residenceKind" name="residenceKind">
          <option value="">{t('impact.practice.anyKind')}</option>
          {RESIDENCE_KINDS.map((k) => (
            <option value={k} selected={v.residenceKind === k}>
              {t(`directory.kind.${k}`)}
            </option>
          ))}
        </select>
        <Field t={t} name="tags" label={labels.tags} hint={t('impact.practice.tagsHint')} value={v.tags} error={p.errors.tags} />
        <label for="f-network">{labels.network}</label>
        {p.errors.network && (
          <span class="error" id="f-network-error">
            {t(p.errors.network)}
          </span>
        )}
        <select id="f-network" name="network" aria-describedby={p.errors.network ? 'f-network-error' : undefined}>
          <option value="">{t('impact.practice.keepPrivate')}</option>
          {p.networks.map((n) => (
            <option value={n.id} selected={v.network === n.id}>
              {t('impact.practice.publishTo', { network: n.name })}
            </option>
          ))}
        </select>
        <button type="submit">{t('impact.practice.save')}</button>
      </PostForm>
    </Layout>
  );
}

/** One sheet, and the button that copies it into the reader's own library. */
export function PracticePage(p: { c: Context<AppEnv>; s: Practice; canWrite: boolean; created: boolean; sources?: { id: string; name: string }[] | null; places?: PlaceChoice[] | null; errors?: FieldErrors; values?: Record<string, string> }) {
  const t = p.c.get('t');
  const f = numberFormat(p.c.get('locale') === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency: 'EUR' });
  const { s } = p;
  return (
    <Layout c={p.c} title={s.title}>
      <h1>{s.title}</h1>
      {p.created && (
        <p class="notice" role="status">
          {t('impact.practice.created')}
        </p>
      )}
      <p class="hint">{`${s.landlord} — ${s.network ? t('impact.practice.publishedIn', { network: s.network }) : t('impact.practices.private')}`}</p>
      <dl>
        {LONG.map((k) =>
          s[k] ? (
            <>
              <dt>{t(`impact.practice.${k}`)}</dt>
              <dd>{s[k]}</dd>
            </>
          ) : null,
        )}
        {s.costCents !== null && (
          <>
            <dt>{t('impact.practice.cost')}</dt>
            <dd>{f.format(s.costCents / 100)}</dd>
          </>
        )}
        {s.residenceKind && (
          <>
            <dt>{t('impact.practice.residenceKind')}</dt>
            <dd>{t(`directory.kind.${s.residenceKind}`)}</dd>
          </>
        )}
        <dt>{t('impact.practice.contact')}</dt>
        <dd>{s.contact}</dd>
      </dl>
      {p.canWrite && !s.own && (
        <PostForm action={`/impact/practices/${s.id}/duplicate`} csrf={p.c.get('csrf')}>
          <p class="hint">{t('impact.practice.duplicateHint')}</p>
          <button type="submit">{t('impact.practice.duplicate')}</button>
        </PostForm>
      )}
      <PracticeSpaceSection c={p.c} s={s} sources={p.sources ?? null} places={p.places ?? null} errors={p.errors ?? {}} values={p.values ?? {}} />
      <p>
        <a href="/impact/practices">{t('impact.practices.back')}</a>
      </p>
    </Layout>
  );
}
