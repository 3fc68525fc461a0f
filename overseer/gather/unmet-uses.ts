// A consumer recorded deployed where its provider runs but lacks what it uses (a field, an operation, a status): the
// deployment happened and stands, yet its calls there fail. Only a provider with no version live there used to be
// said; these are the gate's consumer-side reasons for the version, judged in the pool against what runs there now.

import { USE_WAIVER_CODES, type VerdictReason } from '../../contracts/index.js';
import type { Store } from '../store/store.js';
import type { WorkPool } from '../work/pool.js';
import type { WireGateVersion } from '../work/wire.js';
import { decideStored, toGateVersion } from './gate-inputs.js';

const UNMET: ReadonlySet<string> = new Set(USE_WAIVER_CODES);

/** What `service` `version` uses of each provider live in `environment` that the live version lacks, one reason per use and version. */
export async function findUnmetUses(
  deps: { store: Store; work: WorkPool },
  deployed: { service: string; version: string; environment: string },
): Promise<VerdictReason[]> {
  const { store, work } = deps;
  const { service, version, environment } = deployed;
  const [record] = await store.readVersionSet([{ service, version }]);
  // Its use of itself is judged apart, and is met wherever it runs (usage/self-uses.ts).
  const declarations = record?.declarations.filter((d) => d.provider !== service) ?? [];
  if (declarations.length === 0) return [];
  const refs: { service: string; version: string; live: WireGateVersion['live'] }[] = [];
  for (const provider of new Set(declarations.map((d) => d.provider))) {
    for (const d of await store.liveDeployments(provider, environment)) refs.push({ service: provider, version: d.version, live: d.live });
  }
  if (refs.length === 0) return [];
  // The providers' own uses are not the question: left out, the gate judges no consumer of the version deployed.
  const providers = (await store.readVersionSet(refs)).flatMap((r, i) => (r ? [{ ...toGateVersion(r, refs[i]!.live), declarations: [] }] : []));
  const candidate = { ...toGateVersion(record!), declarations };
  const verdict = await decideStored(store, work, { service, version, environment, candidate, deployed: providers });
  return verdict.reasons.filter((r) => UNMET.has(r.code) && r.consumer === service && r.consumerVersion === version && r.provider !== service);
}

/** The warning `record-deployment` prints for each: the provider and version there, then what the gate says is missing. */
export function warnUnmet(reason: VerdictReason, environment: string): { code: 'use-unmet'; message: string } {
  const subject = `${reason.consumer} ${reason.consumerVersion} runs in ${environment} against ${reason.provider} ${reason.providerVersion}`;
  return { code: 'use-unmet', message: `${subject}, which lacks what it uses: ${reason.message}` };
}
