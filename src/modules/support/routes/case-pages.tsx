import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { route } from '../../../platform/http/routes.js';
import { fieldErrors } from '../../../platform/ui/form.js';
import { sql } from 'kysely';
import { type Tx, withTenant } from '../../../platform/db/tenant.js';
import { addressHidden } from '../../../platform/privacy/confidential-addresses.js';
import { householdTenancy, partnerOptions, searchHouseholdsIn } from '../../directory/index.js';
import { closeReferral, referToPartner } from '../commands/referrals.js';
import { PartnerReferralsPage } from '../views/referrals.js';
import { referralsForPartner } from '../commands/referrals.js';
import { addNote, advanceStage, changeCaseStatus, completeStep, setLegalHold } from '../commands/case-actions.js';
import { caseLease, nameLeaseDwelling } from '../commands/lease-slide.js';
import { correctLeaseDay } from '../commands/lease-corrections.js';
import { cancelPlannedEnd } from '../commands/lease-plan.js';
import { downloadDocument, uploadDocument } from '../commands/documents.js';
import { nameAddressReader, setConfidentialAddress, supportStaff } from '../commands/address.js';
import { addressRecoverable, recoverAddressReader } from '../commands/address-recovery.js';
import { casePerson, householdResidents, setCasePerson } from '../commands/case-person.js';
import { attachmentResponse } from '../../../platform/files/index.js';
import { endAidEarly, recordPayment } from '../commands/fund-actions.js';
import { nominate } from '../commands/nominate.js';
import { answerEligibility, answersFromForm } from '../commands/eligibility.js';
import { openCase } from '../commands/open-case.js';
import type { Result } from '../commands/result.js';
import { asActor, isUuid } from '../commands/result.js';
import { listOverdueSteps, listProgrammes, listVisibleCases } from '../db/cases.js';
import { parisToday } from '../domain/local-date.js';
import { programmeCovers } from '../domain/scope.js';
import { type CaseDetail, readCase } from '../queries/read-case.js';
import { outOfScopeAmong } from '../queries/cases-in-scope.js';
import { externalAnswerSchema, externalReferralSchema, nominateSchema, noteSchema, openCaseSchema, referralSchema, solidarityFormSchema } from '../schemas.js';
import { linkableEvents, logSolidarityAction, solidarityActions } from '../commands/solidarity.js';
import { externalSheet, recordExternalAnswer, referExternally, withdrawExternalReferral } from '../commands/external-referrals.js';
import { ExternalSheetPage } from '../views/external-referrals.js';
import { externalSheetPdf } from '../views/external-sheet-pdf.js';
import { CaseListPage } from '../views/case-list.js';
import { NewCasePage } from '../views/new-case.js';
import { CasePage } from '../views/case-page.js';
import { transferCase, transferOptions } from '../commands/transfer-case.js';
import { TRANSFER_FIELDS } from '../views/transfer.js';
import { LetterPage } from '../views/letter.js';
import { deliverSoon } from '../../../platform/notify/index.js';
import { ctx, formValues, param, refusal } from './respond.js';
import { audit } from '../../../platform/audit/audit.js';

/** After a command on a case: back to the case (303), or the case again with the errors (422/409). */
async function afterCaseCommand(c: Context<AppEnv>, caseId: string, r: Result<object>, values: Record<string, string> = {}) {
  if (r.ok) return c.redirect(`/support/cases/${caseId}`, 303);
  if (r.status !== 409 && r.status !== 422) return refusal(c, r);
  const { db, actor } = ctx(c);
  const read = await readCase(db, actor, caseId, 'form correction');
  if (!read.ok) return refusal(c, read);
  c.status(r.status);
  return renderCase(c, read.detail, r.errors, values);
}

