import type { Hono } from 'hono';
import { z } from 'zod';
import { apiError } from '../../../platform/api/errors.js';
import { apiEndpoint } from '../../../platform/api/registry.js';
import type { AppEnv } from '../../../platform/http/env.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { nominate } from '../commands/nominate.js';
import { createGroupCommitment, joinGroupCommitment } from '../commands/group-quotas.js';
import { type Allocation as AllocationRow, createQuota, quotaAllocations, quotaOverview, setAllocationDwelling } from '../commands/quotas.js';
import { answerProposal, landlordProposals, partnerCommitments, type Proposal, proposeApplicant, restoreProposal, withdrawProposal } from '../commands/proposals.js';
import { ANSWERS } from '../db/eligibility.js';
import { partnerContact, setPartnerContact } from '../commands/partner-contact.js';
import { HARDSHIPS } from '../schemas.js';
import { refused } from './api-write.js';
import { ctx, param } from './respond.js';

const Quota = z.object({
  id: z.string(),
  partner: z.string(),
  label: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  places: z.number().int(),
  given: z.number().int(),
  expected: z.number().int().describe('Places that should have been given by today at an even pace'),
  behind: z.boolean(),
  group: z
    .object({ id: z.string(), label: z.string(), places: z.number().int(), given: z.number().int(), expected: z.number().int(), behind: z.boolean(), landlords: z.number().int() })
    .nullable()
    .describe('For a commitment shared by the landlords of a group: the group’s summed progress (counts only; each landlord sees only its own allocations)'),
});
const ProposalOut = z.object({ id: z.string(), commitmentId: z.string(), applicantRef: z.string(), householdSize: z.number().int(), need: z.string(), status: z.enum(['proposed', 'allocated', 'declined', 'withdrawn']), seat: z.number().int().nullable(), proposedAt: z.string() });
const proposalOut = (p: Proposal) => ProposalOut.parse({ id: p.id, commitmentId: p.quota_id, applicantRef: p.applicant_ref, householdSize: Number(p.household_size), need: p.need, status: p.status, seat: p.seat, proposedAt: new Date(p.proposed_at).toISOString() });
const Allocation = z.object({
  id: z.string(),
  commitmentId: z.string(),
  partner: z.string(),
  year: z.string(),
  seat: z.number().int(),
  applicantRef: z.string(),
  allocatedOn: z.string().describe('YYYY-MM-DD'),
  dwelling: z.object({ reference: z.string(), residence: z.string().nullable() }).nullable().describe('Null while the dwelling is not named yet'),
});
const allocationOut = (a: AllocationRow) =>
  Allocation.parse({ id: a.id, commitmentId: a.quota_id, partner: a.partner, year: a.year, seat: a.seat, applicantRef: a.applicant_ref, allocatedOn: a.allocated_on, dwelling: a.dwelling_ref ? { reference: a.dwelling_ref, residence: a.residence } : null });
const NominateBody = z.object({
  hardship: z.enum(HARDSHIPS),
  resourcesCents: z.number().int().min(0).max(100_000_000).describe('The household’s monthly resources, in cents'),
  facts: z.string().trim().min(1).max(600).describe('Only what the commission needs'),
  eligibility: z.array(z.object({ question: z.number().int().min(0), answer: z.enum(ANSWERS) })).max(20).default([]),
});

