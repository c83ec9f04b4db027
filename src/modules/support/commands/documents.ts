import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { checkUpload, type FileKind, readStoredFile, removeStoredFile, storeFile } from '../../../platform/files/index.js';
import { caseAccess, caseById } from '../db/cases.js';
import { canReadCase } from '../policy.js';
import { caseForWrite } from './case-actions.js';
import { Abort, denied, fail, inTransaction, isUuid, type Result } from './result.js';

/** What a case may hold: scans and PDFs of supporting documents, 5 MB each. */
export const DOCUMENT_LIMITS = { maxBytes: 5 * 1024 * 1024, kinds: ['pdf', 'png', 'jpeg'] as readonly FileKind[] };
const ERRORS = { empty: 'support.document.empty', too_large: 'support.document.tooLarge', type: 'support.document.type' } as const;

/**
 * Adds a document to a case the actor may write on. The bytes are checked (kind by magic bytes,
 * size) and stored outside any served folder; if the row cannot be written the file is removed.
 */
export async function uploadDocument(db: Db, actor: Actor, dataDir: string, caseId: string, file: { name: string; bytes: Uint8Array } | null): Promise<Result<{ documentId: string }>> {
  if (!file) return fail(422, { document: 'support.document.empty' });
  const checked = checkUpload(file.bytes, file.name, DOCUMENT_LIMITS);
  // The case is checked before the file is even looked at, so a stranger learns nothing from the answer.
  const stored: { key: string | null } = { key: null };
  const r = await inTransaction(db, actor, async (tx) => {
    const row = await caseForWrite(tx, actor, caseId);
    if (row.status !== 'open') throw new Abort(fail(409, { document: 'support.transition.refused' }));
    if (!checked.ok) throw new Abort(fail(422, { document: ERRORS[checked.error] }));
    stored.key = await storeFile(dataDir, 'support', file.bytes);
    const documentId = randomUUID();
    await tx
      .insertInto('support_case_documents')
      .values({
        id: documentId,
        organisation_id: row.organisation_id,
        case_id: caseId,
        file_name: checked.fileName,
        media_type: checked.mediaType,
        size_bytes: file.bytes.byteLength,
        storage_key: stored.key,
        uploaded_by: actor.userId,
      })
      .execute();
    // The file's name may say something about the person: it stays out of the trail.
    await audit(tx, {
      action: 'support.case.document.upload',
      actor,
      targetType: 'support_case',
      targetId: caseId,
      details: { document: documentId, kind: checked.kind, bytes: file.bytes.byteLength },
    });
    return { ok: true, documentId };
  }).catch(async (e) => {
    if (stored.key) await removeStoredFile(dataDir, stored.key);
    throw e;
  });
  if (!r.ok && stored.key) await removeStoredFile(dataDir, stored.key);
  return r;
}

export type DocumentDownload = { fileName: string; mediaType: string; bytes: Uint8Array };

/** A case's document for someone who needs to know the case; every download is in the audit trail. */
export async function downloadDocument(db: Db, actor: Actor, dataDir: string, caseId: string, documentId: string): Promise<Result<{ file: DocumentDownload }>> {
  const d = authorize(actor, 'support.cases.read');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    const row = await caseById(tx, caseId);
    if (!row || !isUuid(documentId)) throw new Abort(fail(404));
    const decision = canReadCase(actor, await caseAccess(tx, row));
    if (decision !== 'allow') throw new Abort(denied(decision));
    const doc = await tx.selectFrom('support_case_documents').select(['file_name', 'media_type', 'storage_key']).where('id', '=', documentId).where('case_id', '=', caseId).executeTakeFirst();
    if (!doc) throw new Abort(fail(404));
    const bytes = await readStoredFile(dataDir, doc.storage_key as string);
    if (!bytes) throw new Abort(fail(404));
    await audit(tx, { action: 'support.case.document.download', actor, targetType: 'support_case', targetId: caseId, details: { document: documentId } });
    return { ok: true, file: { fileName: doc.file_name as string, mediaType: doc.media_type as string, bytes } };
  });
}
