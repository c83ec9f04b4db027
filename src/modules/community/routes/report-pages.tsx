import type { Context, Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import type { AppEnv } from '../../../platform/http/env.js';
import type { Translate } from '../../../platform/i18n/index.js';
import { route } from '../../../platform/http/routes.js';
import { ErrorSummary, Field, type FieldErrors, PostForm, TextArea } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { removeReportPhoto, saveEventReport, type Upload } from '../commands/event-report.js';
import { ensure, Invalid } from '../errors.js';
import { P } from '../policy.js';
import { eventReport, reportPhoto } from '../queries/event-report.js';
import { eventDetail } from '../queries/events.js';
import { AttendanceText } from '../views/event-report.js';
import { Notice, When } from '../views/parts.js';
import { dbOf, page, param } from './helpers.js';

const dataDir = (c: Context<AppEnv>) => c.get('services').config.dataDir;

/** The organiser's report after an activity (text, walk-ins, photos with consent) and the photos' address. */
export function registerReportPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/community/manage/events/:id/report', P.manage, (c) => page(c, (actor) => reportPage(c, actor, null, {})));

  route(app, 'POST', '/community/manage/events/:id/report', P.manage, (c) =>
    page(c, async (actor) => {
      const body = await c.req.parseBody();
      const form: Record<string, string> = {};
      for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== '_csrf') form[k] = v;
      // No file chosen comes as an empty part without a name; an empty file with a name is refused (issue 9).
      const file = body.photo instanceof File && (body.photo.size > 0 || body.photo.name !== '') ? body.photo : null;
      const photo: Upload = file ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : null;
      try {
        const { photoAdded } = await saveEventReport(dbOf(c), actor, dataDir(c), param(c, 'id'), form, photo);
        return c.redirect(`/community/manage/events/${param(c, 'id')}/report?done=${photoAdded ? 'photoAdded' : 'saved'}`, 303);
      } catch (e) {
        if (e instanceof Invalid) return reportPage(c, actor, form, e.errors, e.status);
        throw e;
      }
    }),
  );

  route(app, 'POST', '/community/manage/events/:id/photos/:pid/remove', P.manage, (c) =>
    page(c, async (actor) => {
      await removeReportPhoto(dbOf(c), actor, dataDir(c), param(c, 'id'), param(c, 'pid'));
      return c.redirect(`/community/manage/events/${param(c, 'id')}/report?done=photoRemoved`, 303);
    }),
  );

  route(app, 'GET', '/community/events/:id/photos/:pid', P.read, (c) =>
    page(c, async (actor) => {
      const photo = await reportPhoto(dbOf(c), actor, dataDir(c), param(c, 'id'), param(c, 'pid'));
      return new Response(new Uint8Array(photo.bytes), {
        headers: {
          'content-type': photo.mediaType,
          'content-length': String(photo.bytes.byteLength),
          'x-content-type-options': 'nosniff',
          'cache-control': 'private, max-age=3600',
          'content-security-policy': "default-src 'none'; sandbox",
        },
      });
    }),
  );
}

async function reportPage(c: Context<AppEnv>, actor: Actor, values: Record<string, string> | null, errors: FieldErrors, status: 200 | 409 | 422 = 200) {
  const t = c.get('t');
  const id = param(c, 'id');
  const e = await eventDetail(dbOf(c), actor, id);
  ensure(authorize(actor, P.manage, { organisationId: e.organisation_id, residenceId: e.residence_id }));
  const { report, attendance } = await eventReport(dbOf(c), actor, id);
  const v = values ?? { body: report?.body ?? '', walkIns: String(report?.walkIns ?? 0), caption: '' };
  const title = t('community.report.title', { title: e.title });
  const held = !e.cancelled_at && e.starts_at.getTime() <= Date.now();
  c.status(status);
  return c.html(
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <Notice t={t} done={c.req.query('done')} prefix="community.report.done" />
      <ErrorSummary
        t={t}
        errors={errors}
        labels={{ body: t('community.report.body'), walkIns: t('community.report.walkIns'), photo: t('community.report.photo'), caption: t('community.report.caption'), consent: t('community.report.consent'), form: t('community.report.heading') }}
      />
      <p>
        <When locale={c.get('locale')} start={e.starts_at} end={e.ends_at} />
      </p>
      <h2>{t('community.report.attendance')}</h2>
      <AttendanceText t={t} a={attendance} walkIns={0} />
      {!held ? (
        <p id="f-form">{t(e.cancelled_at ? 'community.report.cancelled' : 'community.report.notYet')}</p>
      ) : (
        <>
          <h2 id="f-form">{t(report ? 'community.report.edit' : 'community.report.write')}</h2>
          <PostForm action={`/community/manage/events/${id}/report`} csrf={c.get('csrf')} enctype="multipart/form-data">
            <TextArea t={t} name="body" label={t('community.report.body')} hint={t('community.report.bodyHint')} value={v.body ?? ''} error={errors.body} />
            <Field t={t} name="walkIns" type="number" inputmode="numeric" label={t('community.report.walkIns')} hint={t('community.report.walkInsHint')} value={v.walkIns ?? '0'} error={errors.walkIns} />
            <PhotoFields t={t} values={v} errors={errors} />
            <button type="submit">{t('community.report.save')}</button>
          </PostForm>
        </>
      )}
      {report && report.photos.length > 0 && (
        <>
          <h2>{t('community.report.photos')}</h2>
          <ul class="panels">
            {report.photos.map((p, i) => (
              <li>
                <img src={`/community/events/${id}/photos/${p.id}`} alt={p.caption || t('community.report.photoAlt', { n: i + 1 })} width="240" />
                <PostForm action={`/community/manage/events/${id}/photos/${p.id}/remove`} csrf={c.get('csrf')}>
                  <button type="submit" class="link">
                    {t('community.report.removePhoto', { n: i + 1 })}
                  </button>
                </PostForm>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <a href={`/community/events/${id}`}>{e.title}</a> · <a href={`/community/manage/events/${id}`}>{t('community.report.back')}</a>
      </p>
    </Layout>,
  );
}

/** The photo, its caption and the consent box, each with its hint and error tied to it. */
function PhotoFields(props: { t: Translate; values: Record<string, string>; errors: FieldErrors }) {
  const { t, errors } = props;
  const described = (name: string, hint: boolean) => [hint && `f-${name}-hint`, errors[name] && `f-${name}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <div>
        <label for="f-photo">{t('community.report.photo')}</label>
        <span class="hint" id="f-photo-hint">
          {t('community.report.photoHint')}
        </span>
        {errors.photo && (
          <span class="error" id="f-photo-error">
            {t(errors.photo)}
          </span>
        )}
        <input id="f-photo" type="file" name="photo" accept=".jpg,.jpeg,.png,image/jpeg,image/png" aria-invalid={errors.photo ? 'true' : undefined} aria-describedby={described('photo', true)} />
      </div>
      <Field t={t} name="caption" label={t('community.report.caption')} hint={t('community.report.captionHint')} value={props.values.caption ?? ''} error={errors.caption} />
      <div>
        {errors.consent && (
          <span class="error" id="f-consent-error">
            {t(errors.consent)}
          </span>
        )}
        <label class="check">
          <input id="f-consent" type="checkbox" name="consent" aria-invalid={errors.consent ? 'true' : undefined} aria-describedby={described('consent', false)} />
          <span>{t('community.report.consent')}</span>
        </label>
      </div>
    </>
  );
}