/** /api/v1/support: partner commitments and putting a rent-aid case before the commission. */
export function registerSupportProgrammeApi(app: Hono<AppEnv>): void {
  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/quotas',
      permission: 'support.quotas.manage',
      tag: 'support',
      summary: 'Partner allocation commitments and their progress',
      description: 'Places promised to each partner per period, places given, the even-pace expectation and whether the commitment is behind schedule. No applicant is named.',
      response: z.object({ data: z.array(Quota) }),
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await quotaOverview(db, actor);
      if (!r.ok) return apiError(c, 403, 'forbidden');
      const data = r.quotas.map((q) =>
        Quota.parse({ id: q.id, partner: q.partner, label: q.label, periodStart: q.period_start, periodEnd: q.period_end, places: q.progress.places, given: q.progress.given, expected: q.progress.expected, behind: q.progress.behind, group: q.group && { id: q.group.id, label: q.group.label, places: q.group.places, given: q.group.given, expected: q.group.expected, behind: q.group.behind, landlords: q.group.landlords } }),
      );
      return c.json({ data });
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/group-commitments',
      permission: 'support.quotas.manage',
      tag: 'support',
      summary: 'Declare a partner commitment shared by the landlords of a group',
      description: 'By the lead landlord, naming the member landlords (organisation ids). Each member then attaches its own quota for the same partner and year; progress is summed across them, counts only.',
      body: z.object({ partnerId: z.string().uuid(), label: z.string().trim().min(1).max(200), year: z.number().int().min(2000).max(2100), places: z.number().int().min(1).max(100000), memberOrgIds: z.array(z.string().uuid()).max(50) }),
      response: z.object({ id: z.string() }),
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await createGroupCommitment(db, actor, body);
      return r.ok ? c.json({ id: r.groupId }, 201) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/quotas/:id/group',
      permission: 'support.quotas.manage',
      tag: 'support',
      summary: 'Attach one of the landlord’s quotas to a group commitment it is named in',
      description: '404 when the group does not name the caller’s organisation; 422 when the partner or the year differ.',
      body: z.object({ groupId: z.string().uuid() }),
      response: z.object({ status: z.string() }),
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await joinGroupCommitment(db, actor, param(c, 'id'), body.groupId);
      return r.ok ? c.json({ status: 'saved' }) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/quotas',
      permission: 'support.quotas.manage',
      tag: 'support',
      summary: 'Record a yearly commitment to a partner',
      description: 'Places promised to a partner for a calendar year. 422 when the partner is not one of the landlord’s; 409 when a commitment to that partner for that year exists (fields.year).',
      body: z.object({ partnerId: z.string().uuid(), label: z.string().trim().min(1).max(200), year: z.number().int().min(2020).max(2100), places: z.number().int().min(1).max(10000) }),
      response: z.object({ id: z.string() }),
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await createQuota(db, actor, body);
      return r.ok ? c.json({ id: r.quotaId }, 201) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/proposals',
      permission: 'support.quotas.manage',
      tag: 'support',
      summary: 'Applicants proposed by partners against the landlord’s commitments',
      description: 'Newest first: the partner’s reference, household size and need (never a name), and the answer (proposed, allocated with its place, declined).',
      response: z.object({ data: z.array(ProposalOut) }),
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await landlordProposals(db, actor);
      if (!r.ok) return refused(c, r);
      return c.json({ data: r.proposals.map(proposalOut) });
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/proposals/:id/answer',
      permission: 'support.quotas.manage',
      tag: 'support',
      summary: 'Allocate a place to a proposed applicant, or decline',
      description: 'Once: 409 when already answered, or when every place of the commitment is given (fields.form), or when the partner withdrew it. Audited support.proposal.allocate / .decline; the partner’s staff member who proposed is e-mailed the answer (landlord, year, answer — no detail of the applicant).',
      body: z.object({ answer: z.enum(['allocate', 'decline']), dwellingRef: z.string().trim().max(60).default('').describe('When allocating: the reference of the dwelling given, in the landlord’s register (optional; 422 fields.dwellingRef when unknown)') }),
      response: z.object({ seat: z.number().int().nullable() }),
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await answerProposal(db, actor, param(c, 'id'), body.answer, new Date(), c.get('services').config.publicUrl, body.answer === 'allocate' ? body.dwellingRef : '');
      if (r.ok) deliverSoon(c.get('services'));
      return r.ok ? c.json({ seat: r.seat }) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/allocations',
      permission: 'support.quotas.manage',
      tag: 'support',
      summary: 'Places given under the landlord’s partner commitments, with the dwelling allocated',
      description: 'Newest year first, by partner and place: the applicant’s reference (the partner’s, never a name), the day, and the dwelling (reference and residence) or null while it is not named yet.',
      response: z.object({ data: z.array(Allocation) }),
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await quotaAllocations(db, actor);
      if (!r.ok) return refused(c, r);
      return c.json({ data: r.allocations.map(allocationOut) });
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/allocations/:id/dwelling',
      permission: 'support.quotas.manage',
      tag: 'support',
      summary: 'Name (or correct) the dwelling given for a place already allocated',
      description: 'By its reference in the landlord’s own register: 422 fields.dwellingRef when no dwelling of the landlord has it; 404 for another landlord’s allocation. Audited support.quota.dwelling (the place, not the applicant).',
      body: z.object({ dwellingRef: z.string().trim().min(1).max(60) }),
      response: z.object({ dwellingId: z.string() }),
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await setAllocationDwelling(db, actor, param(c, 'id'), body.dwellingRef);
      return r.ok ? c.json({ dwellingId: r.dwellingId }) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/commitments',
      permission: 'support.quotas.propose',
      tag: 'support',
      summary: 'For a partner association: the commitments landlords made to it, with the applicants it proposed',
      description: 'Label, year and places of each commitment; the places given under it with the dwelling allocated (residence and dwelling reference, null until the landlord names it) — never the household.',
      response: z.object({
        data: z.array(
          z.object({
            id: z.string(),
            landlord: z.string(),
            label: z.string(),
            year: z.string(),
            places: z.number().int(),
            group: z
              .object({ label: z.string(), places: z.number().int(), given: z.number().int(), landlords: z.number().int() })
              .nullable()
              .describe('For a commitment of a group of landlords: the group’s total (places promised and given by all its landlords, how many take part) — counts only'),
            proposals: z.array(ProposalOut),
            allocations: z
              .array(z.object({ seat: z.number().int(), applicantRef: z.string(), allocatedOn: z.string(), dwellingRef: z.string().nullable(), residence: z.string().nullable() }))
              .describe('The places given under this commitment: the partner’s reference, the day, and the dwelling allocated (residence and reference; null until named)'),
          }),
        ),
      }),
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await partnerCommitments(db, actor);
      if (!r.ok) return refused(c, r);
      return c.json({ data: r.commitments.map((q) => ({ id: q.id, landlord: q.landlord, label: q.label, year: q.year, places: q.places, group: q.group, proposals: q.proposals.map(proposalOut), allocations: q.allocations })) });
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/commitments/:id/proposals',
      permission: 'support.quotas.propose',
      tag: 'support',
      summary: 'For a partner association: propose an applicant against a commitment made to it',
      description: 'The partner’s own reference, never a name. 422 when the commitment is not one made to the caller’s association; 409 when the reference is already proposed (fields.applicantRef).',
      body: z.object({ applicantRef: z.string().trim().min(1).max(60), householdSize: z.number().int().min(1).max(20), need: z.string().trim().max(300).default('') }),
      response: z.object({ id: z.string() }),
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await proposeApplicant(db, actor, param(c, 'id'), body, c.get('services').config.publicUrl);
      if (r.ok) deliverSoon(c.get('services'));
      return r.ok ? c.json({ id: r.proposalId }, 201) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/commitments/proposals/:id/withdraw',
      permission: 'support.quotas.propose',
      tag: 'support',
      summary: 'For a partner association: withdraw an applicant it proposed, not yet answered',
      description: '409 once the landlord has answered (or it is already withdrawn); 404 for a proposal that is not the caller’s association’s. Audited support.proposal.withdraw; the landlord’s programme managers are e-mailed (partner and year only).',
      response: z.object({ status: z.literal('withdrawn') }),
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await withdrawProposal(db, actor, param(c, 'id'), new Date(), c.get('services').config.publicUrl);
      if (!r.ok) return refused(c, r);
      deliverSoon(c.get('services'));
      return c.json({ status: 'withdrawn' as const });
    },
  );

  apiEndpoint(
    app,
    {
      method: 'GET',
      path: '/api/v1/support/partner/contact',
      permission: 'support.referrals.partner',
      tag: 'support',
      summary: 'For a partner association: its shared address for notices',
      description: 'Null when none is set. Notices of referrals made to the association, ended or revoked, and of landlords’ answers to its proposals go there (landlord, what happened and a link — never the person).',
      response: z.object({ email: z.string().nullable() }),
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await partnerContact(db, actor);
      return r.ok ? c.json({ email: r.email }) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/partner/contact',
      permission: 'support.referrals.partner',
      tag: 'support',
      summary: 'For a partner association: set (or, empty, remove) its shared address for notices',
      description: '422 fields.contactEmail when it is not an e-mail address. Audited support.partner_contact.set with the old and new address.',
      body: z.object({ contactEmail: z.string().max(300) }),
      response: z.object({ email: z.string().nullable() }),
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await setPartnerContact(db, actor, body.contactEmail);
      return r.ok ? c.json({ email: r.email }) : refused(c, r);
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/commitments/proposals/:id/restore',
      permission: 'support.quotas.propose',
      tag: 'support',
      summary: 'For a partner association: put back an applicant it withdrew, awaiting the landlord’s answer again',
      description: 'Same reference, size and need. 409 when the proposal is not withdrawn (fields.form); 404 for a proposal that is not the caller’s association’s. Audited support.proposal.restore; the landlord’s programme managers are e-mailed (partner and year only).',
      response: z.object({ status: z.literal('proposed') }),
    },
    async (c) => {
      const { db, actor } = ctx(c);
      const r = await restoreProposal(db, actor, param(c, 'id'), c.get('services').config.publicUrl);
      if (!r.ok) return refused(c, r);
      deliverSoon(c.get('services'));
      return c.json({ status: 'proposed' as const });
    },
  );

  apiEndpoint(
    app,
    {
      method: 'POST',
      path: '/api/v1/support/cases/:id/nominate',
      permission: 'support.cases.write',
      tag: 'support',
      summary: 'Put a rent-aid case before the commission',
      description:
        'The dossier carries a code, the rent receipt, the resources, the household size, the hardship and the facts — never a name. Every eligibility question must be answered (here or before): 422 otherwise. 409 when a dossier is already waiting. Tokens: as for the other writes on a case.',
      body: NominateBody,
      response: z.object({ id: z.string(), code: z.string() }),
    },
    async (c, { body }) => {
      const { db, actor } = ctx(c);
      const r = await nominate(db, actor, param(c, 'id'), { hardship: body.hardship, resources: body.resourcesCents, facts: body.facts }, body.eligibility);
      return r.ok ? c.json({ id: r.dossierId, code: r.code }, 201) : refused(c, r);
    },
  );
}
