import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { fieldErrors } from '../../../platform/ui/form.js';
import { addCredit } from '../commands/fund-actions.js';
import { createGroupCommitment, groupFormOptions, joinGroupCommitment } from '../commands/group-quotas.js';
import { allocatePlace, createQuota, quotaAllocations, quotaOverview, setAllocationDwelling } from '../commands/quotas.js';
import type { Result } from '../commands/result.js';
import { generateSessions } from '../commands/sessions.js';
import { programmeOverview } from '../queries/overview.js';
import { ProgrammesPage } from '../views/programmes-page.js';
import { PartnerCommitmentsPage } from '../views/proposals.js';
import { PartnerContactPage } from '../views/partner-contact.js';
import { partnerContact, setPartnerContact } from '../commands/partner-contact.js';
import { answerProposal, landlordProposals, partnerCommitments, proposeApplicant, restoreProposal, withdrawProposal } from '../commands/proposals.js';
import { registerProgrammeForm } from './programme-form.js';
import { ctx, formValues, param, refusal } from './respond.js';

const year = z.coerce.number({ message: 'support.quota.yearRange' }).int('support.quota.yearRange').min(2020, 'support.quota.yearRange').max(2100, 'support.quota.yearRange');
const places = z.coerce.number({ message: 'support.quota.placesRange' }).int('support.quota.placesRange').min(1, 'support.quota.placesRange').max(10000, 'support.quota.placesRange');
const label = z.string().trim().min(1, 'form.required').max(200, 'support.form.tooLong');
const quotaForm = z.object({ qPartner: z.string().uuid('form.required'), qLabel: label, qYear: year, qPlaces: places });
const groupForm = z.object({ gPartner: z.string().uuid('form.required'), gLabel: label, gYear: year, gPlaces: places, gMembers: z.array(z.string()).min(1, 'support.group.noMember') });
const joinForm = z.object({ jQuota: z.string().uuid('form.required'), jGroup: z.string().uuid('form.required') });

/** The commands' field names, as the programmes page's forms name them. */
const rename = (r: Result<object>, names: Record<string, string>): Result<object> => (r.ok ? r : { ...r, errors: Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [names[k] ?? k, v])) });

const dwellingRef = z.string().trim().max(60, 'support.form.tooLong');
const allocateForm = z.object({ quotaId: z.string().uuid('form.required'), applicantRef: z.string().trim().min(1, 'form.required').max(60, 'support.form.tooLong'), dwellingRef: dwellingRef.default('') });

async function page(c: Context<AppEnv>, errors: Record<string, string> = {}, values: Record<string, string> = {}) {
  const { db, actor } = ctx(c);
  const programmes = await programmeOverview(db, actor);
  const quotas = await quotaOverview(db, actor);
  const options = await groupFormOptions(db, actor);
  const proposals = await landlordProposals(db, actor);
  const allocations = await quotaAllocations(db, actor);
  if (!proposals.ok) return refusal(c, proposals);
  if (!allocations.ok) return refusal(c, allocations);
  if (!programmes.ok) return refusal(c, programmes);
  if (!quotas.ok) return refusal(c, quotas);
  if (!options.ok) return refusal(c, options);
  return c.html(<ProgrammesPage c={c} programmes={programmes.programmes} quotas={quotas.quotas} groupOptions={options.options} proposals={proposals.proposals} allocations={allocations.allocations} errors={errors} values={values} />);
}

const proposalForm = z.object({
  quotaId: z.string().uuid('form.required'),
  applicantRef: z.string().trim().min(1, 'form.required').max(60, 'support.form.tooLong'),
  householdSize: z.coerce.number({ message: 'support.proposal.sizeRange' }).int('support.proposal.sizeRange').min(1, 'support.proposal.sizeRange').max(20, 'support.proposal.sizeRange'),
  need: z.string().trim().max(300, 'support.form.tooLong').default(''),
});

const NOTICES: Record<string, string | undefined> = { withdrawn: 'support.proposal.withdrawn', restored: 'support.proposal.restored' };

