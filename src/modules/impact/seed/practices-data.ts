import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';

// Two sheets from the 7th Club de l'Innovation sociale (seed 004), as ICF Habitat could have written them.
const SHEETS = [
  {
    title: 'Résidence d’insertion pour des personnes en souffrance psychique',
    problem: 'Des personnes en souffrance psychique restent exclues du logement et vivent isolées.',
    audience: 'Personnes en souffrance psychique sortant d’hébergement, orientées par les services sociaux.',
    partners: 'Association gestionnaire présente sur place, élus locaux, services de psychiatrie de secteur.',
    means: 'Une résidence dédiée avec des espaces collectifs et une animation active portée par l’association gestionnaire.',
    results: 'Isolement rompu, solidarité entre locataires, autonomie retrouvée pour une partie des résidents.',
    difficulties: 'La confiance entre tous les intervenants est la condition de la réussite ; la résidence doit être proche des transports en commun et des commerces.',
    residenceKind: 'pension_de_famille',
    tags: ['santé mentale', 'insertion', 'résidence dédiée'],
    cost: 4_500_000,
  },
  {
    title: 'Habitat intergénérationnel : faire cohabiter les générations',
    problem: 'Les personnes âgées vivent seules, les jeunes peinent à se loger ; les générations se croisent peu.',
    audience: 'Personnes âgées autonomes et jeunes actifs ou étudiants.',
    partners: 'Gestionnaire de la résidence, élus locaux, La Poste pour les services aux personnes.',
    means: 'Une résidence intergénérationnelle avec une salle commune et un hôte présent deux jours par semaine.',
    results: 'Entraide entre voisins de générations différentes, moins d’isolement des aînés.',
    difficulties: 'Chaque génération doit être convaincue qu’elle peut apporter quelque chose à l’autre.',
    residenceKind: 'intergenerational',
    tags: ['intergénérationnel', 'lien social'],
    cost: null,
  },
];

/** ICF Habitat's two sheets, published to the club. */
export async function seedPractices(db: Db, networkId: string): Promise<void> {
  const org = await db.selectFrom('organisations').select('id').where('slug', '=', 'icf-habitat-sem').executeTakeFirst();
  if (!org) return;
  await withTenant(db, { orgId: org.id as string }, async (tx) => {
    for (const s of SHEETS) {
      await tx
        .insertInto('impact_practices')
        .values({
          organisation_id: org.id,
          network_id: networkId,
          title: s.title,
          problem: s.problem,
          audience: s.audience,
          partners: s.partners,
          means: s.means,
          cost_cents: s.cost,
          results: s.results,
          difficulties: s.difficulties,
          contact: 'Direction clientèle, ICF Habitat Sud-Est Méditerranée',
          residence_kind: s.residenceKind,
          tags: s.tags,
          published_at: new Date('2026-06-19T16:00:00Z'),
        })
        .execute();
    }
  });
}
