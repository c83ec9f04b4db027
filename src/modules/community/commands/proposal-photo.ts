import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { checkUpload, removeStoredFile, storeFile } from '../../../platform/files/index.js';
import { ensure, Invalid, notFound, parseInput } from '../errors.js';
import { asResident, audienceDecision, householdOf, P } from '../policy.js';
import { proposalPhotoInput } from '../schemas.js';
import { PHOTO_ERRORS, PHOTO_LIMITS, type Upload } from './event-report.js';
import { findProposal } from './proposal-rows.js';

/**
 * Adds the photo of the place to a proposal already made (the API's way; the page sends it with the
 * proposal). The same checks as the page: JPEG or PNG by their bytes, 5 MB; here the description read
 * to people who cannot see the image is required. Only the author's household, or staff of the
 * process's scope, may add it; one photo per proposal (409 after); a hidden proposal is not found.
 */
export async function attachProposalPhoto(db: Db, actor: Actor, proposalId: string, raw: unknown, upload: Upload, dataDir: string): Promise<void> {
  ensure(authorize(actor, P.propose));
  const stored: { key: string | null } = { key: null };
  try {
    await withTenant(db, { orgId: actor.orgId }, async (tx) => {
      const p = (await findProposal(tx, proposalId, true)) ?? notFound();
      if (p.hidden_at) notFound();
      ensure(await audienceDecision(tx, actor, P.propose, p));
      if (asResident(actor)) {
        const author = await tx.selectFrom('community_proposals').select('author_household_id').where('id', '=', p.id).executeTakeFirstOrThrow();
        if (!author.author_household_id || author.author_household_id !== householdOf(actor)) ensure('forbidden');
      } else ensure(authorize(actor, P.propose, { organisationId: p.organisation_id, residenceId: p.residence_id }));
      // The body is read only once the proposal is known to be the actor's to touch: another
      // organisation's id answers 404 whatever was sent, as every route does.
      const input = parseInput(proposalPhotoInput, raw);
      if (!upload) throw new Invalid({ photo: 'community.proposalPhoto.missing' });
      const checked = checkUpload(upload.bytes, upload.name, PHOTO_LIMITS);
      if (!checked.ok) throw new Invalid({ photo: PHOTO_ERRORS[checked.error] });
      const existing = await tx.selectFrom('community_proposal_photos').select('id').where('proposal_id', '=', p.id).executeTakeFirst();
      if (existing) throw new Invalid({ photo: 'community.proposalPhoto.already' }, 409);
      stored.key = await storeFile(dataDir, 'community', upload.bytes);
      await tx
        .insertInto('community_proposal_photos')
        .values({ organisation_id: p.organisation_id, proposal_id: p.id, storage_key: stored.key, media_type: checked.mediaType, size_bytes: upload.bytes.byteLength, caption: input.caption, added_by: actor.userId })
        .execute();
      await audit(tx, { action: 'community.proposal.photo', actor, targetType: 'community_proposal', targetId: p.id, details: { mediaType: checked.mediaType } });
    });
  } catch (e) {
    if (stored.key) await removeStoredFile(dataDir, stored.key);
    throw e;
  }
}
