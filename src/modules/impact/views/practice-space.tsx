import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import type { SpaceTemplate } from '../../spaces/index.js';
import type { Practice } from '../queries/practices.js';

export type PlaceChoice = { id: string; name: string; residence: string };

/** What a reader should know of an attached configuration before building from it: the kind, the rules that shape it, its resources. */
function TemplateSummary(p: { c: Context<AppEnv>; name: string; template: SpaceTemplate }) {
  const t = p.c.get('t');
  const v = p.template.values ?? {};
  const resources = Array.isArray(p.template.resources) ? p.template.resources : [];
  return (
    <>
      <p>{t('impact.practice.space.summary', { name: p.name, kind: t(`spaces.kind.${v.kind === 'room' || v.kind === 'garden' || v.kind === 'workshop' || v.kind === 'equipment' ? v.kind : 'coworking'}`), slot: v.slotMinutes ?? '', horizon: v.horizonDays ?? '' })}</p>
      {resources.length > 0 && (
        <ul>
          {resources.map((r) => (
            <li>{t('impact.practice.space.resource', { name: String(r.name), units: String(r.units) })}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/**
 * On a sheet: the space configuration it carries, a form to build one's own space from it (managers of
 * spaces of another landlord), and for the author a form to attach one of its spaces.
 */
export function PracticeSpaceSection(p: { c: Context<AppEnv>; s: Practice; sources: { id: string; name: string }[] | null; places: PlaceChoice[] | null; errors: FieldErrors; values: Record<string, string> }) {
  const t = p.c.get('t');
  const { s } = p;
  const csrf = p.c.get('csrf');
  if (!s.spaceTemplate && !p.sources) return null;
  return (
    <section aria-labelledby="space-h">
      <h2 id="space-h">{t('impact.practice.space.heading')}</h2>
      {s.spaceTemplate ? <TemplateSummary c={p.c} name={s.spaceTemplateName ?? ''} template={s.spaceTemplate as SpaceTemplate} /> : <p>{t('impact.practice.space.none')}</p>}
      {s.spaceTemplate && p.places && (
        <PostForm action={`/impact/practices/${s.id}/space`} csrf={csrf}>
          <p class="hint">{t('impact.practice.space.buildHint')}</p>
          {p.errors.template && (
            <p class="error" id="f-template-error" role="alert">
              {t(p.errors.template)}
            </p>
          )}
          <label for="f-commonPlaceId">{t('impact.practice.space.place')}</label>
          {p.errors.commonPlaceId && (
            <span class="error" id="f-commonPlaceId-error">
              {t(p.errors.commonPlaceId)}
            </span>
          )}
          <select id="f-commonPlaceId" name="commonPlaceId" aria-invalid={p.errors.commonPlaceId ? 'true' : undefined} aria-describedby={p.errors.commonPlaceId ? 'f-commonPlaceId-error' : undefined}>
            <option value="">{t('impact.practice.space.choosePlace')}</option>
            {p.places.map((pl) => (
              <option value={pl.id} selected={p.values.commonPlaceId === pl.id}>
                {`${pl.residence} — ${pl.name}`}
              </option>
            ))}
          </select>
          <Field t={t} name="name" label={t('impact.practice.space.name')} value={p.values.name ?? s.spaceTemplateName ?? ''} error={p.errors.name} required />
          <button type="submit">{t('impact.practice.space.build')}</button>
        </PostForm>
      )}
      {p.sources && (
        <PostForm action={`/impact/practices/${s.id}/template`} csrf={csrf}>
          <label for="f-spaceId">{t('impact.practice.space.attach')}</label>
          {p.errors.spaceId && (
            <span class="error" id="f-spaceId-error">
              {t(p.errors.spaceId)}
            </span>
          )}
          <select id="f-spaceId" name="spaceId" aria-invalid={p.errors.spaceId ? 'true' : undefined} aria-describedby={p.errors.spaceId ? 'f-spaceId-error' : undefined}>
            <option value="">{t('impact.practice.space.detach')}</option>
            {p.sources.map((sp) => (
              <option value={sp.id}>{sp.name}</option>
            ))}
          </select>
          <button type="submit">{t('impact.practice.space.attachButton')}</button>
        </PostForm>
      )}
    </section>
  );
}
