import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { DEFAULT_RETENTION_MONTHS } from '../db/retention.js';
import { asActor, denied, fail, inTransaction, type Result } from './result.js';

/** Bounds of the organisation's default: at least a month, at most ten years. */
export const SETTINGS_RETENTION_MIN = 1;
export const SETTINGS_RETENTION_MAX = 120;

export type RetentionSettings = {
  /** The default that applies (24 months when the organisation never set one). */
  months: number;
  /** Whether the organisation chose it (false: the built-in 24 months). */
  chosen: boolean;
  updatedAt: Date | null;
  /** Programmes following the default (no period of their own). */
  programmesFollowing: number;
};

/** The organisation's default retention for support cases, and how many programmes follow it. */
export async function readRetentionSettings(db: Db, actor: Actor): Promise<Result<{ settings: RetentionSettings }>> {
  const d = authorize(actor, 'support.settings.manage');
  if (d !== 'allow') return denied(d);
  return asActor(db, actor, async (tx) => {
    const row = await tx.selectFrom('support_settings').select(['retention_months', 'updated_at']).where('organisation_id', '=', actor.orgId as string).executeTakeFirst();
    // Counted as the owner sees programmes: the configuration is not need-to-know, the cases are.
    const following = await tx.selectFrom('support_programmes').select((s) => s.fn.countAll<string>().as('n')).where('retention_months', 'is', null).executeTakeFirstOrThrow();
    return {
      ok: true as const,
      settings: { months: row ? Number(row.retention_months) : DEFAULT_RETENTION_MONTHS, chosen: Boolean(row), updatedAt: (row?.updated_at as Date | undefined) ?? null, programmesFollowing: Number(following.n) },
    };
  });
}

/** Parses the months as typed in a form or sent as JSON: a whole number within the bounds, else the field's error. */
export function parseRetentionMonths(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d{1,4}\s*$/.test(v) ? Number(v) : Number.NaN;
  return Number.isInteger(n) && n >= SETTINGS_RETENTION_MIN && n <= SETTINGS_RETENTION_MAX ? n : null;
}

/**
 * Sets the organisation's default retention (months after the last contact, or the closure, as each programme
 * says) for programmes with no period of their own; the nightly `support.retention` job applies it. Audited with
 * the old and new values.
 */
export async function setRetentionDefault(db: Db, actor: Actor, value: unknown): Promise<Result<{ months: number }>> {
  const d = authorize(actor, 'support.settings.manage');
  if (d !== 'allow') return denied(d);
  const months = parseRetentionMonths(value);
  if (months === null) return fail(422, { retentionMonths: 'support.settings.retentionRange' });
  return inTransaction(db, actor, async (tx) => {
    const before = await tx.selectFrom('support_settings').select('retention_months').where('organisation_id', '=', actor.orgId as string).forUpdate().executeTakeFirst();
    await tx
      .insertInto('support_settings')
      .values({ organisation_id: actor.orgId, retention_months: months, updated_by: actor.userId })
      .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ retention_months: months, updated_by: actor.userId, updated_at: new Date() }))
      .execute();
    await audit(tx, {
      action: 'support.settings.retention',
      actor,
      targetType: 'organisation',
      targetId: actor.orgId as string,
      details: { from: before ? Number(before.retention_months) : null, to: months },
    });
    return { ok: true, months };
  });
}
