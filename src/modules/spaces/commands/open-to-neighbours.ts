import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { neighbourhoodOfResidence } from '../../directory/index.js';
import { SpacesError } from '../errors.js';
import { withStaffSpace } from '../queries/staff-space.js';

export type NeighbourSetting = { open: boolean; neighbourhood: { id: string; name: string; city: string } | null };

/** Whether a space is open to the neighbourhood, and the neighbourhood its residence belongs to (if any). */
export async function neighbourSetting(db: Db, actor: Actor, spaceId: string): Promise<NeighbourSetting> {
  return withStaffSpace(db, actor, spaceId, async (tx, space) => {
    const row = await tx.selectFrom('spaces').select('open_to_neighbours').where('id', '=', space.id).executeTakeFirstOrThrow();
    return { open: row.open_to_neighbours as boolean, neighbourhood: await neighbourhoodOfResidence(tx, space.residenceId) };
  });
}

/**
 * A programme manager opens a space to the residents of the other landlords of its residence's
 * neighbourhood, or closes it again (bookings already made are kept). Opening needs a neighbourhood (422).
 */
export async function setOpenToNeighbours(db: Db, actor: Actor, spaceId: string, open: boolean): Promise<void> {
  await withStaffSpace(db, actor, spaceId, async (tx, space) => {
    if (authorize(actor, 'spaces.configure', { organisationId: space.organisationId, residenceId: space.residenceId }) !== 'allow') throw new SpacesError(403, 'error.403.title');
    if (open && !(await neighbourhoodOfResidence(tx, space.residenceId))) throw new SpacesError(422, 'spaces.neighbours.error.noNeighbourhood', 'open');
    await tx.updateTable('spaces').set({ open_to_neighbours: open }).where('id', '=', space.id).execute();
    await audit(tx, { action: 'spaces.space.neighbours', actor, targetType: 'space', targetId: space.id, details: { open } });
  });
}
