import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, demo, testApp } from '../../../test/app.js';
import type { Actor } from '../../platform/access/actor.js';
import { attachSpaceTemplate } from './commands/practice-space.js';
import { createPractice } from './commands/practices.js';

let t: Awaited<ReturnType<typeof testApp>>;
const org = new Map<string, string>();
const q = async (text: string, values: unknown[] = []) => (await t.database.owner.query(text, values)).rows;
let someUser: string;
let sheet: string;
let sotteville: string;
let pm: Client;
let plurialPlace: string;

const staffOf = (slug: string): Actor => ({ kind: 'user', userId: someUser, displayName: 'Test', locale: 'fr', orgId: org.get(slug) as string, roles: ['programme_manager'], residenceIds: null, householdId: null, actingFor: null, tokenScopes: null });

beforeAll(async () => {
  t = await testApp();
  for (const o of await t.database.db.selectFrom('organisations').select(['id', 'slug']).execute()) org.set(o.slug as string, o.id as string);
  someUser = (await q('select id from users where email = $1', [demo('programme_manager')]))[0].id;
  const network = org.get('ar-hlm-paca') as string;
  // Logirep, which runs the Sotteville coworking, and Plurial Novilia both join the club for this test.
  for (const slug of ['logirep', 'plurial-novilia']) await q('insert into network_memberships (network_id, member_id) values ($1, $2)', [network, org.get(slug)]);
  sotteville = (await q("select id from spaces where name = 'Coworking solidaire de Sotteville'"))[0].id;
  sheet = await createPractice(t.database.db, staffOf('logirep'), {
    title: 'Un coworking solidaire en pied d’immeuble',
    problem: 'Des habitants éloignés de l’emploi sans lieu pour travailler au calme.',
    audience: '',
    partners: '',
    means: '',
    cost: null,
    results: '',
    difficulties: '',
    contact: 'innovation@logirep.example',
    residenceKind: null,
    tags: ['coworking'],
    network,
  });
  expect(await attachSpaceTemplate(t.database.db, staffOf('logirep'), sheet, sotteville)).toEqual({});
  plurialPlace = (await q("select id from common_places where organisation_id = $1 and name not in (select s.name from spaces s) order by name limit 1", [org.get('plurial-novilia')]))[0]?.id;
  if (!plurialPlace) plurialPlace = (await q(`insert into common_places (organisation_id, residence_id, kind, name) select organisation_id, id, 'coworking', 'Local du rez-de-chaussée' from residences where organisation_id = $1 order by name limit 1 returning id`, [org.get('plurial-novilia')]))[0].id;
  pm = t.client();
  await pm.signIn(demo('programme_manager'));
});

