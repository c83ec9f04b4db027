import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import type { Translate } from '../../../platform/i18n/index.js';
import { formatters } from '../../../platform/i18n/index.js';
import { type FieldErrors, PostForm } from '../../../platform/ui/form.js';
import { ANSWERS } from '../db/eligibility.js';
import type { CaseDetail } from '../queries/read-case.js';

/** One fieldset of yes / no / unknown radios per question, the current answer checked (or the value sent back). */
export function EligibilityFields(props: { t: Translate; d: CaseDetail; errors: FieldErrors; values: Record<string, string>; idPrefix?: string }) {
  const { d } = props;
  return <QuestionFields t={props.t} questions={d.programme.eligibility} answered={d.eligibility} errors={props.errors} values={props.values} idPrefix={props.idPrefix} />;
}

/** The radios for a list of questions (a case's programme, or the programme chosen on the "new case" form). */
export function QuestionFields(props: { t: Translate; questions: string[]; answered: { question_index: number; answer: string }[]; errors: FieldErrors; values: Record<string, string>; idPrefix?: string }) {
  const { t, errors, values } = props;
  // The case page has these radios twice for a rent-aid case (answers, nomination): ids must differ.
  const id = (name: string) => `f-${props.idPrefix ?? ''}${name}`;
  return (
    <>
      {props.questions.map((q, i) => {
        const name = `q${i}`;
        const current = values[name] ?? props.answered.find((a) => a.question_index === i)?.answer;
        return (
          <fieldset aria-describedby={errors[name] ? `${id(name)}-error` : undefined}>
            <legend>{q}</legend>
            {errors[name] && (
              <span class="error" id={`${id(name)}-error`}>
                {t(errors[name])}
              </span>
            )}
            {ANSWERS.map((a, j) => (
              <label class="check">
                <input type="radio" name={name} value={a} id={j === 0 ? id(name) : undefined} checked={current === a} /> {t(`support.eligibility.answer.${a}`)}
              </label>
            ))}
          </fieldset>
        );
      })}
    </>
  );
}

/** On a case: the answers to the programme's eligibility questions, and while the case is open, the form to give or correct them. */
export function EligibilitySection(props: { c: Context<AppEnv>; d: CaseDetail; errors: FieldErrors; values: Record<string, string> }) {
  const { c, d } = props;
  if (d.programme.eligibility.length === 0 && d.eligibility.length === 0) return null;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  const answered = d.eligibility.length;
  return (
    <section aria-labelledby="eligibility-title">
      <h2 id="eligibility-title">{t('support.eligibility.title')}</h2>
      {answered > 0 && (
        <table>
          <caption>{t('support.eligibility.caption', { answered, total: d.programme.eligibility.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('support.eligibility.question')}</th>
              <th scope="col">{t('support.eligibility.answer')}</th>
              <th scope="col">{t('support.eligibility.by')}</th>
            </tr>
          </thead>
          <tbody>
            {d.eligibility.map((a) => (
              <tr>
                <th scope="row">{a.question}</th>
                <td>{t(`support.eligibility.answer.${a.answer}`)}</td>
                <td>{`${a.answered_by ?? '—'}, ${f.date(a.answered_at)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d.row.status === 'open' && d.programme.eligibility.length > 0 && (
        <PostForm action={`/support/cases/${d.row.id}/eligibility`} csrf={c.get('csrf')}>
          <p class="hint">{t('support.eligibility.hint')}</p>
          <EligibilityFields t={t} d={d} errors={props.errors} values={props.values} />
          <button type="submit">{t('support.eligibility.save')}</button>
        </PostForm>
      )}
    </section>
  );
}
