import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { HttpError } from '../../../platform/http/errors.js';
import { residencePlace } from '../queries/nearby.js';
import type { NearbyInput } from '../schemas.js';

/** Staff add a place near a residence of their organisation (and of their scope). */
export async function addNearbyService(db: Db, actor: Actor, residenceId: string, input: NearbyInput): Promise<void> {
  await withTenant(db, { orgId: actor.orgId }, async (tx) => {
    const place = await residencePlace(tx, residenceId);
    if (!place) throw new HttpError(404);
    const d = authorize(actor, 'impact.around.manage', {
      organisationId: actor.orgId as string,
      residenceId,
    });
    if (d !== 'allow') throw new HttpError(d === 'not_found' ? 404 : 403);
    const row = await tx
      .insertInto('impact_nearby_services')
      .values({
        organisation_id: actor.orgId,
        residence_id: residenceId,
        category: input.category,
        name: input.name,
        address: input.address,
        latitude: input.latitude,
        longitude: input.longitude,
        opening_hours: input.openingHours,
        accessibility: input.accessibility,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, {
      action: 'impact.nearby.added',
      actor,
      targetType: 'impact_nearby_service',
      targetId: row.id as string,
      details: { residence: residenceId, category: input.category },
    });
  });
}
