import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { ErrorSummary, Field, type FieldErrors, PostForm, SelectField, TextArea } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import type { ClubMeeting } from '../../community/index.js';
import { Facts } from './club-meetings.js';

type C = Context<AppEnv>;

const FIELDS = ['title', 'description', 'kind', 'address', 'date', 'startTime', 'endTime', 'capacity'] as const;

/** The labels of the meeting form's fields, for its error summary. */
export const meetingLabels = (c: C): Record<string, string> => Object.fromEntries(FIELDS.map((f) => [f, c.get('t')(`impact.club.field.${f}`)]));

/** The meeting's fields (new or changed): one date, an address (or a video-call link), optional places. */
export function MeetingFields(p: { c: C; values: Record<string, string>; errors: FieldErrors }) {
  const t = p.c.get('t');
  const labels = meetingLabels(p.c);
  const v = p.values;
  return (
    <>
      <Field t={t} name="title" label={labels.title} value={v.title} error={p.errors.title} required />
      <SelectField t={t} name="kind" label={labels.kind} value={v.kind ?? 'committee'} error={p.errors.kind} options={(['committee', 'workshop'] as const).map((k) => ({ value: k, label: t(`impact.club.kind.${k}`) }))} />
      <TextArea t={t} name="description" label={labels.description} value={v.description ?? ''} error={p.errors.description} />
      <Field t={t} name="address" label={labels.address} value={v.address} error={p.errors.address} required />
      <Field t={t} name="date" type="date" label={labels.date} value={v.date} error={p.errors.date} required />
      <Field t={t} name="startTime" type="time" label={labels.startTime} value={v.startTime} error={p.errors.startTime} required />
      <Field t={t} name="endTime" type="time" label={labels.endTime} value={v.endTime} error={p.errors.endTime} required />
      <Field t={t} name="capacity" label={labels.capacity} value={v.capacity} error={p.errors.capacity} inputmode="numeric" />
    </>
  );
}

/** The organiser's form for a new meeting. */
export function ClubFormPage(p: { c: C; values: Record<string, string>; errors: FieldErrors }) {
  const t = p.c.get('t');
  return (
    <Layout c={p.c} title={t('impact.club.new')}>
      <h1>{t('impact.club.new')}</h1>
      <ErrorSummary t={t} errors={p.errors} labels={meetingLabels(p.c)} />
      <PostForm action="/impact/network/club" csrf={p.c.get('csrf')}>
        <MeetingFields c={p.c} values={p.values} errors={p.errors} />
        <button type="submit">{t('impact.club.create')}</button>
      </PostForm>
    </Layout>
  );
}

/**
 * The organiser changes a meeting (same fields; places never below the seats taken) or cancels it with a
 * reason members will read. Two forms, each with its own error summary; no JavaScript.
 */
export function ClubEditPage(p: { c: C; m: ClubMeeting; values: Record<string, string>; errors: FieldErrors; reason?: string; cancelErrors?: FieldErrors }) {
  const t = p.c.get('t');
  const cancelErrors = p.cancelErrors ?? {};
  return (
    <Layout c={p.c} title={t('impact.club.editTitle', { title: p.m.title })}>
      <p>
        <a href={`/impact/network/club/${p.m.id}`}>{t('impact.club.backToMeeting')}</a>
      </p>
      <h1>{t('impact.club.editTitle', { title: p.m.title })}</h1>
      <Facts c={p.c} m={p.m} />
      <h2>{t('impact.club.change')}</h2>
      <p>{t('impact.club.changeLead')}</p>
      <ErrorSummary t={t} errors={p.errors} labels={{ ...meetingLabels(p.c), form: t('impact.club.change') }} />
      <PostForm action={`/impact/network/club/${p.m.id}/edit`} csrf={p.c.get('csrf')}>
        <MeetingFields c={p.c} values={p.values} errors={p.errors} />
        <button type="submit">{t('impact.club.save')}</button>
      </PostForm>
      <h2>{t('impact.club.cancelMeeting')}</h2>
      <p>{t('impact.club.cancelLead')}</p>
      <ErrorSummary t={t} errors={cancelErrors} labels={{ reason: t('impact.club.field.reason'), form: t('impact.club.cancelMeeting') }} />
      <PostForm action={`/impact/network/club/${p.m.id}/cancel`} csrf={p.c.get('csrf')}>
        <TextArea t={t} name="reason" label={t('impact.club.field.reason')} value={p.reason ?? ''} error={cancelErrors.reason} />
        <button type="submit">{t('impact.club.cancelMeeting')}</button>
      </PostForm>
    </Layout>
  );
}
