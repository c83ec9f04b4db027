import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Register files for an import in `work`: `residences` residences (KR-tag-n), then `dwellings` dwellings
 * (KD-tag-n) spread over them, with their expected count per residence and their rents in cents.
 */
export function registerFiles(work: string, tag: string, residences: number, dwellings: number) {
  const res = ['reference;nom;adresse;code_postal;ville'];
  for (let r = 1; r <= residences; r++) res.push(`KR-${tag}-${r};Résidence ${r};${r} rue de la Paix;51100;Reims`);
  const dw = ['reference;residence;batiment;pieces;etage;loyer'];
  const perResidence = new Map<string, number>();
  let rentCents = 0;
  for (let d = 1; d <= dwellings; d++) {
    const residence = `KR-${tag}-${1 + (d % residences)}`;
    perResidence.set(residence, (perResidence.get(residence) ?? 0) + 1);
    rentCents += (300 + (d % 500)) * 100 + (d % 100);
    dw.push(`KD-${tag}-${d};${residence};${String.fromCharCode(65 + (d % 3))};T${1 + (d % 6)};${d % 9};"${300 + (d % 500)},${String(d % 100).padStart(2, '0')}"`);
  }
  const files = { residences: join(work, `residences-${tag}.csv`), dwellings: join(work, `logements-${tag}.csv`) };
  writeFileSync(files.residences, `${res.join('\n')}\n`);
  writeFileSync(files.dwellings, `${dw.join('\n')}\n`);
  return { ...files, perResidence, rentCents };
}
