import type { Context, Hono } from 'hono';
import type { Actor } from '../../../platform/access/actor.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { ErrorSummary, Field, type FieldErrors, fieldErrors, PostForm, SelectField } from '../../../platform/ui/form.js';
import { Layout } from '../../../platform/ui/layout.js';
import { TableWrap } from '../../../platform/ui/table.js';
import { acceptInvitation, attachResidence, createNeighbourhood, detachResidence, inviteLandlord, leaveNeighbourhood } from '../commands/neighbourhoods.js';
import { attachableResidences, findNeighbourhood, invitableLandlords, listNeighbourhoods, type Neighbourhood } from '../queries/neighbourhoods.js';
import { neighbourhoodInput } from '../schemas-neighbourhoods.js';
import { Notice } from '../views/ui.js';
import { formOf, guarded, refused, str } from './respond.js';

const PERM = 'directory.neighbourhoods.manage';

async function renderList(c: Context<AppEnv>, actor: Actor, values: { name: string; city: string }, errors: FieldErrors, status: 200 | 422 = 200) {
  const t = c.get('t');
  const rows = await listNeighbourhoods(c.get('services').database.db, actor);
  c.status(status);
  return c.html(
    <Layout c={c} title={t('directory.neighbourhoods.title')}>
      <h1>{t('directory.neighbourhoods.title')}</h1>
      <p>{t('directory.neighbourhoods.intro')}</p>
      {rows.length === 0 ? (
        <p>{t('directory.neighbourhoods.empty')}</p>
      ) : (
        <TableWrap label={t('directory.neighbourhoods.title')}>
          <table>
            <caption>{t('directory.neighbourhoods.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('directory.neighbourhood.name')}</th>
                <th scope="col">{t('directory.neighbourhood.city')}</th>
                <th scope="col">{t('directory.neighbourhood.landlords')}</th>
                <th scope="col">{t('directory.neighbourhood.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((n) => (
                <tr>
                  <td>
                    <a href={`/admin/neighbourhoods/${n.id}`}>{n.name}</a>
                  </td>
                  <td>{n.city}</td>
                  <td>{n.landlords.map((l) => l.name).join(', ')}</td>
                  <td>{t(n.joined ? 'directory.neighbourhood.member' : 'directory.neighbourhood.invited')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h2>{t('directory.neighbourhoods.create')}</h2>
      <ErrorSummary t={t} errors={errors} labels={{ name: t('directory.neighbourhood.name'), city: t('directory.neighbourhood.city') }} />
      <PostForm action="/admin/neighbourhoods" csrf={c.get('csrf')}>
        <Field t={t} name="name" label={t('directory.neighbourhood.name')} value={values.name} error={errors.name} />
        <Field t={t} name="city" label={t('directory.neighbourhood.city')} value={values.city} error={errors.city} />
        <button type="submit">{t('directory.neighbourhoods.create')}</button>
      </PostForm>
    </Layout>,
  );
}

async function renderDetail(c: Context<AppEnv>, actor: Actor, n: Neighbourhood, errors: FieldErrors, status: 200 | 422 = 200) {
  const t = c.get('t');
  const db = c.get('services').database.db;
  const [residences, landlords] = await Promise.all([n.joined ? attachableResidences(db, actor) : [], n.owned ? invitableLandlords(db, actor, n) : []]);
  const csrf = c.get('csrf');
  const done = c.req.query('done');
  c.status(status);
  return c.html(
    <Layout c={c} title={n.name}>
      <h1>{n.name}</h1>
      {done && <Notice>{t(`directory.neighbourhood.done.${done === 'joined' || done === 'invited' || done === 'detached' ? done : 'attached'}`)}</Notice>}
      <ErrorSummary t={t} errors={errors} labels={{ residence: t('directory.neighbourhood.residence'), landlord: t('directory.neighbourhood.landlord') }} />
      <p>{n.city}</p>
      {!n.joined && (
        <>
          <p>{t('directory.neighbourhood.invitation')}</p>
          <PostForm action={`/admin/neighbourhoods/${n.id}/accept`} csrf={csrf}>
            <button type="submit">{t('directory.neighbourhood.accept')}</button>
          </PostForm>
        </>
      )}
      <h2>{t('directory.neighbourhood.landlords')}</h2>
      <ul>
        {n.landlords.map((l) => (
          <li>
            {l.name} — {t(l.joined ? 'directory.neighbourhood.member' : 'directory.neighbourhood.invited')}
          </li>
        ))}
      </ul>
      <h2>{t('directory.neighbourhood.residences')}</h2>
      {n.residences.length === 0 ? (
        <p>{t('directory.neighbourhood.noResidences')}</p>
      ) : (
        <TableWrap label={t('directory.neighbourhood.residences')}>
          <table>
            <caption>{t('directory.neighbourhood.residences')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('directory.neighbourhood.residence')}</th>
                <th scope="col">{t('directory.neighbourhood.city')}</th>
                <th scope="col">{t('directory.neighbourhood.landlord')}</th>
                <th scope="col">{t('directory.neighbourhood.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {n.residences.map((r) => (
                <tr>
                  <td>{r.own ? <a href={`/admin/residences/${r.id}`}>{r.name}</a> : r.name}</td>
                  <td>{r.city}</td>
                  <td>{r.landlordName}</td>
                  <td>
                    {r.own && (
                      <PostForm action={`/admin/neighbourhoods/${n.id}/residences/${r.id}/detach`} csrf={csrf}>
                        <button type="submit">{t('directory.neighbourhood.detach', { name: r.name })}</button>
                      </PostForm>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {n.joined && (
        <>
          <h2>{t('directory.neighbourhood.attach')}</h2>
          {residences.length === 0 ? (
            <p>{t('directory.neighbourhood.nothingToAttach')}</p>
          ) : (
            <PostForm action={`/admin/neighbourhoods/${n.id}/residences`} csrf={csrf}>
              <SelectField t={t} name="residence" label={t('directory.neighbourhood.residence')} value="" options={residences.map((r) => ({ value: r.id, label: `${r.name} (${r.city})` }))} error={errors.residence} />
              <button type="submit">{t('directory.neighbourhood.attach')}</button>
            </PostForm>
          )}
        </>
      )}
      {n.owned && (
        <>
          <h2>{t('directory.neighbourhood.invite')}</h2>
          <p class="hint">{t('directory.neighbourhood.inviteHint')}</p>
          {landlords.length > 0 && (
            <PostForm action={`/admin/neighbourhoods/${n.id}/invite`} csrf={csrf}>
              <SelectField t={t} name="landlord" label={t('directory.neighbourhood.landlord')} value="" options={landlords.map((l) => ({ value: l.id, label: l.name }))} error={errors.landlord} />
              <button type="submit">{t('directory.neighbourhood.invite')}</button>
            </PostForm>
          )}
        </>
      )}
      {!n.owned && (
        <>
          <h2>{t(n.joined ? 'directory.neighbourhood.leave' : 'directory.neighbourhood.decline')}</h2>
          <p class="hint">{t('directory.neighbourhood.leaveHint')}</p>
          <PostForm action={`/admin/neighbourhoods/${n.id}/leave`} csrf={csrf}>
            <button type="submit">{t(n.joined ? 'directory.neighbourhood.leave' : 'directory.neighbourhood.decline')}</button>
          </PostForm>
        </>
      )}
      <p>
        <a href="/admin/neighbourhoods">{t('directory.neighbourhoods.back')}</a>
      </p>
    </Layout>,
  );
}

/** Loads the neighbourhood named in the URL: one the landlord does not belong to (nor is invited to) is a 404. */
async function load(c: Context<AppEnv>): Promise<{ actor: Actor; n: Neighbourhood } | Response> {
  const actor = c.get('actor');
  if (!actor) return c.notFound();
  const n = await findNeighbourhood(c.get('services').database.db, actor, c.req.param('id') ?? '');
  if (!n) return refused(c, 'not_found');
  if (actor.residenceIds !== null) return refused(c, 'forbidden');
  return { actor, n };
}

/** Neighbourhoods shared across landlords: create, invite, accept, attach and detach one's own residences. */
export function registerNeighbourhoodPages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/admin/neighbourhoods', PERM, (c) => {
    const actor = c.get('actor');
    if (!actor) return c.notFound();
    return renderList(c, actor, { name: '', city: '' }, {});
  });

  route(app, 'POST', '/admin/neighbourhoods', PERM, (c) =>
    guarded(c, async () => {
      const actor = c.get('actor');
      if (!actor) return c.notFound();
      const form = await formOf(c);
      const values = { name: str(form.name), city: str(form.city) };
      const parsed = neighbourhoodInput.safeParse(values);
      if (!parsed.success) return renderList(c, actor, values, fieldErrors(parsed.error.issues), 422);
      const r = await createNeighbourhood(c.get('services').database.db, actor, parsed.data);
      if (!r.ok) return renderList(c, actor, values, r.errors, 422);
      return c.redirect(`/admin/neighbourhoods/${r.id}`, 303);
    }),
  );

  route(app, 'GET', '/admin/neighbourhoods/:id', PERM, async (c) => {
    const found = await load(c);
    if (found instanceof Response) return found;
    return renderDetail(c, found.actor, found.n, {});
  });

  route(app, 'POST', '/admin/neighbourhoods/:id/accept', PERM, (c) =>
    guarded(c, async () => {
      const found = await load(c);
      if (found instanceof Response) return found;
      await acceptInvitation(c.get('services').database.db, found.actor, found.n.id);
      return c.redirect(`/admin/neighbourhoods/${found.n.id}?done=joined`, 303);
    }),
  );

  route(app, 'POST', '/admin/neighbourhoods/:id/leave', PERM, (c) =>
    guarded(c, async () => {
      const found = await load(c);
      if (found instanceof Response) return found;
      if (found.n.owned) return refused(c, 'forbidden');
      await leaveNeighbourhood(c.get('services').database.db, found.actor, found.n.id);
      return c.redirect('/admin/neighbourhoods', 303);
    }),
  );

  route(app, 'POST', '/admin/neighbourhoods/:id/invite', PERM, (c) =>
    guarded(c, async () => {
      const found = await load(c);
      if (found instanceof Response) return found;
      if (!found.n.owned) return refused(c, 'forbidden');
      const form = await formOf(c);
      const r = await inviteLandlord(c.get('services').database.db, found.actor, found.n.id, str(form.landlord));
      if (!r.ok) return renderDetail(c, found.actor, found.n, r.errors, 422);
      return c.redirect(`/admin/neighbourhoods/${found.n.id}?done=invited`, 303);
    }),
  );

  route(app, 'POST', '/admin/neighbourhoods/:id/residences', PERM, (c) =>
    guarded(c, async () => {
      const found = await load(c);
      if (found instanceof Response) return found;
      if (!found.n.joined) return refused(c, 'forbidden');
      const form = await formOf(c);
      const r = await attachResidence(c.get('services').database.db, found.actor, found.n.id, str(form.residence));
      if (!r.ok) return renderDetail(c, found.actor, found.n, r.errors, 422);
      return c.redirect(`/admin/neighbourhoods/${found.n.id}?done=attached`, 303);
    }),
  );

  route(app, 'POST', '/admin/neighbourhoods/:id/residences/:rid/detach', PERM, (c) =>
    guarded(c, async () => {
      const found = await load(c);
      if (found instanceof Response) return found;
      await detachResidence(c.get('services').database.db, found.actor, found.n.id, c.req.param('rid') ?? '');
      return c.redirect(`/admin/neighbourhoods/${found.n.id}?done=detached`, 303);
    }),
  );
}