async function renderCase(c: Context<AppEnv>, detail: CaseDetail, errors: Record<string, string> = {}, values: Record<string, string> = {}) {
  const { db, actor } = ctx(c);
  // Every person named has left: the programme's manager may name someone (commands/address-recovery.ts).
  const addressRecovery = detail.row.confidential_address && !detail.addressVisible && (await addressRecoverable(db, actor, detail.row.id));
  const { partners, staff } = await withTenant(db, { orgId: actor.orgId }, async (tx) => ({
    partners: await partnerOptions(tx, actor.orgId as string),
    // Colleagues who may be named to see a confidential address: listed only to those already named (or to the manager recovering it).
    staff: detail.row.confidential_address && (detail.addressVisible || addressRecovery) ? await supportStaff(tx, detail.row.organisation_id) : [],
  }));
  // A solidarity flat-share: its actions (RLS as the case) and the activities they may be linked to.
  const solidarity =
    detail.programme.kind === 'flat_share' ? await asActor(db, actor, async (tx) => ({ actions: await solidarityActions(tx, detail.row.id), events: await linkableEvents(tx) })) : undefined;
  // Who the case is about (RLS as the case): the household's residents with an account.
  const person = detail.row.household_id ? await asActor(db, actor, (tx) => casePerson(tx, detail.row.id, detail.row.household_id)) : undefined;
  // A sliding lease: its dwelling and association, and who the directory's register says holds the lease.
  const lease = detail.programme.kind === 'sliding_lease' ? await asActor(db, actor, (tx) => caseLease(tx, detail.row, detail.addressVisible)) : undefined;
  // An open case may be transferred: the landlord's other active programmes, and who may follow the new case.
  const transfer = detail.row.status === 'open' ? await transferOptions(db, actor, detail.row) : undefined;
  return c.html(<CasePage c={c} d={detail} transfer={transfer} partners={partners} staff={staff} addressRecoverable={addressRecovery} solidarity={solidarity} person={person} lease={lease} errors={errors} values={values} />);
}

/** The API's field names for a solidarity action, as the case page's form names them. */
const SOLIDARITY_FIELDS: Record<string, string> = { title: 'actionTitle', heldOn: 'actionOn', residents: 'actionResidents', communityEventId: 'actionEvent' };

