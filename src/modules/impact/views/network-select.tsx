import type { NetworkRef } from '../queries/benchmark.js';

/** The network chooser of the network pages (benchmark and club meetings), for a member of several networks. */
export function NetworkSelect(p: { t: (key: string) => string; networks: NetworkRef[]; selected: NetworkRef | null }) {
  return (
    <>
      <label for="f-network">{p.t('impact.network.choose')}</label>
      <select id="f-network" name="network">
        {p.networks.map((n) => (
          <option value={n.id} selected={n.id === p.selected?.id}>
            {n.name}
          </option>
        ))}
      </select>
    </>
  );
}
