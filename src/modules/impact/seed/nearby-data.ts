import type { Db } from '../../../platform/db/database.js';
import { withTenant } from '../../../platform/db/tenant.js';

type Place = {
  category: string;
  name: string;
  address: string;
  dLat: number;
  dLon: number;
  hours: string;
  access: string;
};

// Around Réma'Vert — Arc-en-Ciel, where the demo resident lives; names are generic, places invented
// except the Conciergerie Solidaire 51's room (from the demo directory).
const AROUND: Record<string, Place[]> = {
  'PN-REMAVERT-ARC': [
    {
      category: 'partner',
      name: 'La Conciergerie Solidaire 51',
      address: 'Salle commune Arc-en-Ciel, rue de l’Arc-en-Ciel, 51100 Reims',
      dLat: 0,
      dLon: 0,
      hours: 'Mardi et jeudi, 17 h – 19 h 30',
      access: 'De plain-pied',
    },
    {
      category: 'post_office',
      name: 'Bureau de poste du quartier',
      address: 'Place du marché, 51100 Reims',
      dLat: 0.004,
      dLon: 0.003,
      hours: 'Lundi au vendredi 9 h – 12 h et 14 h – 17 h 30, samedi 9 h – 12 h',
      access: 'Rampe d’accès',
    },
    {
      category: 'transport',
      name: 'Arrêt de bus Arc-en-Ciel',
      address: 'Rue de l’Arc-en-Ciel, 51100 Reims',
      dLat: 0.001,
      dLon: -0.001,
      hours: 'Tous les jours, 5 h 30 – 0 h 30',
      access: 'Quai surélevé',
    },
    {
      category: 'health',
      name: 'Pharmacie du quartier',
      address: 'Place du marché, 51100 Reims',
      dLat: 0.0042,
      dLon: 0.0028,
      hours: 'Lundi au samedi 8 h 30 – 19 h 30',
      access: 'De plain-pied',
    },
    {
      category: 'shop',
      name: 'Supérette de proximité',
      address: 'Avenue principale, 51100 Reims',
      dLat: -0.003,
      dLon: 0.005,
      hours: 'Tous les jours 8 h – 21 h',
      access: 'De plain-pied',
    },
    {
      category: 'public_service',
      name: 'Maison France services',
      address: 'Centre social, 51100 Reims',
      dLat: 0.009,
      dLon: -0.006,
      hours: 'Lundi au vendredi 9 h – 17 h',
      access: 'Ascenseur',
    },
  ],
  'LM-AIRBEL': [
    {
      category: 'post_office',
      name: 'Bureau de poste de la Parette',
      address: 'Chemin de la Parette, 13011 Marseille',
      dLat: 0.003,
      dLon: 0.002,
      hours: 'Lundi au vendredi 9 h – 17 h',
      access: 'Rampe d’accès',
    },
    {
      category: 'transport',
      name: 'Arrêt de bus Air Bel',
      address: 'Chemin de la Parette, 13011 Marseille',
      dLat: 0.001,
      dLon: 0,
      hours: 'Tous les jours, 6 h – 21 h',
      access: 'Quai surélevé',
    },
  ],
};

/** Services around two demo residences, for the residents' page and the onboarding pack. */
export async function seedNearbyServices(db: Db): Promise<void> {
  for (const [ref, places] of Object.entries(AROUND)) {
    const res = await db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', ref.startsWith('PN') ? 'plurial-novilia' : 'logirem')
      .executeTakeFirst();
    if (!res) continue;
    await withTenant(db, { orgId: res.id as string }, async (tx) => {
      const r = await tx.selectFrom('residences').select(['id', 'latitude', 'longitude']).where('reference', '=', ref).executeTakeFirst();
      if (!r) return;
      for (const p of places) {
        await tx
          .insertInto('impact_nearby_services')
          .values({
            organisation_id: res.id,
            residence_id: r.id,
            category: p.category,
            name: p.name,
            address: p.address,
            latitude: Number(r.latitude) + p.dLat,
            longitude: Number(r.longitude) + p.dLon,
            opening_hours: p.hours,
            accessibility: p.access,
          })
          .execute();
      }
    });
  }
}
