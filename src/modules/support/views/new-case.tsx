import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { ErrorSummary, type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import type { HouseholdOption } from '../../directory/index.js';
import type { ProgrammeRow } from '../db/cases.js';
import { QuestionFields } from './eligibility.js';
import { SelectField, TextAreaField } from './fields.js';

/** The household chosen on the "new case" form: its place decides the programmes offered, its residents the person named. */
export type ChosenHousehold = { id: string; name: string; reference: string; residenceName: string | null; residents: { user_id: string; display_name: string }[] };

export type NewCaseProps = {
  c: Context<AppEnv>;
  /** Every programme, for the search's programme choice. */
  allProgrammes: ProgrammeRow[];
  /** The programmes offered for the case: those covering the chosen household (all of them before one is chosen). */
  programmes: ProgrammeRow[];
  /** The programme chosen before searching (its scope filters the search), if any. */
  searchProgramme: ProgrammeRow | null;
  households: HouseholdOption[];
  household: ChosenHousehold | null;
  q: string;
  values: Record<string, string>;
  errors: FieldErrors;
};

const householdLabel = (h: { name: string; reference: string; residence: string | null }) => `${h.name} — ${h.reference}${h.residence ? ` (${h.residence})` : ''}`;

/**
 * Opening a case, without JavaScript: first the programme (optional) and a search, which then lists only
 * the households living where that programme applies; the household is chosen by a link, so the page
 * knows it; then only the programmes covering it are offered, and, once the programme is known, its
 * eligibility questions can be answered on the spot.
 */
export function NewCasePage(props: NewCaseProps) {
  const { c, values, errors, household, searchProgramme } = props;
  const t = c.get('t');
  // The programme whose questions are shown: the one sent with the form, else the one chosen before searching.
  const answering = household ? (props.programmes.find((p) => p.id === (values.programmeId || searchProgramme?.id)) ?? null) : null;
  const labels: Record<string, string> = {
    programmeId: t('support.case.programme'),
    householdId: t('support.case.household'),
    personUserId: t('support.person.label'),
    situation: t('support.case.situation'),
    eligibility: t('support.eligibility.title'),
    ...Object.fromEntries((answering?.eligibility ?? []).map((q, i) => [`q${i}`, q])),
  };
  // Answers sent for another programme's questions are not shown against this one's.
  const answers = answering && values.eligibilityFor === answering.id ? values : {};
  const withProgramme = (href: string) => (searchProgramme ? `${href}&programmeId=${searchProgramme.id}` : href);
  return (
    <Layout c={c} title={t('support.cases.new')}>
      <h1>{t('support.cases.new')}</h1>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      {/* biome-ignore lint/a11y/useSemanticElements: the <search> element is too new for the old phones our advisers use */}
      <form method="get" action="/support/cases/new" role="search">
        <label for="f-searchProgramme">{t('support.case.programme')}</label>
        <span class="hint" id="f-searchProgramme-hint">
          {t('support.newCase.programmeFirst')}
        </span>
        <select id="f-searchProgramme" name="programmeId" aria-describedby="f-searchProgramme-hint">
          <option value="">{t('support.newCase.anyProgramme')}</option>
          {props.allProgrammes.map((p) => (
            <option value={p.id} selected={p.id === searchProgramme?.id}>
              {p.name}
            </option>
          ))}
        </select>
        <label for="f-q">{t('support.cases.findHousehold')}</label>
        <input id="f-q" type="search" name="q" value={props.q} />
        <button type="submit">{t('support.cases.search')}</button>
      </form>
      {!household && props.q !== '' && (
        <>
          {searchProgramme && <p class="hint">{t('support.newCase.householdsInScope', { programme: searchProgramme.name })}</p>}
          {props.households.length > 0 ? (
            <ul class="choices">
              {props.households.map((h) => (
                <li>
                  <a href={withProgramme(`/support/cases/new?householdId=${h.id}`)}>{t('support.cases.chooseHousehold', { household: householdLabel(h) })}</a>
                </li>
              ))}
            </ul>
          ) : (
            <p role="status">{t('support.newCase.noHousehold')}</p>
          )}
        </>
      )}
      <PostForm action="/support/cases" csrf={c.get('csrf')}>
        {household ? (
          <>
            <SelectField t={t} name="householdId" label={labels.householdId} value={household.id} error={errors.householdId} options={[{ value: household.id, label: householdLabel({ ...household, residence: household.residenceName }) }]} />
            <p>
              <a href="/support/cases/new">{t('support.cases.changeHousehold')}</a>
            </p>
            <p class="hint">{t(props.programmes.length ? 'support.cases.programmesForHousehold' : 'support.cases.noProgrammeForHousehold', { household: household.name })}</p>
          </>
        ) : (
          <SelectField
            t={t}
            name="householdId"
            label={labels.householdId}
            value={values.householdId}
            error={errors.householdId}
            placeholder={t('support.choose')}
            options={props.households.map((h) => ({ value: h.id, label: householdLabel(h) }))}
          />
        )}
        <SelectField
          t={t}
          name="programmeId"
          label={labels.programmeId}
          value={values.programmeId || answering?.id || searchProgramme?.id || ''}
          error={errors.programmeId}
          placeholder={t('support.choose')}
          options={props.programmes.map((p) => ({ value: p.id, label: p.name }))}
        />
        {household && <EligibilityOnOpening c={c} household={household} programmes={props.programmes} answering={answering} errors={errors} values={answers} />}
        {household && household.residents.length > 0 && (
          <SelectField
            t={t}
            name="personUserId"
            label={labels.personUserId}
            hint={t('support.person.hint')}
            value={values.personUserId}
            error={errors.personUserId}
            options={[{ value: '', label: t('support.person.household') }, ...household.residents.map((r) => ({ value: r.user_id, label: r.display_name }))]}
          />
        )}
        <TextAreaField t={t} name="situation" label={labels.situation} hint={t('support.case.situationHint')} value={values.situation} error={errors.situation} />
        <label class="check">
          <input type="checkbox" name="confidentialAddress" checked={values.confidentialAddress === 'on'} /> {t('support.case.confidential')}
        </label>
        <button type="submit">{t('support.cases.open')}</button>
      </PostForm>
    </Layout>
  );
}

/**
 * The chosen programme's eligibility questions, optional at opening; before a programme is chosen, links
 * that choose one of those with questions (no JavaScript: the page must know the programme to show them).
 */
function EligibilityOnOpening(props: { c: Context<AppEnv>; household: ChosenHousehold; programmes: ProgrammeRow[]; answering: ProgrammeRow | null; errors: FieldErrors; values: Record<string, string> }) {
  const { c, answering, errors } = props;
  const t = c.get('t');
  if (answering) {
    // A programme without questions: only the refusal of answers meant for another programme, where the summary links.
    if (answering.eligibility.length === 0)
      return errors.eligibility ? (
        <p class="error" id="f-eligibility">
          {t(errors.eligibility)}
        </p>
      ) : null;
    return (
      <fieldset id="f-eligibility" aria-describedby={errors.eligibility ? 'f-eligibility-error' : 'f-eligibility-hint'}>
        <legend>{t('support.newCase.eligibilityTitle', { programme: answering.name })}</legend>
        <span class="hint" id="f-eligibility-hint">
          {t('support.newCase.eligibilityHint')}
        </span>
        {errors.eligibility && (
          <span class="error" id="f-eligibility-error">
            {t(errors.eligibility)}
          </span>
        )}
        <input type="hidden" name="eligibilityFor" value={answering.id} />
        <QuestionFields t={t} questions={answering.eligibility} answered={[]} errors={errors} values={props.values} />
      </fieldset>
    );
  }
  const asking = props.programmes.filter((p) => p.eligibility.length > 0);
  if (asking.length === 0) return null;
  return (
    <div>
      <p class="hint">{t('support.newCase.chooseToAnswer')}</p>
      <ul class="choices">
        {asking.map((p) => (
          <li>
            <a href={`/support/cases/new?householdId=${props.household.id}&programmeId=${p.id}`}>{t('support.newCase.answerFor', { programme: p.name })}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