describe('a practice sheet carries a space configuration another landlord builds its own space from', () => {
  it('shows the attached configuration — no booking, no person — and the form to build from it', async () => {
    const stored = (await q('select space_template, space_template_name from impact_practices where id = $1', [sheet]))[0];
    expect(stored.space_template_name).toBe('Coworking solidaire de Sotteville');
    expect(stored.space_template.values.kind).toBe('coworking');
    expect(stored.space_template.values).not.toHaveProperty('commonPlaceId');
    expect(stored.space_template.resources).toEqual([expect.objectContaining({ kind: 'seats', units: '6' })]);
    const html = await (await pm.get(`/impact/practices/${sheet}`)).text();
    expect(html).toContain('Coworking solidaire de Sotteville : Coworking');
    expect(html).toContain(`action="/impact/practices/${sheet}/space"`);
    // Plurial is not the author: it cannot attach one of its spaces to Logirep's sheet.
    expect(html).not.toContain(`action="/impact/practices/${sheet}/template"`);
    expect((await pm.post(`/impact/practices/${sheet}/template`, { spaceId: '' })).status).toBe(404);
  });

  it('creates the space at the landlord’s own place, closed to bookings, with the model’s rules, hours and resources; audited', async () => {
    const res = await pm.post(`/impact/practices/${sheet}/space`, { commonPlaceId: plurialPlace, name: 'Coworking de Plurial' });
    expect(res.status).toBe(303);
    const spaceId = /\/staff\/spaces\/([0-9a-f-]{36})\/settings$/.exec(res.headers.get('location') ?? '')?.[1];
    const made = (await q('select organisation_id, kind, active, slot_minutes, horizon_days, max_minutes from spaces where id = $1', [spaceId]))[0];
    const model = (await q('select slot_minutes, horizon_days, max_minutes from spaces where id = $1', [sotteville]))[0];
    expect(made).toEqual({ organisation_id: org.get('plurial-novilia'), kind: 'coworking', active: false, ...model });
    const hours = (id: string) => q("select weekday, opens::text, closes::text from space_hours where space_id = $1 and resource_id is null order by weekday, opens", [id]);
    expect(await hours(spaceId as string)).toEqual(await hours(sotteville));
    expect(await q('select kind, units, organisation_id from space_resources where space_id = $1', [spaceId])).toEqual([{ kind: 'seats', units: 6, organisation_id: org.get('plurial-novilia') }]);
    expect((await q("select count(*)::int as n from audit_events where action = 'impact.practice.space_created'"))[0].n).toBe(1);
    expect(await q('select count(*)::int as n from space_bookings where space_id = $1', [spaceId])).toEqual([{ n: 0 }]);
  });

  it('refuses, field by field and writing nothing, a missing or foreign place and a name already used there', async () => {
    const count = async () => (await q('select count(*)::int as n from spaces'))[0].n;
    const before = await count();
    const empty = await pm.post(`/impact/practices/${sheet}/space`, { commonPlaceId: '', name: 'Autre' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toMatch(/id="f-commonPlaceId-error"/);
    const foreign = (await q('select common_place_id from spaces where id = $1', [sotteville]))[0].common_place_id;
    expect((await pm.post(`/impact/practices/${sheet}/space`, { commonPlaceId: foreign, name: 'Volé' })).status).toBe(422);
    const twice = await pm.post(`/impact/practices/${sheet}/space`, { commonPlaceId: plurialPlace, name: 'Coworking de Plurial' });
    expect(twice.status).toBe(422);
    expect(await twice.text()).toMatch(/id="f-name-error"/);
    expect(await count()).toBe(before);
  });

  it('reads a tampered model as a form would: out-of-range rules are refused, unknown keys ignored', async () => {
    await q(`update impact_practices set space_template = jsonb_set(jsonb_set(space_template, '{values,slotMinutes}', '"7"'), '{values,organisation_id}', '"x"') where id = $1`, [sheet]);
    const before = (await q('select count(*)::int as n from spaces'))[0].n;
    const res = await pm.post(`/impact/practices/${sheet}/space`, { commonPlaceId: plurialPlace, name: 'Encore un' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('id="f-template-error"');
    expect((await q('select count(*)::int as n from spaces'))[0].n).toBe(before);
  });

  it('answers 404 for a sheet the landlord may not read, and lets the author attach only its own spaces', async () => {
    const hidden = await createPractice(t.database.db, staffOf('logirep'), { title: 'Fiche privée', problem: 'Un problème décrit en détail.', audience: '', partners: '', means: '', cost: null, results: '', difficulties: '', contact: 'x@logirep.example', residenceKind: null, tags: [], network: '' });
    await attachSpaceTemplate(t.database.db, staffOf('logirep'), hidden, sotteville);
    expect((await pm.post(`/impact/practices/${hidden}/space`, { commonPlaceId: plurialPlace, name: 'Non' })).status).toBe(404);
    expect(await attachSpaceTemplate(t.database.db, staffOf('logirep'), sheet, (await q("select id from spaces where organisation_id = $1 limit 1", [org.get('plurial-novilia')]))[0].id)).toEqual({ error: 'impact.practice.error.space' });
  });
});
