import { formatters } from '../../../platform/i18n/index.js';
import { ErrorSummary, PostForm, SelectField } from '../../../platform/ui/form.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { endChoices, nextMonthStart, openPause } from '../domain/subscription-periods.js';
import { todayInParis } from '../queries/desk.js';
import type { SubscriptionPanel } from '../queries/subscription-panel.js';
import { type Ctx, nameIn } from '../routes/helpers.js';

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

/**
 * Where a subscription stands, the changes open to it now (each effective at a month boundary, said
 * on the button), and its history. The resident's page and the counter card share it.
 */
export function SubscriptionPanelView(props: { c: Ctx; panel: SubscriptionPanel; actionBase: string; errors: Record<string, string>; values: Record<string, string> }) {
  const { c, panel } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const today = todayInParis();
  const pause = openPause(panel.pauses, today);
  const canPause = panel.state === 'active';
  const canResume = (panel.state === 'pause_scheduled' || panel.state === 'paused') && pause !== null && (pause.ends_on === null || pause.starts_on > today);
  const canCancel = panel.status === 'active';
  return (
    <section aria-labelledby="subscription-title">
      <h2 id="subscription-title">{t('concierge.subscription.title')}</h2>
      <ErrorSummary t={t} errors={props.errors} labels={{ endsOn: t('concierge.subscription.endsOn') }} />
      <p>{t('concierge.subscription.plan', { plan: nameIn(c, { name_fr: panel.plan_fr, name_en: panel.plan_en }), date: f.date(day(panel.starts_on)) })}</p>
      <p>
        <strong>
          {t(`concierge.subscription.state.${panel.state}`, {
            from: pause ? f.date(day(pause.starts_on)) : '',
            until: pause?.ends_on ? f.date(day(pause.ends_on)) : '',
            end: panel.ends_on ? f.date(day(panel.ends_on)) : '',
            open: pause?.ends_on ? 'no' : 'yes',
          })}
        </strong>
      </p>
      {panel.status === 'cancelled' && panel.state === 'paused' && panel.ends_on && <p>{t('concierge.subscription.state.ending', { end: f.date(day(panel.ends_on)) })}</p>}
      {canPause && (
        <PostForm action={`${props.actionBase}/pause`} csrf={c.get('csrf')}>
          <p class="hint" id="pause-hint">
            {t('concierge.subscription.pauseHint')}
          </p>
          <button type="submit" aria-describedby="pause-hint">
            {t('concierge.subscription.pause', { date: f.date(day(nextMonthStart(today))) })}
          </button>
        </PostForm>
      )}
      {canResume && pause && (
        <PostForm action={`${props.actionBase}/resume`} csrf={c.get('csrf')}>
          <button type="submit">{pause.starts_on > today ? t('concierge.subscription.withdraw') : t('concierge.subscription.resume', { date: f.date(day(nextMonthStart(today))) })}</button>
        </PostForm>
      )}
      {canCancel && (
        <PostForm action={`${props.actionBase}/cancel`} csrf={c.get('csrf')}>
          <SelectField
            t={t}
            name="endsOn"
            label={t('concierge.subscription.endsOn')}
            hint={t('concierge.subscription.endsOnHint')}
            value={props.values.endsOn ?? ''}
            error={props.errors.endsOn}
            options={endChoices(today).map((d) => ({ value: d, label: f.date(day(d)) }))}
          />
          <button type="submit">{t('concierge.subscription.cancel')}</button>
        </PostForm>
      )}
      <h3>{t('concierge.subscription.history')}</h3>
      <TableWrap label={t('concierge.subscription.history')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('concierge.request.when')}</th>
              <th scope="col">{t('concierge.subscription.change')}</th>
              <th scope="col">{t('concierge.request.by')}</th>
            </tr>
          </thead>
          <tbody>
            {panel.events.map((e) => (
              <tr>
                <td>{f.dateTime(e.at)}</td>
                <td>{t(`concierge.subscription.event.${e.event}`, { date: f.date(day(e.effective_on)) })}</td>
                <td>{t(`concierge.side.${e.by_side}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
