import type { Role } from '../../src/platform/access/roles.js';

/**
 * The exact fields of every JSON answer of the route table, by route and role (issue 9, field level). Key paths:
 * `a.b` is a key of an object, `a[].b` a key of every item of an array, `a.*` any key of a map (its keys are data:
 * a purpose, a record's label). A trailing `?` marks a key a role may get or not, by record (said why).
 * `every` is what every role the route's policy lets in gets; `roles` replaces it for a role.
 * `field-allowlist.test.ts` reads every JSON GET route as people of every role allowed to call it: a key not listed
 * fails, a listed key missing from an answer whose object was there fails, and a JSON route missing here fails.
 */
export type Allowlist = { every: readonly string[]; roles?: Partial<Record<Role, readonly string[]>> };

const f = (keys: string): readonly string[] => keys.split(' ');

export const FIELD_ALLOWLISTS: Record<string, Allowlist> = {
  '/healthz': { every: f('status') },
  '/readyz': { every: f('database migrations status') },
  // The person's own data (GDPR art. 15): their account, memberships, sessions, and each module's records about them,
  // labelled per module (`personal-data.ts`; what each module gives and withholds is tested in personal-data.test.ts).
  '/account/data.json': {
    every: f(
      'account account.created_at account.display_name account.email account.has_password account.id account.locale account.password_changed_at account.phone account.totp_enabled generated_at memberships memberships[].created_at memberships[].organisation memberships[].role organisations organisations[].organisation organisations[].sections organisations[].sections[].id organisations[].sections[].module organisations[].sections[].rows organisations[].sections[].rows[].* organisations[].withheld_household sessions sessions[].created_at sessions[].expires_at sessions[].last_seen_at sessions[].user_agent',
    ),
  },
  '/api/v1/me': { every: f('kind name organisationId roles scopes userId') },
  '/api/v1/community/events': { every: f('data data[].address data[].cancelled data[].capacity data[].category data[].endsAt data[].id data[].place data[].placesLeft data[].registration data[].residence data[].startsAt data[].title data[].waiting') },
  '/api/v1/community/events/:id': { every: f('address cancelReason cancelled capacity category coOrganisers description endsAt hearingLoop id languages mine mine.adults mine.ahead mine.children mine.id mine.status place placesLeft registration report report.body report.noShows report.photos report.photos[].description report.photos[].url report.presentSeats report.registeredSeats report.walkIns report.writtenAt residence startsAt stepFree title waiting') },
  '/api/v1/community/events/:id/registrations': { every: f('data data[].adults data[].assisted data[].attendance data[].children data[].id data[].name data[].status') },
  '/api/v1/community/processes': { every: f('data data[].answered data[].description data[].endsOn data[].id data[].proposals data[].residence data[].startsOn data[].title') },
  '/api/v1/community/processes/:id/proposals': { every: f('data data[].category data[].id data[].lastAnswer data[].lastAnswerAt data[].place data[].status data[].supports data[].title') },
  '/api/v1/community/proposals/:id': { every: f('answers answers[].answeredAt answers[].body answers[].status body category comments comments[].body comments[].createdAt comments[].hiddenReason comments[].id hiddenReason id milestones milestones[].doneOn milestones[].id milestones[].label milestones[].plannedOn nextStatuses photo photo.description photo.url place processId status supportedByMe supports title') },
  '/api/v1/concierge/credit-notes': { every: f('data data[].correctsId data[].correctsNumber data[].grossCents data[].id data[].issuedAt data[].netCents data[].number data[].party data[].partyName data[].period data[].reason data[].vatCents') },
  '/api/v1/concierge/desk/credit-notes': { every: f('data data[].correctsId data[].correctsNumber data[].grossCents data[].id data[].issuedAt data[].netCents data[].number data[].party data[].partyName data[].period data[].reason data[].vatCents') },
  '/api/v1/concierge/desk/office-hours': { every: f('closures closures[].date closures[].reason hours hours[].endsAt hours[].place hours[].startsAt hours[].weekday') },
  '/api/v1/concierge/desk/payouts': { every: f('data data[].grossCents data[].id data[].issuedAt data[].netCents data[].number data[].pdf data[].period data[].provider data[].vatCents') },
  '/api/v1/concierge/desk/payouts/:id': { every: f('grossCents id issuedAt issuer lines lines[].grossCents lines[].label lines[].netCents lines[].position lines[].quantity lines[].unitCents lines[].vatCents lines[].vatRateBp netCents number pdf period provider vatCents') },
  '/api/v1/concierge/desk/plans': { every: f('data data[].active data[].code data[].id data[].landlordShareCents data[].monthlyFeeCents data[].nameEn data[].nameFr data[].subscribers data[].tenantShareCents') },
  '/api/v1/concierge/desk/plans/:id': { every: f('active code id landlordShareCents monthlyFeeCents nameEn nameFr subscribers tenantShareCents') },
  '/api/v1/concierge/desk/provider-directory': { every: f('data data[].active data[].contact data[].distanceM data[].hasAccount data[].id data[].labels data[].name data[].nextExpiry data[].serviceArea') },
  '/api/v1/concierge/desk/providers': { every: f('data data[].distanceM data[].id data[].labels data[].name') },
  '/api/v1/concierge/desk/providers/:id': { every: f('active contact distanceM documents documents[].expiresOn documents[].id documents[].kind documents[].label documents[].status hasAccount id labels name nextExpiry serviceArea') },
  '/api/v1/concierge/desk/providers/:id/documents': { every: f('data data[].expiresOn data[].id data[].kind data[].label data[].status') },
  '/api/v1/concierge/desk/receipts': { every: f('data data[].amountCents data[].id data[].method data[].number data[].paidOn data[].pdf') },
  '/api/v1/concierge/desk/receipts/:id': { every: f('amountCents id issuer method number paidOn payer pdf reference statements statements[].amountCents statements[].number statements[].period statements[].reversed statements[].statementId') },
  '/api/v1/concierge/desk/services': { every: f('data data[].active data[].audience data[].code data[].descriptionEn data[].descriptionFr data[].id data[].leadTimeHours data[].nameEn data[].nameFr data[].planIds data[].providerId data[].residenceIds data[].targetHours data[].unit data[].unitCostCents data[].vatRateBp data[].weekdays') },
  '/api/v1/concierge/desk/services/:id': { every: f('active audience code descriptionEn descriptionFr id leadTimeHours nameEn nameFr planIds providerId residenceIds targetHours unit unitCostCents vatRateBp weekdays') },
  '/api/v1/concierge/landlord/statements': { every: f('data data[].correctsId data[].grossCents data[].id data[].issuedAt data[].kind data[].netCents data[].number data[].outstandingCents data[].pdf data[].period data[].vatCents dueCents') },
  '/api/v1/concierge/landlord/statements/:id': { every: f('correctsId grossCents id issuedAt kind lines lines[].grossCents lines[].label lines[].netCents lines[].position lines[].quantity lines[].unitCents lines[].vatCents lines[].vatRateBp netCents number outstandingCents pdf period vatCents') },
  '/api/v1/concierge/office-hours': { every: f('closed closed[].date closed[].reason closures desk hours hours[].endsAt hours[].place hours[].startsAt hours[].weekday next next[].date next[].endsAt next[].place next[].startsAt place') },
  '/api/v1/concierge/parcels': { every: f('data data[].carrier data[].id data[].kind data[].pickupCode data[].receivedAt data[].size') },
  '/api/v1/concierge/provider/payouts': { every: f('data data[].grossCents data[].id data[].issuedAt data[].netCents data[].number data[].pdf data[].period data[].provider data[].vatCents') },
  '/api/v1/concierge/provider/payouts/:id': { every: f('grossCents id issuedAt issuer lines lines[].grossCents lines[].label lines[].netCents lines[].position lines[].quantity lines[].unitCents lines[].vatCents lines[].vatRateBp netCents number pdf period provider vatCents') },
  '/api/v1/concierge/provider/requests': { every: f('data data[].id data[].late data[].netCents data[].notes data[].quantity data[].service data[].status data[].wantedOn') },
  '/api/v1/concierge/receipts': { every: f('data data[].amountCents data[].id data[].method data[].number data[].paidOn data[].pdf') },
  '/api/v1/concierge/receipts/:id': { every: f('amountCents id issuer method number paidOn payer pdf reference statements statements[].amountCents statements[].number statements[].period statements[].reversed statements[].statementId') },
  '/api/v1/concierge/requests': { every: f('data data[].id data[].late data[].netCents data[].notes data[].quantity data[].service data[].status data[].wantedOn') },
  '/api/v1/concierge/services': { every: f('data data[].description data[].id data[].leadTimeHours data[].name data[].provider data[].providerLabels data[].unit data[].unitCostCents data[].vatRateBp') },
  '/api/v1/concierge/statements': { every: f('balance balance.balanceCents balance.creditedCents balance.issuedCents balance.paidCents data data[].grossCents data[].id data[].issuedAt data[].kind data[].netCents data[].number data[].pdf data[].period data[].vatCents') },
  '/api/v1/concierge/subscription': { every: f('data data[].desk data[].endsOn data[].id data[].landlordShareCents data[].pauses data[].pauses[].endsOn data[].pauses[].startsOn data[].plan data[].plan.code data[].plan.id data[].plan.monthlyFeeCents data[].plan.name data[].startsOn data[].state data[].status data[].tenantShareCents data[].via') },
  '/api/v1/residences': { every: f('data data[].city data[].dwellings data[].id data[].kind data[].name data[].reference limit offset total') },
  '/api/v1/spaces': { every: f('data data[].approvalRequired data[].description data[].houseRules data[].houseRulesVersion data[].id data[].kind data[].name data[].resources data[].resources[].approvalRequired data[].resources[].id data[].resources[].kind data[].resources[].name data[].resources[].ownHours data[].resources[].ownHours[].closes data[].resources[].ownHours[].opens data[].resources[].ownHours[].weekday data[].resources[].peopleCapacity data[].resources[].rules data[].resources[].rules.bufferMinutes data[].resources[].rules.cancelNoticeMinutes data[].resources[].rules.holidaysClosed data[].resources[].rules.horizonDays data[].resources[].rules.maxMinutes data[].resources[].rules.minMinutes data[].resources[].rules.monthlyQuotaBookings data[].resources[].rules.monthlyQuotaMinutes data[].resources[].rules.noticeMinutes data[].resources[].rules.slotMinutes data[].resources[].rules.weeklyQuotaBookings data[].resources[].rules.weeklyQuotaMinutes data[].resources[].units data[].rules data[].rules.bufferMinutes data[].rules.cancelNoticeMinutes data[].rules.holidaysClosed data[].rules.horizonDays data[].rules.maxMinutes data[].rules.minMinutes data[].rules.monthlyQuotaBookings data[].rules.monthlyQuotaMinutes data[].rules.noticeMinutes data[].rules.slotMinutes data[].rules.weeklyQuotaBookings data[].rules.weeklyQuotaMinutes') },
  '/api/v1/spaces/:id/availability': { every: f('days days[].date days[].holiday days[].slots days[].slots[].end days[].slots[].resources days[].slots[].resources[].free days[].slots[].resources[].resourceId days[].slots[].resources[].state days[].slots[].start') },
  '/api/v1/spaces/:id/board': { every: f('bookings bookings[].assisted bookings[].checkedIn bookings[].end bookings[].flagged bookings[].household bookings[].household.id bookings[].household.name bookings[].id bookings[].purpose bookings[].resourceId bookings[].start bookings[].status bookings[].unit closures closures[].end closures[].reason closures[].resourceId closures[].start date households households[].id households[].name households[].reference resources resources[].id resources[].kind resources[].name resources[].ownHours resources[].ownHours[].closes resources[].ownHours[].opens resources[].ownHours[].weekday resources[].peopleCapacity resources[].units') },
  '/api/v1/spaces/:id/configuration': { every: f('active approvalRequired checkinGraceMinutes closures closures[].end closures[].id closures[].reason closures[].resourceId closures[].start hours hours[].closes hours[].opens hours[].weekday id name noShowLimit offerMinutes publicCalendar resources resources[].active resources[].approvalRequired resources[].id resources[].kind resources[].name resources[].ownHours resources[].ownHours[].closes resources[].ownHours[].opens resources[].ownHours[].weekday resources[].peopleCapacity resources[].rules resources[].rules.bufferMinutes resources[].rules.cancelNoticeMinutes resources[].rules.holidaysClosed resources[].rules.horizonDays resources[].rules.maxMinutes resources[].rules.minMinutes resources[].rules.monthlyQuotaBookings resources[].rules.monthlyQuotaMinutes resources[].rules.noticeMinutes resources[].rules.slotMinutes resources[].rules.weeklyQuotaBookings resources[].rules.weeklyQuotaMinutes resources[].units rules rules.bufferMinutes rules.cancelNoticeMinutes rules.holidaysClosed rules.horizonDays rules.maxMinutes rules.minMinutes rules.monthlyQuotaBookings rules.monthlyQuotaMinutes rules.noticeMinutes rules.slotMinutes rules.weeklyQuotaBookings rules.weeklyQuotaMinutes') },
  '/api/v1/spaces/:id/garden': { every: f('seasons seasons[].allocation seasons[].drawSeed seasons[].drawnAt seasons[].endsOn seasons[].garden seasons[].holders seasons[].holders[].allocationId seasons[].holders[].household seasons[].holders[].plot seasons[].id seasons[].name seasons[].startsOn seasons[].waiting seasons[].waiting[].household seasons[].waiting[].rank') },
  '/api/v1/spaces/:id/support': { every: f('data data[].anonymous data[].heldOn data[].householdName data[].id data[].minutes data[].outcome data[].topic') },
  '/api/v1/spaces/bookings': { every: f('data data[].cancellable data[].end data[].id data[].offerExpiresAt data[].purpose data[].resource data[].seriesId data[].space data[].spaceId data[].start data[].status') },
  '/api/v1/spaces/garden': { every: f('offers offers[].allocation offers[].applicationId offers[].drawSeed offers[].drawnAt offers[].endsOn offers[].garden offers[].id offers[].name offers[].plot offers[].startsOn open open[].allocation open[].drawSeed open[].drawnAt open[].endsOn open[].garden open[].id open[].name open[].rank open[].startsOn open[].status plots plots[].allocation plots[].drawSeed plots[].drawnAt plots[].endsOn plots[].garden plots[].id plots[].name plots[].plot plots[].startsOn') },
  '/api/v1/spaces/neighbourhood': { every: f('data data[].city data[].description data[].id data[].kind data[].landlordName data[].name data[].residenceName') },
  '/api/v1/spaces/neighbourhood/:id/availability': { every: f('days days[].date days[].holiday days[].slots days[].slots[].end days[].slots[].resources days[].slots[].resources[].free days[].slots[].resources[].resourceId days[].slots[].resources[].state days[].slots[].start') },
  '/api/v1/spaces/neighbourhood/bookings': { every: f('data data[].end data[].id data[].inSeries data[].landlordName data[].offerExpiresAt data[].seriesId data[].space data[].spaceId data[].start data[].status') },
  '/api/v1/spaces/neighbourhood/waitlist': { every: f('data data[].end data[].id data[].landlordName data[].position data[].resource data[].space data[].spaceId data[].start') },
  '/api/v1/spaces/occupancy': { every: f('data data[].bookedHours data[].bookings data[].households data[].kind data[].name data[].noShowRate data[].noShows data[].openHours data[].purposes data[].purposes.* data[].rate data[].spaceId period period.from period.kind period.to') },
  '/api/v1/spaces/stewarding': { every: f('data data[].id data[].kind data[].name data[].pending') },
  '/api/v1/spaces/stewarding/:id': { every: f('keys keys[].bookingId keys[].dueAt keys[].handedAt keys[].handedTo keys[].id keys[].overdue keys[].returnedAt pending pending[].end pending[].householdName pending[].id pending[].purpose pending[].resource pending[].start pending[].status upcoming upcoming[].end upcoming[].householdName upcoming[].id upcoming[].purpose upcoming[].resource upcoming[].start upcoming[].status') },
  '/api/v1/spaces/waitlist': { every: f('data data[].end data[].id data[].offerBookingId data[].offerExpiresAt data[].position data[].resource data[].space data[].start data[].status') },
  '/api/v1/support/allocations': { every: f('data data[].allocatedOn data[].applicantRef data[].commitmentId data[].dwelling data[].dwelling.reference data[].dwelling.residence data[].id data[].partner data[].seat data[].year') },
  '/api/v1/support/cases': { every: f('data data[].closedAs data[].household data[].id data[].inScope data[].nextDueOn data[].openedOn data[].outOfScopeReason data[].overdueSteps data[].programme data[].programme.id data[].programme.kind data[].programme.name data[].reference data[].stage data[].status limit offset total') },
  '/api/v1/support/cases/:id': { every: f('advisers closedAs closedOn documents household household.members household.name id inScope openedOn outOfScopeReason programme programme.id programme.kind programme.name programme.sensitivity reference residence residence.dwelling residence.name situation stage status steps steps[].done steps[].dueOn steps[].key steps[].label transferredFromCaseId transferredToCaseId') },
  '/api/v1/support/cases/:id/documents': { every: f('data data[].fileName data[].id data[].mediaType data[].sizeBytes data[].uploadedAt data[].uploader') },
  '/api/v1/support/cases/:id/external-referrals': { every: f('data data[].answer data[].answeredAt data[].association data[].consentEndedOn data[].consentUntil data[].contact data[].id data[].purpose data[].shared data[].shared.* data[].shared.*[].answer data[].shared.*[].question data[].status data[].withdrawReason data[].withdrawnAt') },
  '/api/v1/support/cases/:id/person': { every: f('personUserId residents residents[].name residents[].userId') },
  '/api/v1/support/cases/:id/situation': { every: f('notes notes[].at notes[].author notes[].body situation') },
  '/api/v1/support/cases/:id/solidarity-actions': { every: f('data data[].communityEvent data[].communityEvent.id data[].communityEvent.title data[].heldOn data[].id data[].residents data[].title') },
  '/api/v1/support/commitments': { every: f('data data[].allocations? data[].allocations[].allocatedOn data[].allocations[].applicantRef data[].allocations[].dwellingRef data[].allocations[].residence data[].allocations[].seat data[].group data[].group.given data[].group.label data[].group.landlords data[].group.places data[].id data[].label data[].landlord data[].places data[].proposals data[].proposals[].applicantRef data[].proposals[].commitmentId data[].proposals[].householdSize data[].proposals[].id data[].proposals[].need data[].proposals[].proposedAt data[].proposals[].seat data[].proposals[].status data[].year') },
  '/api/v1/support/partner/contact': { every: f('email') },
  '/api/v1/support/programmes': { every: f('data data[].eligibility data[].id data[].kind data[].legalBasis data[].managedByMe data[].name data[].notice data[].partnerIds data[].residenceIds data[].residenceKinds data[].retention data[].retention.action data[].retention.from data[].retention.months data[].retention.own data[].sensitivity data[].steps data[].steps[].dueDays data[].steps[].key data[].steps[].label') },
  '/api/v1/support/programmes/:id/fund': { every: f('balance balance.availableCents balance.commitmentsCents balance.creditsCents balance.paymentsCents balance.releasesCents ledger ledger.data ledger.data[].amountCents ledger.data[].at ledger.data[].contributor ledger.data[].decisionId ledger.data[].id ledger.data[].kind ledger.data[].label ledger.limit ledger.offset ledger.total') },
  '/api/v1/support/programmes/:id/team': { every: f('data data[].addedAt data[].name data[].userId') },
  '/api/v1/support/proposals': { every: f('data data[].applicantRef data[].commitmentId data[].householdSize data[].id data[].need data[].proposedAt data[].seat data[].status') },
  '/api/v1/support/quotas': { every: f('data data[].behind data[].expected data[].given data[].group data[].group.behind data[].group.expected data[].group.given data[].group.id data[].group.label data[].group.landlords data[].group.places data[].id data[].label data[].partner data[].periodEnd data[].periodStart data[].places') },
  '/api/v1/support/sessions': { every: f('data data[].cutoffOn data[].dossiers data[].heldOn data[].id data[].programme data[].status') },
  '/api/v1/support/sessions/:id': { every: f('agenda agenda[].code agenda[].dossierId agenda[].facts agenda[].hardship agenda[].householdSize agenda[].rentCents agenda[].resourcesCents agenda[].status availableCents cutoffOn decisions decisions[].correctsId decisions[].dossierId decisions[].id decisions[].monthlyCents decisions[].months decisions[].outcome decisions[].reason decisions[].votes decisions[].votes.abstain decisions[].votes.against decisions[].votes.for heldOn id members members[].name members[].present members[].userId programme quorum status') },
  '/api/v1/support/settings/retention': { every: f('chosen programmesFollowing retentionAction retentionFrom retentionMonths') },
};

