import type { Translate } from '../../../platform/i18n/index.js';
import { CheckBox, ErrorSummary, Field, PostForm, SelectField, TextArea } from '../../../platform/ui/form.js';
import { SPACE_KINDS } from '../config-schemas.js';
import { HoursTable } from './hours-table.js';

export type SpaceFormValues = Record<string, string>;
export type PlaceOption = { id: string; name: string; residence: string };

const NUMBERS = ['slotMinutes', 'minMinutes', 'maxMinutes', 'horizonDays', 'noticeMinutes', 'cancelNoticeMinutes', 'weeklyQuotaHours', 'weeklyQuotaBookings', 'monthlyQuotaHours', 'monthlyQuotaBookings', 'bufferMinutes'] as const;
/** Check-in, no-shows and waiting-list offers: empty grace means bookings are never released; empty limit, no limit. */
const ATTENDANCE = ['checkinGraceMinutes', 'noShowLimit', 'offerMinutes'] as const;

/** The labels of the space form's fields, for the error summary. */
export function spaceFormLabels(t: Translate): Record<string, string> {
  const labels: Record<string, string> = { hours: t('spaces.config.hours.legend') };
  for (const f of ['kind', 'commonPlaceId', 'name', 'description', 'houseRules', ...NUMBERS, ...ATTENDANCE]) labels[f] = t(`spaces.config.field.${f}`);
  return labels;
}

/** The programme manager's form for a space: what and where, the booking rules, the opening hours. Errors are catalogue keys. */
export function SpaceForm(p: { t: Translate; csrf: string; action: string; places: PlaceOption[]; values: SpaceFormValues; errors: Record<string, string>; badDays: number[]; submitLabel: string; editing: boolean; closeAhead?: number }) {
  const { t, values: v, errors: e } = p;
  return (
    <PostForm action={p.action} csrf={p.csrf}>
      <ErrorSummary t={t} errors={e} labels={spaceFormLabels(t)} />
      <fieldset>
        <legend>{t('spaces.config.section.what')}</legend>
        <SelectField t={t} name="kind" label={t('spaces.config.field.kind')} value={v.kind ?? ''} options={SPACE_KINDS.map((k) => ({ value: k, label: t(`spaces.kind.${k}`) }))} error={e.kind} />
        <SelectField
          t={t}
          name="commonPlaceId"
          label={t('spaces.config.field.commonPlaceId')}
          hint={t('spaces.config.hint.commonPlaceId')}
          value={v.commonPlaceId ?? ''}
          options={[{ value: '', label: t('spaces.config.choosePlace') }, ...p.places.map((o) => ({ value: o.id, label: `${o.residence} — ${o.name}` }))]}
          error={e.commonPlaceId}
        />
        <Field t={t} name="name" label={t('spaces.config.field.name')} value={v.name} error={e.name} />
        <TextArea t={t} name="description" label={t('spaces.config.field.description')} value={v.description ?? ''} error={e.description} />
        <TextArea t={t} name="houseRules" label={t('spaces.config.field.houseRules')} hint={t('spaces.config.hint.houseRules')} value={v.houseRules ?? ''} error={e.houseRules} />
      </fieldset>
      <fieldset>
        <legend>{t('spaces.config.section.rules')}</legend>
        {NUMBERS.map((f) => (
          <Field t={t} name={f} label={t(`spaces.config.field.${f}`)} hint={t(`spaces.config.hint.${f}`)} inputmode="numeric" value={v[f]} error={e[f]} />
        ))}
        <CheckBox name="approvalRequired" label={t('spaces.config.field.approvalRequired')} checked={v.approvalRequired === 'on'} />
        <CheckBox name="publicCalendar" label={t('spaces.config.field.publicCalendar')} checked={v.publicCalendar === 'on'} />
        <p class="hint">{t('spaces.config.hint.publicCalendar')}</p>
        <CheckBox name="holidaysClosed" label={t('spaces.config.field.holidaysClosed')} checked={v.holidaysClosed === 'on'} />
        {p.editing && (
          <div>
            {e.active && (
              <p class="error" id="f-active-error" role="alert">
                {p.closeAhead ? t('spaces.config.error.spaceHasBookings', { count: p.closeAhead }) : t(e.active)}
              </p>
            )}
            <CheckBox name="active" label={t('spaces.config.field.active')} checked={v.active === 'on'} />
            <p class="hint">{t('spaces.config.hint.active')}</p>
            {(p.closeAhead ?? 0) > 0 && <CheckBox name="cancelBookings" label={t('spaces.config.closeSpace.cancelThem', { count: p.closeAhead ?? 0 })} checked={false} />}
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('spaces.config.section.attendance')}</legend>
        {ATTENDANCE.map((f) => (
          <Field t={t} name={f} label={t(`spaces.config.field.${f}`)} hint={t(`spaces.config.hint.${f}`)} inputmode="numeric" value={v[f]} error={e[f]} />
        ))}
      </fieldset>
      <HoursTable t={t} values={v} bad={p.badDays} />
      {!p.editing && <input type="hidden" name="active" value="on" />}
      <button type="submit">{p.submitLabel}</button>
    </PostForm>
  );
}
