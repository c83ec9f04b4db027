import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { formatters } from '../../../platform/i18n/index.js';
import { ErrorSummary, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { parisToday } from '../domain/local-date.js';
import { STAGE_MACHINES, stageDelays } from '../domain/stages.js';
import { allowedEvents } from '../domain/transitions.js';
import type { CaseDetail } from '../queries/read-case.js';
import { CaseMoneySection } from './case-money.js';
import type { PartnerOption } from '../../directory/index.js';
import { TextAreaField } from './fields.js';
import { DocumentsSection } from './documents.js';
import { ReferralSection } from './referrals.js';
import { AddressSection, addressText } from './address.js';
import type { CasePerson } from '../commands/case-person.js';
import { CasePersonSection } from './case-person.js';
import { ExternalReferralSection } from './external-referrals.js';
import { EligibilitySection } from './eligibility.js';
import { SolidaritySection, type SolidarityView } from './solidarity.js';
import type { LeaseView } from '../commands/lease-slide.js';
import { LeaseEndForm, LeaseSection, LeaseSlideForm } from './lease.js';
import { TransferLinks, type TransferOptions, TransferSection } from './transfer.js';

const day = (d: string) => new Date(`${d}T12:00:00Z`);

/** One case, for the people who follow it: the household, the timeline, the stage, the commission, the notes. */
export function CasePage(props: { c: Context<AppEnv>; d: CaseDetail; partners: PartnerOption[]; staff?: { user_id: string; display_name: string }[]; addressRecoverable?: boolean; solidarity?: SolidarityView; person?: CasePerson; lease?: LeaseView; transfer?: TransferOptions; errors?: FieldErrors; values?: Record<string, string> }) {
  const { c, d } = props;
  const errors = props.errors ?? {};
  const values = props.values ?? {};
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const csrf = c.get('csrf');
  const base = `/support/cases/${d.row.id}`;
  const today = parisToday();
  const machine = STAGE_MACHINES[d.programme.kind];
  const open = d.row.status === 'open';
  const stepName = (key: string) => d.programme.steps.find((s) => s.key === key)?.label ?? t(`support.step.${key}`);
  const labels: Record<string, string> = {
    body: t('support.note.body'),
    outcome: t('support.case.outcome'),
    hardship: t('support.dossier.hardship'),
    resources: t('support.dossier.resources'),
    facts: t('support.dossier.facts'),
    event: t('support.case.stage'),
    partnerId: t('support.referral.partner'),
    fields: t('support.referral.fields'),
    purpose: t('support.referral.purpose'),
    consentUntil: t('support.referral.until'),
    consent: t('support.referral.consentShort'),
    document: t('support.document.add'),
    form: t('support.case.title'),
    transferProgrammeId: t('support.transfer.programme'),
    transferAdviserId: t('support.transfer.adviser'),
    transferReason: t('support.transfer.reason'),
    readerId: t('support.address.reader'),
    association: t('support.external.association'),
    contact: t('support.external.contact'),
    extFields: t('support.referral.fields'),
    extPurpose: t('support.referral.purpose'),
    extUntil: t('support.referral.until'),
    extConsent: t('support.referral.consentShort'),
    answerStatus: t('support.external.answer'),
    eligibility: t('support.eligibility.title'),
    actionTitle: t('support.solidarity.what'),
    actionOn: t('support.solidarity.on'),
    actionResidents: t('support.solidarity.residents'),
    actionEvent: t('support.solidarity.event'),
    dwellingRef: t('support.lease.dwellingRef'),
    partnerOrgId: t('support.lease.partner'),
    startsOn: t('support.lease.startsOn'),
    endReason: t('support.lease.endReason'),
    endReasonText: t('support.lease.endReasonText'),
    endOn: t('support.lease.endOn'),
    slideOn: t('support.lease.slideOn'),
    correctionReason: t('support.lease.correctionReason'),
    ...Object.fromEntries(d.programme.eligibility.map((q, i) => [`q${i}`, q])),
  };
  return (
    <Layout c={c} title={`${d.household.name} — ${d.programme.name}`}>
      <h1>
        {d.household.name} <span class="hint">{d.programme.name}</span>
      </h1>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      {open && d.scope !== 'covered' && (
        <p class="notice" role="status">
          {t(d.scope === 'outside' ? 'support.scope.caseOutside' : 'support.scope.caseNoDwelling')}
        </p>
      )}
      <dl>
        <dt>{t('support.case.reference')}</dt>
        <dd>{d.row.reference}</dd>
        <dt>{t('support.case.status')}</dt>
        <dd>{t(d.transfer.closedAs ? `support.closedAs.${d.transfer.closedAs}` : `support.status.${d.row.status}`)}</dd>
        <dt>{t('support.case.residence')}</dt>
        <dd>{addressText(t, d)}</dd>
        <dt>{t('support.case.rent')}</dt>
        <dd>{d.household.rentCents !== null ? f.money(d.household.rentCents) : '—'}</dd>
        <dt>{t('support.case.advisers')}</dt>
        <dd>{d.advisers.map((a) => a.display_name).join(', ')}</dd>
        <dt>{t('support.case.opened')}</dt>
        <dd>{f.date(d.row.opened_at)}</dd>
        <TransferLinks c={c} d={d} />
      </dl>
      <h2>{t('support.case.situation')}</h2>
      <p>{d.row.situation || '—'}</p>
      <details>
        <summary>{t('support.case.programmeInfo')}</summary>
        {d.programme.eligibility.length > 0 && (
          <>
            <h3>{t('support.programme.eligibility')}</h3>
            <ul>
              {d.programme.eligibility.map((q) => (
                <li>{q}</li>
              ))}
            </ul>
          </>
        )}
        <h3>{t('support.programme.notice')}</h3>
        <p>{d.programme.notice || '—'}</p>
        <p class="hint">
          {t('support.programme.legalBasis')} : {d.programme.legal_basis || '—'}
        </p>
        <p class="hint">{t('support.case.retentionRule', {
            months: d.programme.retention_effective,
            from: t(`support.case.retentionFrom.${d.programme.retention_from_effective}`),
            action: t(`support.case.retentionAction.${d.programme.retention_action_effective}`),
          })}</p>
      </details>

      <EligibilitySection c={c} d={d} errors={errors} values={values} />

      {d.row.stage && (
        <section aria-labelledby="stage-title">
          <h2 id="stage-title">{t('support.case.stage')}</h2>
          <p>
            <strong>{t(`support.stage.${d.row.stage}`)}</strong>
            {d.row.stage_since && ` — ${t('support.case.since', { date: f.date(d.row.stage_since) })}`}
          </p>
          <ul>
            {stageDelays(d.history.map((h) => ({ stage: h.stage, on: parisToday(h.at) }))).map((x) => (
              <li>{t('support.case.delay', { stage: t(`support.stage.${x.stage}`), days: x.days })}</li>
            ))}
          </ul>
          {open &&
            machine &&
            allowedEvents(machine, d.row.stage)
              .filter((ev) => !(props.lease && (ev === 'end' || ev === 'slide')))
              .map((ev) => (
                <PostForm action={`${base}/stage`} csrf={csrf}>
                  <input type="hidden" name="event" value={ev} />
                  <button type="submit">{t(`support.event.${ev}`)}</button>
                </PostForm>
              ))}
          {/* A sliding lease slides on a day the adviser gives, and ends otherwise only with its reason and last day. */}
          {open && machine && props.lease && allowedEvents(machine, d.row.stage).includes('slide') && <LeaseSlideForm c={c} d={d} errors={errors} values={values} />}
          {open && machine && props.lease && allowedEvents(machine, d.row.stage).includes('end') && <LeaseEndForm c={c} d={d} errors={errors} values={values} plan={props.lease.plannedEnd} />}
        </section>
      )}
      {props.lease && <LeaseSection c={c} d={d} lease={props.lease} partners={props.partners} errors={errors} values={values} />}

      <h2>{t('support.case.steps')}</h2>
      {d.steps.length === 0 ? (
        <p>—</p>
      ) : (
        <ul>
          {d.steps.map((s) => (
            <li>
              {stepName(s.key)} — {f.date(day(s.due_on))}{' '}
              {s.done_at ? (
                <span>{t('support.step.done')}</span>
              ) : (
                <>
                  {s.due_on < today && <strong class="error">{t('support.step.overdue')}</strong>}
                  {open && (
                    <PostForm action={`${base}/steps/${s.id}`} csrf={csrf}>
                      <button type="submit" class="link">
                        {t('support.step.markDone', { step: stepName(s.key) })}
                      </button>
                    </PostForm>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}

      {d.programme.kind === 'rent_aid' && <CaseMoneySection c={c} d={d} errors={errors} values={values} />}
      {props.solidarity && <SolidaritySection c={c} d={d} s={props.solidarity} errors={errors} values={values} />}

      {props.person && <CasePersonSection c={c} d={d} person={props.person} errors={errors} values={values} />}
      <AddressSection c={c} d={d} staff={props.staff ?? []} errors={errors} values={values} recoverable={props.addressRecoverable} />
      <ReferralSection c={c} d={d} partners={props.partners} errors={errors} values={values} />
      <ExternalReferralSection c={c} d={d} errors={errors} values={values} />

      <DocumentsSection c={c} d={d} errors={errors} />

      <h2>{t('support.case.notes')}</h2>
      {open && (
        <PostForm action={`${base}/notes`} csrf={csrf}>
          <TextAreaField t={t} name="body" label={labels.body} value={values.body} error={errors.body} rows={3} />
          <button type="submit">{t('support.note.add')}</button>
        </PostForm>
      )}
      <ul>
        {d.notes.map((n) => (
          <li>
            <span class="hint">
              {f.dateTime(n.created_at)} — {n.author ?? ''}
            </span>
            {n.body}
          </li>
        ))}
      </ul>

      {d.programme.manager_user_id === c.get('actor')?.userId && (
        <PostForm action={`${base}/hold`} csrf={csrf}>
          <h2>{t('support.case.hold')}</h2>
          <p>{d.row.legal_hold ? t('support.case.holdOn') : t('support.case.holdOff')}</p>
          <input type="hidden" name="hold" value={d.row.legal_hold ? 'off' : 'on'} />
          <button type="submit">{d.row.legal_hold ? t('support.case.holdLift') : t('support.case.holdPlace')}</button>
        </PostForm>
      )}

      {open && props.transfer && <TransferSection c={c} d={d} options={props.transfer} errors={errors} values={values} />}

      {open && (
        <PostForm action={`${base}/close`} csrf={csrf}>
          <h2>{t('support.case.close')}</h2>
          <TextAreaField t={t} name="outcome" label={labels.outcome} value={values.outcome} error={errors.outcome} rows={2} />
          <button type="submit">{t('support.case.closeButton')}</button>
        </PostForm>
      )}
    </Layout>
  );
}
