import type { Locale, Translate } from '../../../platform/i18n/index.js';
import type { EventDetail } from '../queries/events.js';
import { placesText, When } from './parts.js';

/** What, when, where, for whom, how accessible: the facts of an event as a description list. */
export function EventFacts(props: { t: Translate; locale: Locale; e: Omit<EventDetail, 'mine' | 'organisation_id'> }) {
  const { t, e } = props;
  const access = [e.step_free && t('community.event.stepFree'), e.hearing_loop && t('community.event.hearingLoop'), e.languages && t('community.event.languages', { languages: e.languages })].filter(
    Boolean,
  );
  return (
    <>
      {e.cancelled_at && (
        <p class="summary" role="status">
          {t('community.event.isCancelled')} {e.cancel_reason && t('community.event.cancelReason', { reason: e.cancel_reason })}
        </p>
      )}
      <dl>
        <dt>{t('community.event.when')}</dt>
        <dd>
          <When locale={props.locale} start={e.starts_at} end={e.ends_at} />
        </dd>
        <dt>{t('community.event.where')}</dt>
        <dd>{[e.place, e.address].filter(Boolean).join(' — ')}</dd>
        <dt>{t('community.event.category')}</dt>
        <dd>{t(`community.category.${e.category}`)}</dd>
        <dt>{t('community.event.audience')}</dt>
        <dd>{e.residence ?? t('community.event.everyone')}</dd>
        {e.co_organisers && (
          <>
            <dt>{t('community.event.coOrganisers')}</dt>
            <dd>{e.co_organisers}</dd>
          </>
        )}
        <dt>{t('community.event.access')}</dt>
        <dd>{access.length ? access.join(' · ') : t('community.event.noAccessInfo')}</dd>
        <dt>{t('community.event.places')}</dt>
        <dd>{placesText(t, e)}</dd>
      </dl>
      {e.description && <p>{e.description}</p>}
    </>
  );
}