async function partnerPage(c: Context<AppEnv>, errors: Record<string, string> = {}, values: Record<string, string> = {}) {
  const { db, actor } = ctx(c);
  const r = await partnerCommitments(db, actor);
  if (!r.ok) return refusal(c, r);
  return c.html(<PartnerCommitmentsPage c={c} commitments={r.commitments} errors={errors} values={values} notice={NOTICES[c.req.query('done') ?? '']} />);
}

async function after(c: Context<AppEnv>, r: Result<object>, values: Record<string, string> = {}) {
  if (r.ok) return c.redirect('/support/programmes', 303);
  if (r.status !== 409 && r.status !== 422) return refusal(c, r);
  c.status(r.status);
  return page(c, r.errors, values);
}

export function registerProgrammePages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/support/programmes', 'support.programmes.manage', (c) => page(c));
  registerProgrammeForm(app);

  route(app, 'POST', '/support/programmes/:id/credits', 'support.programmes.manage', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    return after(c, await addCredit(db, actor, param(c, 'id'), values), values);
  });

  route(app, 'POST', '/support/programmes/:id/sessions', 'support.commission.manage', async (c) => {
    const { db, actor } = ctx(c);
    return after(c, await generateSessions(db, actor, param(c, 'id'), 3));
  });

  route(app, 'POST', '/support/quotas', 'support.quotas.manage', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    const parsed = quotaForm.safeParse(values);
    const r = parsed.success
      ? rename(await createQuota(db, actor, { partnerId: parsed.data.qPartner, label: parsed.data.qLabel, year: parsed.data.qYear, places: parsed.data.qPlaces }), { partnerId: 'qPartner', year: 'qYear' })
      : { ok: false as const, status: 422 as const, errors: fieldErrors(parsed.error.issues) };
    return after(c, r, values);
  });

  route(app, 'POST', '/support/group-commitments', 'support.quotas.manage', async (c) => {
    const { db, actor } = ctx(c);
    const body = await c.req.parseBody({ all: true });
    const values = await formValues(c);
    const members = ([] as unknown[]).concat(body.gMembers ?? []).filter((v): v is string => typeof v === 'string');
    // The ticked landlords come back ticked after an error.
    const kept = { ...values, gMembers: members.join(',') };
    const parsed = groupForm.safeParse({ ...values, gMembers: members });
    const r = parsed.success
      ? rename(await createGroupCommitment(db, actor, { partnerId: parsed.data.gPartner, label: parsed.data.gLabel, year: parsed.data.gYear, places: parsed.data.gPlaces, memberOrgIds: parsed.data.gMembers }), { partnerId: 'gPartner', memberOrgIds: 'gMembers' })
      : { ok: false as const, status: 422 as const, errors: fieldErrors(parsed.error.issues) };
    return after(c, r, kept);
  });

  route(app, 'POST', '/support/quotas/group', 'support.quotas.manage', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    const parsed = joinForm.safeParse(values);
    const r = parsed.success ? rename(await joinGroupCommitment(db, actor, parsed.data.jQuota, parsed.data.jGroup), { groupId: 'jGroup' }) : { ok: false as const, status: 422 as const, errors: fieldErrors(parsed.error.issues) };
    return after(c, r, values);
  });

  for (const answer of ['allocate', 'decline'] as const) {
    route(app, 'POST', `/support/proposals/:id/${answer}`, 'support.quotas.manage', async (c) => {
      const { db, actor } = ctx(c);
      const id = param(c, 'id');
      // Allocating may name the dwelling at once; its error comes back on the proposal's own row.
      const values = answer === 'allocate' ? await formValues(c) : {};
      const ref = dwellingRef.safeParse(values.dwellingRef ?? '');
      const r = ref.success ? await answerProposal(db, actor, id, answer, new Date(), c.get('services').config.publicUrl, ref.data) : { ok: false as const, status: 422 as const, errors: { dwellingRef: 'support.form.tooLong' } };
      if (r.ok) deliverSoon(c.get('services'));
      return after(c, rename(r, { dwellingRef: `dw-${id}` }), { [`dw-${id}`]: values.dwellingRef ?? '' });
    });
  }

  route(app, 'POST', '/support/allocations/:id/dwelling', 'support.quotas.manage', async (c) => {
    const { db, actor } = ctx(c);
    const id = param(c, 'id');
    const values = await formValues(c);
    const ref = dwellingRef.safeParse(values.dwellingRef ?? '');
    const r = ref.success ? await setAllocationDwelling(db, actor, id, ref.data) : { ok: false as const, status: 422 as const, errors: { dwellingRef: 'support.form.tooLong' } };
    return after(c, rename(r, { dwellingRef: `dw-${id}` }), { [`dw-${id}`]: values.dwellingRef ?? '' });
  });

  route(app, 'GET', '/support/commitments', 'support.quotas.propose', (c) => partnerPage(c));

  route(app, 'POST', '/support/commitments/proposals', 'support.quotas.propose', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    const parsed = proposalForm.safeParse(values);
    const r = parsed.success ? await proposeApplicant(db, actor, parsed.data.quotaId, parsed.data, c.get('services').config.publicUrl) : { ok: false as const, status: 422 as const, errors: fieldErrors(parsed.error.issues) };
    if (r.ok) {
      deliverSoon(c.get('services'));
      return c.redirect('/support/commitments', 303);
    }
    if (r.status !== 409 && r.status !== 422) return refusal(c, r);
    c.status(r.status);
    return partnerPage(c, r.errors, values);
  });

  route(app, 'POST', '/support/commitments/proposals/:id/withdraw', 'support.quotas.propose', async (c) => {
    const { db, actor } = ctx(c);
    const r = await withdrawProposal(db, actor, param(c, 'id'), new Date(), c.get('services').config.publicUrl);
    if (r.ok) {
      deliverSoon(c.get('services'));
      return c.redirect('/support/commitments?done=withdrawn', 303);
    }
    if (r.status !== 409) return refusal(c, r);
    c.status(409);
    return partnerPage(c, r.errors);
  });

  route(app, 'POST', '/support/commitments/proposals/:id/restore', 'support.quotas.propose', async (c) => {
    const { db, actor } = ctx(c);
    const r = await restoreProposal(db, actor, param(c, 'id'), c.get('services').config.publicUrl);
    if (r.ok) {
      deliverSoon(c.get('services'));
      return c.redirect('/support/commitments?done=restored', 303);
    }
    if (r.status !== 409) return refusal(c, r);
    c.status(409);
    return partnerPage(c, r.errors);
  });

  route(app, 'GET', '/support/partner/contact', 'support.referrals.partner', async (c) => {
    const { db, actor } = ctx(c);
    const r = await partnerContact(db, actor);
    if (!r.ok) return refusal(c, r);
    return c.html(<PartnerContactPage c={c} email={r.email} saved={c.req.query('done') === 'saved'} />);
  });

  route(app, 'POST', '/support/partner/contact', 'support.referrals.partner', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    const r = await setPartnerContact(db, actor, values.contactEmail ?? '');
    if (r.ok) return c.redirect('/support/partner/contact?done=saved', 303);
    if (r.status !== 422) return refusal(c, r);
    const current = await partnerContact(db, actor);
    c.status(422);
    return c.html(<PartnerContactPage c={c} email={current.ok ? current.email : null} errors={r.errors} value={values.contactEmail ?? ''} />);
  });

  route(app, 'POST', '/support/quotas/allocate', 'support.quotas.manage', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    const parsed = allocateForm.safeParse(values);
    const r = parsed.success ? await allocatePlace(db, actor, parsed.data.quotaId, { applicantRef: parsed.data.applicantRef, dwellingRef: parsed.data.dwellingRef }) : { ok: false as const, status: 422 as const, errors: fieldErrors(parsed.error.issues) };
    return after(c, r, values);
  });
}
