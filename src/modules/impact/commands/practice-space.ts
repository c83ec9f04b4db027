import { z } from 'zod';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { HttpError } from '../../../platform/http/errors.js';
import { createSpaceFromTemplate, type FromTemplateResult, spaceTemplate } from '../../spaces/index.js';
import { getPractice, type Practice } from '../queries/practices.js';

const uuid = z.string().uuid();

/** A sheet the actor's organisation may read, else 404 (checked before anything in the form is read). */
async function visiblePractice(db: Db, actor: Actor, id: string): Promise<Practice> {
  const s = uuid.safeParse(id).success ? await getPractice(db, actor, id) : null;
  if (!s) throw new HttpError(404);
  return s;
}

/** Refusals from the spaces module carry their status; anything else is not ours to explain. */
const statusOf = (e: unknown): number | undefined => (e && typeof e === 'object' && 'status' in e ? Number((e as { status: unknown }).status) : undefined);

/**
 * Attaches the configuration of one of the organisation's spaces to its own sheet (or removes it with
 * `spaceId` null). Another organisation's sheet → 404; a space the actor may not configure → a field
 * error on `spaceId`. Audited.
 */
export async function attachSpaceTemplate(db: Db, actor: Actor, practiceId: string, spaceId: string | null): Promise<{ error?: string }> {
  const sheet = await visiblePractice(db, actor, practiceId);
  if (!sheet.own || authorize(actor, 'impact.practices.write') !== 'allow') throw new HttpError(404);
  let template: unknown = null;
  let name: string | null = null;
  if (spaceId !== null) {
    if (authorize(actor, 'spaces.configure') !== 'allow') throw new HttpError(403);
    if (!uuid.safeParse(spaceId).success) return { error: 'impact.practice.error.space' };
    try {
      template = await spaceTemplate(db, actor, spaceId);
    } catch (e) {
      if (statusOf(e) === 404 || statusOf(e) === 403) return { error: 'impact.practice.error.space' };
      throw e;
    }
    name = await withTenant(db, { orgId: actor.orgId }, async (tx) => ((await tx.selectFrom('spaces').select('name').where('id', '=', spaceId).executeTakeFirst())?.name as string | undefined) ?? null);
  }
  await withTenant(db, { orgId: actor.orgId, userId: actor.userId }, async (tx) => {
    await tx
      .updateTable('impact_practices')
      .set({ space_template: template === null ? null : JSON.stringify(template), space_template_name: name })
      .where('id', '=', sheet.id)
      .where('organisation_id', '=', actor.orgId)
      .execute();
    await audit(tx, { action: 'impact.practice.space_template', actor, targetType: 'impact_practice', targetId: sheet.id, details: { spaceId } });
  });
  return {};
}

/**
 * Builds a space of the actor's organisation from the configuration a sheet carries, at one of its
 * common places, switched off until the manager opens it. A sheet without one → 404. Audited.
 */
export async function spaceFromPractice(db: Db, actor: Actor, practiceId: string, where: { commonPlaceId: string; name: string }): Promise<FromTemplateResult> {
  const sheet = await visiblePractice(db, actor, practiceId);
  if (!sheet.spaceTemplate) throw new HttpError(404);
  if (authorize(actor, 'spaces.configure') !== 'allow') throw new HttpError(403);
  const made = await createSpaceFromTemplate(db, actor, where, sheet.spaceTemplate);
  if ('spaceId' in made)
    await withTenant(db, { orgId: actor.orgId, userId: actor.userId }, (tx) =>
      audit(tx, { action: 'impact.practice.space_created', actor, targetType: 'impact_practice', targetId: sheet.id, details: { spaceId: made.spaceId } }),
    );
  return made;
}
