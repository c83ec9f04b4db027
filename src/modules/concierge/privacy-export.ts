import { sql } from 'kysely';
import { type PersonalDataContribution, type PersonalDataSection, plainRows } from '../../platform/privacy/personal-data.js';

/**
 * The concierge's records about a resident's household: subscriptions, service requests, parcels,
 * statements and the payments against them, and receipts. A concierge desk may be run by another
 * organisation for the landlord: row-level security shows the rows the person's organisation may read
 * (its own, and as landlord), and every query is narrowed to the household. Pickup codes, staff names and
 * the name given by whoever collected a parcel are left out.
 */
export const conciergePersonalData: PersonalDataContribution = {
  messages: {
    fr: {
      'concierge.myData.subscriptions': 'Abonnements à la conciergerie',
      'concierge.myData.requests': 'Demandes de services',
      'concierge.myData.parcels': 'Colis',
      'concierge.myData.statements': 'Avis d’échéance et avoirs',
      'concierge.myData.payments': 'Paiements',
      'concierge.myData.f.desk': 'Conciergerie',
      'concierge.myData.f.plan': 'Formule',
      'concierge.myData.f.name': 'Nom du foyer',
      'concierge.myData.f.dwelling': 'Logement',
      'concierge.myData.f.channel': 'Canal',
      'concierge.myData.f.startsOn': 'Début',
      'concierge.myData.f.endsOn': 'Fin',
      'concierge.myData.f.status': 'État',
      'concierge.myData.f.service': 'Service',
      'concierge.myData.f.quantity': 'Quantité',
      'concierge.myData.f.wantedOn': 'Souhaité le',
      'concierge.myData.f.notes': 'Précisions',
      'concierge.myData.f.netCents': 'Montant HT (centimes)',
      'concierge.myData.f.createdAt': 'Demandé le',
      'concierge.myData.f.completedAt': 'Réalisé le',
      'concierge.myData.f.cancelReason': 'Motif d’annulation',
      'concierge.myData.f.kind': 'Type',
      'concierge.myData.f.carrier': 'Transporteur',
      'concierge.myData.f.receivedAt': 'Reçu le',
      'concierge.myData.f.handedAt': 'Remis le',
      'concierge.myData.f.returnedAt': 'Retourné le',
      'concierge.myData.f.number': 'Numéro',
      'concierge.myData.f.period': 'Période',
      'concierge.myData.f.grossCents': 'Montant TTC (centimes)',
      'concierge.myData.f.issuedAt': 'Émis le',
      'concierge.myData.f.method': 'Moyen de paiement',
      'concierge.myData.f.amountCents': 'Montant (centimes)',
      'concierge.myData.f.paidOn': 'Payé le',
      'concierge.myData.f.statement': 'Avis n°',
    },
    en: {
      'concierge.myData.subscriptions': 'Concierge subscriptions',
      'concierge.myData.requests': 'Service requests',
      'concierge.myData.parcels': 'Parcels',
      'concierge.myData.statements': 'Statements and credit notes',
      'concierge.myData.payments': 'Payments',
      'concierge.myData.f.desk': 'Concierge desk',
      'concierge.myData.f.plan': 'Plan',
      'concierge.myData.f.name': 'Household name',
      'concierge.myData.f.dwelling': 'Home',
      'concierge.myData.f.channel': 'Channel',
      'concierge.myData.f.startsOn': 'Start',
      'concierge.myData.f.endsOn': 'End',
      'concierge.myData.f.status': 'Status',
      'concierge.myData.f.service': 'Service',
      'concierge.myData.f.quantity': 'Quantity',
      'concierge.myData.f.wantedOn': 'Wanted on',
      'concierge.myData.f.notes': 'Details',
      'concierge.myData.f.netCents': 'Net amount (cents)',
      'concierge.myData.f.createdAt': 'Asked on',
      'concierge.myData.f.completedAt': 'Done on',
      'concierge.myData.f.cancelReason': 'Reason for cancelling',
      'concierge.myData.f.kind': 'Kind',
      'concierge.myData.f.carrier': 'Carrier',
      'concierge.myData.f.receivedAt': 'Received on',
      'concierge.myData.f.handedAt': 'Handed over on',
      'concierge.myData.f.returnedAt': 'Returned on',
      'concierge.myData.f.number': 'Number',
      'concierge.myData.f.period': 'Period',
      'concierge.myData.f.grossCents': 'Amount incl. VAT (cents)',
      'concierge.myData.f.issuedAt': 'Issued on',
      'concierge.myData.f.method': 'Method',
      'concierge.myData.f.amountCents': 'Amount (cents)',
      'concierge.myData.f.paidOn': 'Paid on',
      'concierge.myData.f.statement': 'Statement no.',
    },
  },

  async collect(tx, scope): Promise<PersonalDataSection[]> {
    const household = scope.householdId;
    if (!household) return [];
    const f = (k: string) => `concierge.myData.f.${k}`;
    const subscriptions = await tx
      .selectFrom('concierge_subscriptions as s')
      .innerJoin('concierge_desks as d', 'd.id', 's.desk_id')
      .leftJoin('concierge_plans as p', 'p.id', 's.plan_id')
      .select([
        'd.name as desk',
        'p.name_fr as plan',
        's.household_name as name',
        's.dwelling_reference as dwelling',
        's.channel',
        sql<string>`s.starts_on::text`.as('startsOn'),
        sql<string | null>`s.ends_on::text`.as('endsOn'),
        's.status',
      ])
      .where('s.household_id', '=', household)
      .orderBy('s.starts_on', 'desc')
      .execute();
    const requests = await tx
      .selectFrom('concierge_requests as r')
      .leftJoin('concierge_catalogue as c', 'c.id', 'r.catalogue_id')
      .select([
        'c.name_fr as service',
        'r.quantity',
        sql<string | null>`r.wanted_on::text`.as('wantedOn'),
        'r.notes',
        'r.status',
        'r.net_cents as netCents',
        'r.created_at as createdAt',
        'r.completed_at as completedAt',
        'r.cancel_reason as cancelReason',
      ])
      .where('r.household_id', '=', household)
      .orderBy('r.created_at', 'desc')
      .limit(5000)
      .execute();
    const parcels = await tx
      .selectFrom('concierge_parcels as p')
      .select(['p.kind', 'p.carrier', 'p.status', 'p.received_at as receivedAt', 'p.handed_at as handedAt', 'p.returned_at as returnedAt'])
      .where('p.household_id', '=', household)
      .orderBy('p.received_at', 'desc')
      .limit(5000)
      .execute();
    const statements = await tx
      .selectFrom('concierge_statements as s')
      .select(['s.id', 's.number', 's.kind', 's.period', 's.net_cents as netCents', 's.gross_cents as grossCents', 's.issued_at as issuedAt'])
      .where('s.household_id', '=', household)
      .where('s.party', '=', 'household')
      .orderBy('s.issued_at', 'desc')
      .execute();
    const ids = statements.map((s) => s.id as string);
    const payments = ids.length
      ? await tx
          .selectFrom('concierge_payments as p')
          .innerJoin('concierge_statements as s', 's.id', 'p.statement_id')
          .select(['s.number as statement', 'p.kind', 'p.method', 'p.amount_cents as amountCents', sql<string>`p.paid_on::text`.as('paidOn')])
          .where('p.statement_id', 'in', ids)
          .orderBy('p.paid_on', 'desc')
          .execute()
      : [];
    return [
      {
        id: 'concierge.subscriptions',
        title: 'concierge.myData.subscriptions',
        fields: { desk: f('desk'), plan: f('plan'), name: f('name'), dwelling: f('dwelling'), channel: f('channel'), startsOn: f('startsOn'), endsOn: f('endsOn'), status: f('status') },
        rows: plainRows(subscriptions),
      },
      {
        id: 'concierge.requests',
        title: 'concierge.myData.requests',
        fields: { service: f('service'), quantity: f('quantity'), wantedOn: f('wantedOn'), notes: f('notes'), status: f('status'), netCents: f('netCents'), createdAt: f('createdAt'), completedAt: f('completedAt'), cancelReason: f('cancelReason') },
        rows: plainRows(requests),
      },
      { id: 'concierge.parcels', title: 'concierge.myData.parcels', fields: { kind: f('kind'), carrier: f('carrier'), status: f('status'), receivedAt: f('receivedAt'), handedAt: f('handedAt'), returnedAt: f('returnedAt') }, rows: plainRows(parcels) },
      {
        id: 'concierge.statements',
        title: 'concierge.myData.statements',
        fields: { number: f('number'), kind: f('kind'), period: f('period'), netCents: f('netCents'), grossCents: f('grossCents'), issuedAt: f('issuedAt') },
        rows: plainRows(statements.map(({ id: _id, ...s }) => s)),
      },
      { id: 'concierge.payments', title: 'concierge.myData.payments', fields: { statement: f('statement'), kind: f('kind'), method: f('method'), amountCents: f('amountCents'), paidOn: f('paidOn') }, rows: plainRows(payments) },
    ];
  },
};