/** JSON answers that hold no record, and why they are not listed field by field. */
export const NOT_RECORDS: Record<string, string> = {
  '/api/v1/openapi.json': 'the public OpenAPI document: it describes the endpoints (their schemas are the allowlists above), it holds no data',
};

/** API GET routes that answer a file, never JSON (a 200 in JSON from them fails the test). */
export const FILE_ROUTES: Record<string, string> = {
  '/api/v1/support/cases/:id/documents/:documentId': 'the document’s content, audited download',
  '/api/v1/support/cases/:id/external-referrals/:referralId/sheet.pdf': 'the referral sheet (PDF)',
  '/api/v1/support/sessions/:id/minutes.pdf': 'the session’s minutes (PDF)',
};

/**
 * Key names that carry a secret or a sensitive attribute: the narrative and notes of a support case, a confidential
 * address, incomes, health, birth dates, e-mail and phone, secrets and codes. Any listed field that matches needs
 * a grant below for its route, with the reason, and the roles when not every caller may get it.
 */
export const SENSITIVE_KEY = /password|hash|secret|token|pickup.?code|activation|birth|income|resources_?cents|health|disab|situation|facts|notes?$|email|phone|contact|address|confidential/i;

export type Grant = { why: string; roles?: readonly Role[] };
export const SENSITIVE_GRANTS: Record<string, Record<string, Grant>> = {
  '/account/data.json': {
    'account.email': { why: 'the person’s own e-mail' },
    'account.phone': { why: 'the person’s own phone' },
    'account.has_password': { why: 'whether the person has a password (a yes/no, never the hash)' },
    'account.password_changed_at': { why: 'when the person last changed their password' },
  },
  '/api/v1/community/events': { 'data[].address': { why: 'where the activity takes place (a meeting place, not a person’s address)' } },
  '/api/v1/community/events/:id': { address: { why: 'where the activity takes place' } },
  '/api/v1/concierge/desk/provider-directory': { 'data[].contact': { why: 'a provider’s business contact, for the desk that dispatches to it' } },
  '/api/v1/concierge/desk/providers/:id': { contact: { why: 'a provider’s business contact, for the desk' } },
  '/api/v1/concierge/parcels': { 'data[].pickupCode': { why: 'the household’s own parcels: the code they give at the desk' } },
  '/api/v1/concierge/requests': { 'data[].notes': { why: 'the household’s own note on its request' } },
  '/api/v1/concierge/provider/requests': { 'data[].notes': { why: 'the household’s note, for the provider the request is dispatched to' } },
  '/api/v1/support/cases/:id': { situation: { why: 'the case’s narrative, for its followers holding support.cases.sensitive', roles: ['social_adviser', 'programme_manager'] } },
  '/api/v1/support/cases/:id/situation': {
    situation: { why: 'the case’s narrative (the route needs support.cases.sensitive)', roles: ['social_adviser', 'programme_manager'] },
    notes: { why: 'the advisers’ notes (the route needs support.cases.sensitive)', roles: ['social_adviser', 'programme_manager'] },
  },
  '/api/v1/support/cases/:id/external-referrals': { 'data[].contact': { why: 'the outside association’s contact, for the case’s followers' } },
  '/api/v1/support/sessions/:id': {
    'agenda[].facts': { why: 'a dossier’s facts, by its code, for the commission that decides on it (a token needs support.cases.sensitive on a sensitive programme)', roles: ['commission_member', 'programme_manager'] },
    'agenda[].resourcesCents': { why: 'the household’s monthly resources the commission weighs, by dossier code', roles: ['commission_member', 'programme_manager'] },
  },
  '/api/v1/support/partner/contact': { email: { why: 'the partner organisation’s own contact address, for its staff' } },
};