export function registerCasePages(app: Hono<AppEnv>): void {
  route(app, 'GET', '/support/cases', 'support.cases.read', async (c) => {
    const { db, actor } = ctx(c);
    const { cases, overdueSteps, outOfScope } = await asActor(db, actor, async (tx) => {
      const rows = await listVisibleCases(tx, parisToday(), { status: 'open' });
      const late = await listOverdueSteps(tx, parisToday());
      // A list of cases is itself a sensitive read: who saw which cases, and when.
      await audit(tx, { action: 'support.cases.list', actor, targetType: 'support_case', details: { count: rows.length } });
      return { cases: rows, overdueSteps: late, outOfScope: await outOfScopeAmong(tx, rows.map((r) => r.id)) };
    });
    return c.html(<CaseListPage c={c} cases={cases} overdueSteps={overdueSteps} outOfScope={outOfScope} />);
  });

  const newCase = async (c: Context<AppEnv>, values: Record<string, string>, errors: Record<string, string>) => {
    const { db, actor } = ctx(c);
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    // Once the household is known (chosen from the search, or sent with the form), only the programmes covering its residence are offered.
    const chosen = values.householdId ?? c.req.query('householdId') ?? '';
    // A programme chosen before searching: the search then lists only the households living where it applies.
    const wanted = c.req.query('programmeId') ?? '';
    // As the person (userId): a household whose address is confidential is found only by those named to see it.
    const page = await withTenant(db, { orgId: actor.orgId, userId: actor.userId }, async (tx) => {
      const allProgrammes = await listProgrammes(tx);
      const searchProgramme = allProgrammes.find((p) => p.id === wanted) ?? null;
      // Nor named by its id in the address to those not named: the page then offers the search, as for an unknown id.
      const tenancy = isUuid(chosen) && !(await hiddenFromReader(tx, chosen)) ? await householdTenancy(tx, chosen) : null;
      if (!tenancy) {
        const scope = { residenceIds: searchProgramme?.residence_ids ?? [], residenceKinds: searchProgramme?.residence_kinds ?? [] };
        return { allProgrammes, programmes: allProgrammes, searchProgramme, households: await searchHouseholdsIn(tx, q, scope, 50), household: null };
      }
      const place = tenancy.residenceId ? { residenceId: tenancy.residenceId, residenceKind: tenancy.residenceKind } : null;
      const household = { id: tenancy.id, name: tenancy.name, reference: tenancy.reference, residenceName: tenancy.residenceName, residents: await householdResidents(tx, tenancy.id) };
      return { allProgrammes, programmes: allProgrammes.filter((p) => programmeCovers(p, place) === 'covered'), searchProgramme, households: [], household };
    });
    return c.html(<NewCasePage c={c} {...page} q={q} values={values} errors={errors} />);
  };
  route(app, 'GET', '/support/cases/new', 'support.cases.write', (c) => newCase(c, {}, {}));

  route(app, 'POST', '/support/cases', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    const parsed = openCaseSchema.safeParse(values);
    // Eligibility answers given on the form itself, for the programme whose questions it showed.
    const opening = parsed.success ? { ...parsed.data, eligibility: answersFromForm(values), eligibilityFor: values.eligibilityFor } : null;
    const r = opening ? await openCase(db, actor, opening) : { ok: false as const, status: 422 as const, errors: fieldErrors(parsed.error?.issues ?? []) };
    if (r.ok) return c.redirect(`/support/cases/${r.caseId}`, 303);
    if (r.status !== 422) return refusal(c, r);
    c.status(422);
    return newCase(c, values, r.errors);
  });

  route(app, 'GET', '/support/cases/:id', 'support.cases.read', async (c) => {
    const { db, actor } = ctx(c);
    const r = await readCase(db, actor, param(c, 'id'));
    if (!r.ok) return refusal(c, r);
    return renderCase(c, r.detail);
  });

  route(app, 'GET', '/support/cases/:id/decisions/:decisionId/letter', 'support.cases.read', async (c) => {
    const { db, actor } = ctx(c);
    const r = await readCase(db, actor, param(c, 'id'), 'decision letter');
    if (!r.ok) return refusal(c, r);
    const decision = r.detail.decisions.find((d) => d.id === param(c, 'decisionId'));
    if (!decision) return refusal(c, { ok: false, status: 404, errors: {} });
    return c.html(<LetterPage c={c} d={r.detail} decision={decision} />);
  });

  route(app, 'POST', '/support/cases/:id/documents', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    const id = param(c, 'id');
    const body = await c.req.parseBody();
    const file = body.document instanceof File && body.document.size > 0 ? { name: body.document.name, bytes: new Uint8Array(await body.document.arrayBuffer()) } : null;
    return afterCaseCommand(c, id, await uploadDocument(db, actor, c.get('services').config.dataDir, id, file));
  });

  route(app, 'GET', '/support/cases/:id/documents/:documentId', 'support.cases.read', async (c) => {
    const { db, actor } = ctx(c);
    const r = await downloadDocument(db, actor, c.get('services').config.dataDir, param(c, 'id'), param(c, 'documentId'));
    if (!r.ok) return refusal(c, r);
    return attachmentResponse(r.file.bytes, r.file);
  });

  route(app, 'POST', '/support/cases/:id/hold', 'support.programmes.manage', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    return afterCaseCommand(c, param(c, 'id'), await setLegalHold(db, actor, param(c, 'id'), values.hold === 'on'));
  });

  route(app, 'POST', '/support/cases/:id/address', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    return afterCaseCommand(c, param(c, 'id'), await setConfidentialAddress(db, actor, param(c, 'id'), values.confidential === 'on'));
  });

  route(app, 'POST', '/support/cases/:id/person', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    return afterCaseCommand(c, param(c, 'id'), await setCasePerson(db, actor, param(c, 'id'), values.personUserId ?? ''), values);
  });

  route(app, 'POST', '/support/cases/:id/address/readers', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    return afterCaseCommand(c, param(c, 'id'), await nameAddressReader(db, actor, param(c, 'id'), values.readerId ?? '', values.named !== 'off'), values);
  });

  route(app, 'POST', '/support/cases/:id/address/recover', 'support.programmes.manage', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    return afterCaseCommand(c, param(c, 'id'), await recoverAddressReader(db, actor, param(c, 'id'), { readerId: values.readerId ?? '', reason: values.reason ?? '' }), values);
  });

  route(app, 'POST', '/support/cases/:id/notes', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    const id = param(c, 'id');
    const values = await formValues(c);
    const parsed = noteSchema.safeParse(values);
    const r = parsed.success ? await addNote(db, actor, id, parsed.data.body) : { ok: false as const, status: 422 as const, errors: fieldErrors(parsed.error.issues) };
    return afterCaseCommand(c, id, r, values);
  });

  route(app, 'POST', '/support/cases/:id/steps/:stepId', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    return afterCaseCommand(c, param(c, 'id'), await completeStep(db, actor, param(c, 'id'), param(c, 'stepId')));
  });

  route(app, 'POST', '/support/cases/:id/stage', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    const lease = { endReason: values.endReason, endReasonText: (values.endReasonText ?? '').slice(0, 1000), endOn: (values.endOn ?? '').slice(0, 20), slideOn: (values.slideOn ?? '').slice(0, 20) };
    return afterCaseCommand(c, param(c, 'id'), await advanceStage(db, actor, param(c, 'id'), values.event ?? '', new Date(), lease), values);
  });

  route(app, 'POST', '/support/cases/:id/lease', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    const input = { dwellingRef: (values.dwellingRef ?? '').slice(0, 60), partnerOrgId: values.partnerOrgId ?? '', startsOn: values.startsOn ?? '' };
    return afterCaseCommand(c, param(c, 'id'), await nameLeaseDwelling(db, actor, param(c, 'id'), input), values);
  });

  route(app, 'POST', '/support/cases/:id/lease/correct', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    const kind = values.kind === 'end' ? 'end' : 'slide';
    const input = { kind, on: (values[kind === 'end' ? 'endOn' : 'slideOn'] ?? '').slice(0, 20), reason: (values.correctionReason ?? '').slice(0, 1000) } as const;
    return afterCaseCommand(c, param(c, 'id'), await correctLeaseDay(db, actor, param(c, 'id'), input), values);
  });

  route(app, 'POST', '/support/cases/:id/lease/planned-end/cancel', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    return afterCaseCommand(c, param(c, 'id'), await cancelPlannedEnd(db, actor, param(c, 'id')));
  });

  route(app, 'POST', '/support/cases/:id/close', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    const values = await formValues(c);
    const outcome = (values.outcome ?? '').trim().slice(0, 1000);
    return afterCaseCommand(c, param(c, 'id'), await changeCaseStatus(db, actor, param(c, 'id'), 'close', outcome || null, c.get('services').config.publicUrl), values);
  });

  // A transfer opens the new case and closes this one; 303 to the new case when its reader follows it, else back here.
  route(app, 'POST', '/support/cases/:id/transfer', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    const id = param(c, 'id');
    const values = await formValues(c);
    const input = { programmeId: values.transferProgrammeId ?? '', adviserId: values.transferAdviserId ?? '', reason: (values.transferReason ?? '').slice(0, 2000) };
    const r = await transferCase(db, actor, id, input, c.get('services').config.publicUrl);
    if (r.ok) {
      deliverSoon(c.get('services'));
      return c.redirect(`/support/cases/${r.readable ? r.caseId : id}`, 303);
    }
    return afterCaseCommand(c, id, { ...r, errors: Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [TRANSFER_FIELDS[k] ?? k, v])) }, values);
  });

  route(app, 'POST', '/support/cases/:id/nominate', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    const id = param(c, 'id');
    const values = await formValues(c);
    const parsed = nominateSchema.safeParse(values);
    const r = parsed.success ? await nominate(db, actor, id, parsed.data, answersFromForm(values)) : { ok: false as const, status: 422 as const, errors: fieldErrors(parsed.error.issues) };
    return afterCaseCommand(c, id, r, values);
  });

  route(app, 'POST', '/support/cases/:id/eligibility', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    const id = param(c, 'id');
    const values = await formValues(c);
    return afterCaseCommand(c, id, await answerEligibility(db, actor, id, answersFromForm(values)), values);
  });

  route(app, 'POST', '/support/cases/:id/solidarity-actions', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    const id = param(c, 'id');
    const values = await formValues(c);
    const parsed = solidarityFormSchema.safeParse(values);
    const r = parsed.success
      ? await logSolidarityAction(db, actor, id, { title: parsed.data.actionTitle, heldOn: parsed.data.actionOn, residents: parsed.data.actionResidents, communityEventId: parsed.data.actionEvent || undefined })
      : { ok: false as const, status: 422 as const, errors: fieldErrors(parsed.error.issues) };
    if (r.ok) return afterCaseCommand(c, id, r, values);
    const errors = Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [SOLIDARITY_FIELDS[k] ?? k, v]));
    return afterCaseCommand(c, id, { ...r, errors }, values);
  });

  route(app, 'POST', '/support/cases/:id/instalments/:instalmentId/paid', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    return afterCaseCommand(c, param(c, 'id'), await recordPayment(db, actor, param(c, 'id'), param(c, 'instalmentId')));
  });

  route(app, 'POST', '/support/cases/:id/decisions/:decisionId/end', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    return afterCaseCommand(c, param(c, 'id'), await endAidEarly(db, actor, param(c, 'id'), param(c, 'decisionId')));
  });

  route(app, 'POST', '/support/cases/:id/referrals', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    const id = param(c, 'id');
    const body = await c.req.parseBody({ all: true });
    const values = await formValues(c);
    const parsed = referralSchema.safeParse({ ...values, fields: body.fields });
    const r = parsed.success ? await referToPartner(db, actor, id, parsed.data, undefined, c.get('services').config.publicUrl) : { ok: false as const, status: 422 as const, errors: fieldErrors(parsed.error.issues) };
    if (r.ok) deliverSoon(c.get('services'));
    return afterCaseCommand(c, id, r, values);
  });

  route(app, 'POST', '/support/cases/:id/referrals/:referralId/revoke', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    const r = await closeReferral(db, actor, param(c, 'id'), param(c, 'referralId'), 'revoked', '', c.get('services').config.publicUrl);
    if (r.ok) deliverSoon(c.get('services'));
    return afterCaseCommand(c, param(c, 'id'), r);
  });

  route(app, 'POST', '/support/cases/:id/external-referrals', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    const id = param(c, 'id');
    const body = await c.req.parseBody({ all: true });
    const values = await formValues(c);
    const parsed = externalReferralSchema.safeParse({ ...values, extFields: body.extFields });
    const r = parsed.success ? await referExternally(db, actor, id, parsed.data) : { ok: false as const, status: 422 as const, errors: fieldErrors(parsed.error.issues) };
    return afterCaseCommand(c, id, r, values);
  });

  route(app, 'POST', '/support/cases/:id/external-referrals/:referralId/answer', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    const id = param(c, 'id');
    const refId = param(c, 'referralId');
    const values = await formValues(c);
    const parsed = externalAnswerSchema.safeParse({ answerStatus: values.answerStatus, answer: values[`answer-${refId}`] ?? '' });
    const r = parsed.success ? await recordExternalAnswer(db, actor, id, refId, parsed.data.answerStatus, parsed.data.answer) : { ok: false as const, status: 422 as const, errors: fieldErrors(parsed.error.issues) };
    return afterCaseCommand(c, id, r, values);
  });

  // Withdrawing a sheet: the reason's error comes back on its own referral's form (the case page holds one per sheet).
  route(app, 'POST', '/support/cases/:id/external-referrals/:referralId/withdraw', 'support.cases.write', async (c) => {
    const { db, actor } = ctx(c);
    const id = param(c, 'id');
    const refId = param(c, 'referralId');
    const values = await formValues(c);
    const r = await withdrawExternalReferral(db, actor, id, refId, values[`withdrawReason-${refId}`] ?? '');
    const located = !r.ok && r.errors.withdrawReason ? { ...r, errors: { [`withdrawReason-${refId}`]: r.errors.withdrawReason } } : r;
    return afterCaseCommand(c, id, located, values);
  });

  route(app, 'GET', '/support/cases/:id/external-referrals/:referralId/sheet', 'support.cases.read', async (c) => {
    const { db, actor } = ctx(c);
    const r = await externalSheet(db, actor, param(c, 'id'), param(c, 'referralId'), 'html');
    if (!r.ok) return refusal(c, r);
    c.header('Cache-Control', 'no-store');
    return c.html(<ExternalSheetPage c={c} r={r.referral} organisation={r.organisation} caseId={param(c, 'id')} />);
  });

  route(app, 'GET', '/support/cases/:id/external-referrals/:referralId/sheet.pdf', 'support.cases.read', async (c) => {
    const { db, actor } = ctx(c);
    const r = await externalSheet(db, actor, param(c, 'id'), param(c, 'referralId'), 'pdf');
    if (!r.ok) return refusal(c, r);
    const bytes = await externalSheetPdf({ t: c.get('t'), locale: c.get('locale'), r: r.referral, organisation: r.organisation });
    return attachmentResponse(bytes, { fileName: `orientation-${String(r.referral.shared.reference ?? 'fiche')}.pdf`, mediaType: 'application/pdf' });
  });

  route(app, 'GET', '/support/referrals', 'support.referrals.partner', async (c) => {
    const { db, actor } = ctx(c);
    const r = await referralsForPartner(db, actor);
    if (!r.ok) return refusal(c, r);
    return c.html(<PartnerReferralsPage c={c} referrals={r.referrals} />);
  });
}

/** Whether this household's address is confidential to the person of the transaction (platform hook, evaluated in SQL). */
async function hiddenFromReader(tx: Tx, householdId: string): Promise<boolean> {
  return (await sql<{ hidden: boolean }>`select ${addressHidden(sql.val(householdId))} as hidden`.execute(tx)).rows[0].hidden;
}
