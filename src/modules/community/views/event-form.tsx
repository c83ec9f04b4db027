import type { CommonPlaceOption, ResidenceOption } from '../../directory/index.js';
import type { Translate } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { EVENT_CATEGORIES } from '../schemas.js';
import { Select, TextArea } from './parts.js';

const FIELDS = [
  'title',
  'description',
  'category',
  'residenceId',
  'audience',
  'placeId',
  'address',
  'date',
  'startTime',
  'endTime',
  'registration',
  'capacity',
  'languages',
  'coOrganisers',
  'repeatWeeks',
  'repeatCount',
  'processId',
] as const;

/** The form staff use to plan an activity (one date, or a weekly series) or to change one date of it. */
export function EventForm(props: { t: Translate; csrf: string; values: Record<string, string>; errors: FieldErrors; residences: ResidenceOption[]; places: CommonPlaceOption[]; editing?: string; processes?: { id: string; title: string }[] }) {
  const { t, values: v, errors: e } = props;
  const labels = Object.fromEntries(FIELDS.map((f) => [f, t(`community.eventForm.${f}`)]));
  return (
    <>
      <ErrorSummary t={t} errors={e} labels={labels} />
      <PostForm action={props.editing ? `/community/manage/events/${props.editing}/edit` : '/community/manage/events/new'} csrf={props.csrf}>
        <Field t={t} name="title" label={labels.title} value={v.title} error={e.title} required />
        <TextArea t={t} name="description" label={labels.description} hint={t('community.eventForm.descriptionHint')} value={v.description} error={e.description} />
        <Select
          t={t}
          name="category"
          label={labels.category}
          value={v.category}
          error={e.category}
          options={EVENT_CATEGORIES.map((c) => ({
            value: c,
            label: t(`community.category.${c}`),
          }))}
        />
        <Select
          t={t}
          name="residenceId"
          label={labels.residenceId}
          value={v.residenceId}
          error={e.residenceId}
          options={[{ value: '', label: t('community.event.everyone') }, ...props.residences.map((r) => ({ value: r.id, label: r.name }))]}
        />
        <Select
          t={t}
          name="audience"
          label={labels.audience}
          hint={t('community.eventForm.audienceHint')}
          value={v.audience}
          error={e.audience}
          options={[
            { value: '', label: t('community.eventForm.audienceResidence') },
            { value: 'neighbourhood', label: t('community.eventForm.audienceNeighbourhood') },
          ]}
        />
        <Select
          t={t}
          name="placeId"
          label={labels.placeId}
          value={v.placeId}
          error={e.placeId}
          options={[
            { value: '', label: t('community.eventForm.noRoom') },
            ...props.places.map((p) => ({
              value: p.id,
              label: `${p.name} (${p.residence})`,
            })),
          ]}
        />
        {props.processes && props.processes.length > 0 && (
          <Select
            t={t}
            name="processId"
            label={labels.processId}
            value={v.processId}
            error={e.processId}
            options={[{ value: '', label: t('community.eventForm.noProcess') }, ...props.processes.map((p) => ({ value: p.id, label: p.title }))]}
          />
        )}
        <Field t={t} name="address" label={labels.address} hint={t('community.eventForm.addressHint')} value={v.address} error={e.address} />
        <Field t={t} name="date" type="date" label={t(props.editing ? 'community.eventForm.dateOne' : 'community.eventForm.date')} value={v.date} error={e.date} required />
        <Field t={t} name="startTime" type="time" label={labels.startTime} value={v.startTime} error={e.startTime} required />
        <Field t={t} name="endTime" type="time" label={labels.endTime} value={v.endTime} error={e.endTime} required />
        <Select
          t={t}
          name="registration"
          label={labels.registration}
          value={v.registration ?? 'open'}
          error={e.registration}
          options={['open', 'approval', 'off'].map((m) => ({
            value: m,
            label: t(`community.registration.${m}`),
          }))}
        />
        <Field t={t} name="capacity" type="number" inputmode="numeric" label={labels.capacity} hint={t('community.eventForm.capacityHint')} value={v.capacity} error={e.capacity} />
        <fieldset>
          <legend>{t('community.event.access')}</legend>
          <label class="check">
            <input type="checkbox" name="stepFree" checked={v.stepFree === 'on'} /> {t('community.event.stepFree')}
          </label>
          <label class="check">
            <input type="checkbox" name="hearingLoop" checked={v.hearingLoop === 'on'} /> {t('community.event.hearingLoop')}
          </label>
        </fieldset>
        <Field t={t} name="languages" label={labels.languages} value={v.languages} error={e.languages} />
        <Field t={t} name="coOrganisers" label={labels.coOrganisers} hint={t('community.eventForm.coOrganisersHint')} value={v.coOrganisers} error={e.coOrganisers} />
        {!props.editing && (
          <>
            <Select
              t={t}
              name="repeatWeeks"
              label={labels.repeatWeeks}
              value={v.repeatWeeks ?? '0'}
              error={e.repeatWeeks}
              options={['0', '1', '2'].map((n) => ({
                value: n,
                label: t(`community.eventForm.repeat${n}`),
              }))}
            />
            <Field t={t} name="repeatCount" type="number" inputmode="numeric" label={labels.repeatCount} hint={t('community.eventForm.repeatCountHint')} value={v.repeatCount} error={e.repeatCount} />
          </>
        )}
        <button type="submit">{t(props.editing ? 'community.eventForm.save' : 'community.eventForm.submit')}</button>
      </PostForm>
    </>
  );
}
