import type { Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { errorPage } from '../../../platform/http/errors.js';
import { route } from '../../../platform/http/routes.js';
import { formatters } from '../../../platform/i18n/index.js';
import { CheckBox, ErrorSummary, Field, PostForm, SelectField } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { addClosure, removeClosure, saveOfficeHours } from '../commands/office-hours.js';
import { FieldError } from '../errors.js';
import type { Desk } from '../queries/desk.js';
import { todayInParis } from '../queries/desk.js';
import { officeHours } from '../queries/offer.js';
import { closureRemoveSchema, closureSchema, officeHoursSchema, pathErrors } from '../schemas-hours.js';
import { type Ctx, failure, formOf, Notice } from './helpers.js';
import { deskOr404 } from './staff-pages.js';

const BASE = '/concierge/desk/hours';
/** Empty lines offered under the existing sessions (more after a save). */
const BLANK_ROWS = 2;
const ROW_FIELDS = ['weekday', 'startsAt', 'endsAt', 'place'] as const;

type Row = Record<(typeof ROW_FIELDS)[number], string> & { remove?: boolean };
type PageState = { rows?: Row[]; closure?: Record<string, string>; errors?: Record<string, string> };

/** The lines of the weekly form as typed: `hours.N.field`, in N order. */
function rowsOf(form: Record<string, string>): Row[] {
  const indexes = new Set<number>();
  for (const k of Object.keys(form)) {
    const m = /^hours\.(\d{1,2})\./.exec(k);
    if (m) indexes.add(Number(m[1]));
  }
  return [...indexes]
    .sort((a, b) => a - b)
    .map((i) => ({ weekday: form[`hours.${i}.weekday`] ?? '', startsAt: form[`hours.${i}.startsAt`] ?? '', endsAt: form[`hours.${i}.endsAt`] ?? '', place: form[`hours.${i}.place`] ?? '', remove: form[`hours.${i}.remove`] === 'on' }));
}

const blank = (r: Row) => ROW_FIELDS.every((f) => r[f].trim() === '');

async function hoursPage(c: Ctx, state: PageState = {}) {
  const t = c.get('t');
  const desk = await deskOr404(c);
  if (!desk) return errorPage(c, 404);
  const data = await withTenant(c.get('services').database.db, { orgId: desk.organisation_id }, (tx) => officeHours(tx, desk.id));
  const today = todayInParis();
  const stored: Row[] = data.hours.map((h) => ({ weekday: String(h.weekday), startsAt: h.startsAt.slice(0, 5), endsAt: h.endsAt.slice(0, 5), place: h.place }));
  const rows = [...(state.rows ?? stored).filter((r) => !blank(r))];
  for (let i = 0; i < BLANK_ROWS; i++) rows.push({ weekday: '', startsAt: '', endsAt: '', place: '' });
  const errors = state.errors ?? {};
  const closure = state.closure ?? {};
  const labels: Record<string, string> = { from: t('concierge.hoursEdit.from'), to: t('concierge.hoursEdit.to'), reason: t('concierge.hoursEdit.reason'), date: t('concierge.hoursEdit.date') };
  rows.forEach((_, i) => {
    for (const k of ROW_FIELDS) labels[`hours.${i}.${k}`] = `${t('concierge.hoursEdit.row', { n: i + 1 })} — ${t(`concierge.hoursEdit.${k}`)}`;
  });
  const days = [{ value: '', label: t('concierge.hoursEdit.noDay') }, ...[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: t(`concierge.weekday.${d}`) }))];
  const done = c.req.query('done');
  if (Object.keys(errors).length) c.status(422);
  return c.html(
    <Layout c={c} title={t('concierge.hoursEdit.title')}>
      <h1>{t('concierge.hoursEdit.title')}</h1>
      <Notice c={c} keyName={done && ['hours', 'closed', 'reopened'].includes(done) ? `concierge.hoursEdit.notice.${done}` : undefined} />
      <p>{desk.name}</p>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <h2>{t('concierge.hoursEdit.weekly')}</h2>
      <p class="hint">{t('concierge.hoursEdit.weeklyHint')}</p>
      <PostForm action={BASE} csrf={c.get('csrf')}>
        {rows.map((r, i) => (
          <fieldset>
            <legend>{t('concierge.hoursEdit.row', { n: i + 1 })}</legend>
            <SelectField t={t} name={`hours.${i}.weekday`} label={t('concierge.hoursEdit.weekday')} value={r.weekday} options={days} error={errors[`hours.${i}.weekday`]} />
            <Field t={t} type="time" name={`hours.${i}.startsAt`} label={t('concierge.hoursEdit.startsAt')} hint={t('concierge.hoursEdit.timeHint')} value={r.startsAt} error={errors[`hours.${i}.startsAt`]} />
            <Field t={t} type="time" name={`hours.${i}.endsAt`} label={t('concierge.hoursEdit.endsAt')} hint={t('concierge.hoursEdit.timeHint')} value={r.endsAt} error={errors[`hours.${i}.endsAt`]} />
            <Field t={t} name={`hours.${i}.place`} label={t('concierge.hoursEdit.place')} hint={t('concierge.hoursEdit.placeHint', { place: desk.place })} value={r.place} error={errors[`hours.${i}.place`]} />
            {!blank(r) && <CheckBox name={`hours.${i}.remove`} label={t('concierge.hoursEdit.remove')} checked={r.remove === true} />}
          </fieldset>
        ))}
        <button type="submit">{t('concierge.hoursEdit.saveHours')}</button>
      </PostForm>
      <h2>{t('concierge.hoursEdit.closures')}</h2>
      <ClosureList c={c} closed={data.closed.filter((d) => d.date >= today)} dateError={errors.date} />
      <h3>{t('concierge.hoursEdit.addClosure')}</h3>
      <PostForm action={`${BASE}/closures`} csrf={c.get('csrf')}>
        <Field t={t} type="date" name="from" label={labels.from} value={closure.from ?? ''} error={errors.from} />
        <Field t={t} type="date" name="to" label={labels.to} hint={t('concierge.hoursEdit.toHint')} value={closure.to ?? ''} error={errors.to} />
        <Field t={t} name="reason" label={labels.reason} hint={t('concierge.hoursEdit.reasonHint')} value={closure.reason ?? ''} error={errors.reason} />
        <button type="submit">{t('concierge.hoursEdit.close')}</button>
      </PostForm>
      <p>
        <a href="/concierge/desk">{t('concierge.back')}</a>
      </p>
    </Layout>,
  );
}

