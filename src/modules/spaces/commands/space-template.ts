import type { Actor } from '../../../platform/access/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { hourFields, RESOURCE_RULE_FIELDS, resourceInput, WEEKDAYS } from '../config-schemas.js';
import { listSpaces } from '../db/spaces-db.js';
import { SpacesError } from '../errors.js';
import { PERMISSIONS, requirePermission } from '../policy.js';
import { spaceSettings } from '../queries/space-settings.js';
import { parseSpaceValues, TEXT_FIELDS } from '../routes/config-pages.js';
import { addResource } from './save-resource.js';
import { createSpace } from './save-space.js';

/**
 * A space's configuration without its place, name, bookings or people: the form's values (kind, rules,
 * quotas, hours) and its resources (kind, name, places, capacity). Another landlord can build its own
 * space from it ("duplicate the model"), through the same checks as the "new space" form.
 */
export type SpaceTemplate = { values: Record<string, string>; resources: { kind: string; name: string; units: string; peopleCapacity: string }[] };

/** The form fields a template carries: everything but where the space is, its name and whether it is open. */
const TEMPLATE_FIELDS = [...TEXT_FIELDS.filter((f) => !['commonPlaceId', 'name', 'active'].includes(f)), ...WEEKDAYS.flatMap((d) => [...hourFields(d)])];
const MAX_RESOURCES = 50;
/** A resource built from a model keeps the space's rules: every rule of its own left empty, as on the form. */
const AS_THE_SPACE = Object.fromEntries([...RESOURCE_RULE_FIELDS, 'holidaysClosed', 'approvalRequired', 'ownHours'].map((f) => [f, '']));

/** The spaces whose configuration the actor may share (those of its residences). */
export async function templateSources(db: Db, actor: Actor): Promise<{ id: string; name: string; kind: string }[]> {
  const orgId = requirePermission(actor, PERMISSIONS.configure);
  return withTenant(db, { orgId }, async (tx) => (await listSpaces(tx, { residenceIds: actor.residenceIds })).map((s) => ({ id: s.id, name: s.name, kind: s.kind })));
}

/** The template of one of the actor's spaces (configure permission on it, else 404). */
export async function spaceTemplate(db: Db, actor: Actor, spaceId: string): Promise<SpaceTemplate> {
  const s = await spaceSettings(db, actor, spaceId);
  const values = Object.fromEntries(TEMPLATE_FIELDS.map((f) => [f, s.values[f] ?? '']));
  const resources = s.resources.filter((r) => r.active).map((r) => ({ kind: r.kind, name: r.name, units: String(r.units), peopleCapacity: r.peopleCapacity === null ? '' : String(r.peopleCapacity) }));
  return { values, resources };
}

/** Only the known fields, as strings: a template is another organisation's JSON and is read as a form would be. */
function asForm(raw: unknown, fields: readonly string[]): Record<string, string> {
  const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  return Object.fromEntries(fields.map((f) => [f, typeof o[f] === 'string' || typeof o[f] === 'number' ? String(o[f]) : '']));
}

export type FromTemplateResult = { spaceId: string } | { errors: Record<string, string> };

/**
 * Creates a space at one of the actor's common places from a template, switched off so the manager
 * checks it before residents can book, with the template's resources. Every part is checked before
 * anything is written; a template that no longer passes the form's rules is refused with the field.
 */
export async function createSpaceFromTemplate(db: Db, actor: Actor, where: { commonPlaceId: string; name: string }, template: unknown): Promise<FromTemplateResult> {
  const t = template && typeof template === 'object' ? (template as Record<string, unknown>) : {};
  const values = { ...asForm(t.values, TEMPLATE_FIELDS), commonPlaceId: where.commonPlaceId, name: where.name, active: '' };
  const space = parseSpaceValues(values);
  if (!space.input) return { errors: space.errors };
  const rawResources = Array.isArray(t.resources) ? t.resources.slice(0, MAX_RESOURCES) : [];
  const resources = [];
  for (const r of rawResources) {
    const parsed = resourceInput.safeParse({ ...AS_THE_SPACE, ...asForm(r, ['kind', 'name', 'units', 'peopleCapacity']) });
    if (!parsed.success) return { errors: { resources: 'spaces.template.error.resource' } };
    resources.push(parsed.data);
  }
  if (new Set(resources.map((r) => r.name)).size !== resources.length) return { errors: { resources: 'spaces.template.error.resource' } };
  try {
    const spaceId = await createSpace(db, actor, space.input);
    for (const r of resources) await addResource(db, actor, spaceId, r);
    return { spaceId };
  } catch (e) {
    if (e instanceof SpacesError && e.status === 422) return { errors: { [e.field ?? 'commonPlaceId']: e.code } };
    throw e;
  }
}
