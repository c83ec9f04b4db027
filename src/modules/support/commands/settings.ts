import type { Actor } from '../../../platform/access/actor.js';
import { authorize } from '../../../platform/access/authorize.js';
import { audit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { DEFAULT_RETENTION_MONTHS } from '../db/retention.js';
import { RETENTION_ACTIONS, RETENTION_FROM } from '../schemas-programme.js';
import { Abort, asActor, denied, fail, inTransaction, type Result } from './result.js';

/** Bounds of the organisation's default: at least a month, at most ten years. */
export const SETTINGS_RETENTION_MIN = 1;
export const SETTINGS_RETENTION_MAX = 120;
/**
 * The CNIL's ceiling for social support records (référentiel « accompagnement social et médico-social »): kept no
 * longer than 2 years after the last contact with the person. The organisation's default may not go beyond it
 * (counted from the closure too, which comes at or after the last contact); a programme under another legal
 * obligation sets its own period, with its legal basis, on its own page.
 */
export const CNIL_CEILING_MONTHS = 24;

export type RetentionFrom = (typeof RETENTION_FROM)[number];
export type RetentionAction = (typeof RETENTION_ACTIONS)[number];

export type RetentionSettings = {
  /** The default that applies (24 months when the organisation never set one). */
  months: number;
  /** From when the period counts, and what then happens to the case (defaults: last contact, anonymise). */
  from: RetentionFrom;
  action: RetentionAction;
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
    const row = await tx.selectFrom('support_settings').select(['retention_months', 'retention_from', 'retention_action', 'updated_at']).where('organisation_id', '=', actor.orgId as string).executeTakeFirst();
    // Counted as the owner sees programmes: the configuration is not need-to-know, the cases are.
    const following = await tx.selectFrom('support_programmes').select((s) => s.fn.countAll<string>().as('n')).where('retention_months', 'is', null).executeTakeFirstOrThrow();
    return {
      ok: true as const,
      settings: {
        months: row ? Number(row.retention_months) : DEFAULT_RETENTION_MONTHS,
        from: (row?.retention_from as RetentionFrom | undefined) ?? 'last_contact',
        action: (row?.retention_action as RetentionAction | undefined) ?? 'anonymise',
        chosen: Boolean(row), updatedAt: (row?.updated_at as Date | undefined) ?? null, programmesFollowing: Number(following.n) },
    };
  });
}

/** Parses the months as typed in a form or sent as JSON: a whole number within the bounds, else the field's error. */
export function parseRetentionMonths(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d{1,4}\s*$/.test(v) ? Number(v) : Number.NaN;
  return Number.isInteger(n) && n >= SETTINGS_RETENTION_MIN && n <= SETTINGS_RETENTION_MAX ? n : null;
}

export type RetentionRuleInput = { retentionMonths: unknown; retentionFrom?: unknown; retentionAction?: unknown };

/** Checks the whole rule at once, each field its own error: bounds, the CNIL ceiling, a known starting point and action. */
export function parseRetentionRule(input: RetentionRuleInput, current: { from: RetentionFrom; action: RetentionAction }): { months: number; from: RetentionFrom; action: RetentionAction } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const months = parseRetentionMonths(input.retentionMonths);
  if (months === null) errors.retentionMonths = 'support.settings.retentionRange';
  else if (months > CNIL_CEILING_MONTHS) errors.retentionMonths = 'support.settings.retentionCeiling';
  // Left out (an older client sending the period only), the starting point and action stay as they are.
  const from = input.retentionFrom === undefined || input.retentionFrom === null ? current.from : input.retentionFrom;
  const action = input.retentionAction === undefined || input.retentionAction === null ? current.action : input.retentionAction;
  if (!(RETENTION_FROM as readonly unknown[]).includes(from)) errors.retentionFrom = 'support.settings.retentionFromInvalid';
  if (!(RETENTION_ACTIONS as readonly unknown[]).includes(action)) errors.retentionAction = 'support.settings.retentionActionInvalid';
  if (Object.keys(errors).length || months === null) return { errors };
  return { months, from: from as RetentionFrom, action: action as RetentionAction };
}

/**
 * Sets the organisation's default retention rule — months after the last contact or the closure, then anonymise or
 * delete — for programmes with no period of their own; the nightly `support.retention` job applies it. Audited with
 * the old and new values. Nothing is written when a field is wrong.
 */
export async function setRetentionDefault(db: Db, actor: Actor, input: RetentionRuleInput): Promise<Result<{ months: number; from: RetentionFrom; action: RetentionAction }>> {
  const d = authorize(actor, 'support.settings.manage');
  if (d !== 'allow') return denied(d);
  return inTransaction(db, actor, async (tx) => {
    const before = await tx
      .selectFrom('support_settings')
      .select(['retention_months', 'retention_from', 'retention_action'])
      .where('organisation_id', '=', actor.orgId as string)
      .forUpdate()
      .executeTakeFirst();
    const current = { from: (before?.retention_from as RetentionFrom | undefined) ?? 'last_contact', action: (before?.retention_action as RetentionAction | undefined) ?? 'anonymise' };
    const rule = parseRetentionRule(input, current);
    if ('errors' in rule) throw new Abort(fail(422, rule.errors));
    const values = { retention_months: rule.months, retention_from: rule.from, retention_action: rule.action, updated_by: actor.userId };
    await tx
      .insertInto('support_settings')
      .values({ organisation_id: actor.orgId, ...values })
      .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ ...values, updated_at: new Date() }))
      .execute();
    await audit(tx, {
      action: 'support.settings.retention',
      actor,
      targetType: 'organisation',
      targetId: actor.orgId as string,
      details: {
        from: before ? Number(before.retention_months) : null,
        to: rule.months,
        ...(current.from !== rule.from ? { startFrom: current.from, startTo: rule.from } : {}),
        ...(current.action !== rule.action ? { actionFrom: current.action, actionTo: rule.action } : {}),
      },
    });
    return { ok: true, ...rule };
  });
}