function ClosureList(props: { c: Ctx; closed: { date: string; reason: string }[]; dateError?: string }) {
  const { c } = props;
  const t = c.get('t');
  const f = formatters(c.get('locale'));
  if (props.closed.length === 0) return <p>{t('concierge.hoursEdit.noClosures')}</p>;
  return (
    <>
      {props.dateError && (
        <p class="error" id="f-date">
          {t(props.dateError)}
        </p>
      )}
      <TableWrap label={t('concierge.hoursEdit.closures')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('concierge.hoursEdit.date')}</th>
              <th scope="col">{t('concierge.hoursEdit.reason')}</th>
              <th scope="col">{t('concierge.hoursEdit.reopen')}</th>
            </tr>
          </thead>
          <tbody>
            {props.closed.map((d) => {
              const day = f.date(new Date(`${d.date}T12:00:00Z`));
              return (
                <tr>
                  <td>{day}</td>
                  <td>{d.reason}</td>
                  <td>
                    <PostForm action={`${BASE}/closures/remove`} csrf={c.get('csrf')}>
                      <input type="hidden" name="date" value={d.date} />
                      <button type="submit" class="secondary">
                        {t('concierge.hoursEdit.reopenDay', { date: day })}
                      </button>
                    </PostForm>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

/** The weekly lines kept (not blank, not removed), each with its line number on the form; an empty place is the desk's. */
export function keptRows(rows: Row[], desk: Pick<Desk, 'place'>): { hours: Record<string, string>[]; lineOf: number[] } {
  const hours: Record<string, string>[] = [];
  const lineOf: number[] = [];
  rows.forEach((r, i) => {
    if (blank(r) || r.remove) return;
    hours.push({ weekday: r.weekday, startsAt: r.startsAt, endsAt: r.endsAt, place: r.place.trim() === '' ? desk.place : r.place });
    lineOf.push(i);
  });
  return { hours, lineOf };
}

/** Staff of the desk set its weekly office hours and its exceptional closures; residents see them on their concierge page. */
export function registerHoursPages(app: Hono<AppEnv>): void {
  route(app, 'GET', BASE, 'concierge.staff', (c) => hoursPage(c));

  route(app, 'POST', BASE, 'concierge.staff', async (c) => {
    const desk = await deskOr404(c);
    if (!desk) return errorPage(c, 404);
    const rows = rowsOf(await formOf(c));
    const { hours, lineOf } = keptRows(rows, desk);
    const parsed = officeHoursSchema.safeParse({ hours });
    if (!parsed.success) {
      // Errors name the line as the form numbers it; the lines shown are the non-blank ones, in order.
      const shown = rows.map((r, i) => ({ r, i })).filter(({ r }) => !blank(r));
      const errors: Record<string, string> = {};
      for (const [k, v] of Object.entries(pathErrors(parsed.error.issues))) {
        const m = /^hours\.(\d+)\.(\w+)$/.exec(k);
        if (!m) errors.form = v;
        else errors[`hours.${shown.findIndex((s) => s.i === lineOf[Number(m[1])])}.${m[2]}`] = v;
      }
      return hoursPage(c, { rows: shown.map((s) => s.r), errors });
    }
    try {
      await saveOfficeHours(c.get('services').database.db, c.get('actor') as Actor, parsed.data);
      return c.redirect(`${BASE}?done=hours`, 303);
    } catch (e) {
      return failure(c, e, BASE);
    }
  });

  route(app, 'POST', `${BASE}/closures`, 'concierge.staff', async (c) => {
    const form = await formOf(c);
    const parsed = closureSchema.safeParse(form);
    if (!parsed.success) return hoursPage(c, { closure: form, errors: pathErrors(parsed.error.issues) });
    try {
      await addClosure(c.get('services').database.db, c.get('actor') as Actor, parsed.data);
      return c.redirect(`${BASE}?done=closed`, 303);
    } catch (e) {
      if (e instanceof FieldError) return hoursPage(c, { closure: form, errors: { [e.field]: e.key } });
      return failure(c, e, BASE);
    }
  });

  route(app, 'POST', `${BASE}/closures/remove`, 'concierge.staff', async (c) => {
    const parsed = closureRemoveSchema.safeParse(await formOf(c));
    if (!parsed.success) return hoursPage(c, { errors: { date: 'concierge.error.date' } });
    try {
      await removeClosure(c.get('services').database.db, c.get('actor') as Actor, parsed.data.date);
      return c.redirect(`${BASE}?done=reopened`, 303);
    } catch (e) {
      if (e instanceof FieldError) return hoursPage(c, { errors: { [e.field]: e.key } });
      return failure(c, e, BASE);
    }
  });
}
