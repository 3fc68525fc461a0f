// The gate's consumer side: every provider the candidate declares must be live where it deploys and offer what it
// uses, on each live version its calls may land on. Its own use of itself is judged apart (usage/self-uses.ts).

import type { GateInput, GateVersion } from '../gate.js';
import type { VerdictReason } from '../model.js';
import { checkSatisfies } from '../satisfy.js';
import { judgeOwnCalls } from '../usage/observed-gate.js';
import { contractMissing, refuseMissingProvider } from '../usage/provider-missing.js';

/** Every provider the candidate declares must be deployed and offer what it uses. */
export function judgeAsConsumer(input: GateInput, candidate: GateVersion): VerdictReason[] {
  const reasons: VerdictReason[] = [];
  for (const d of candidate.declarations) {
    // Its use of itself is judged apart (usage/self-uses.ts): it is live wherever it deploys.
    if (d.provider === input.service) continue;
    const live = input.deployed.filter((v) => v.service === d.provider);
    if (live.length === 0) {
      reasons.push(refuseMissingProvider(input, candidate, d));
      continue;
    }
    // Requests land on any live version of the provider: each must offer what the candidate uses.
    for (const provider of live) {
      if (!provider.contract) {
        reasons.push(contractMissing(provider, candidate));
        continue;
      }
      const others = live.filter((v) => v !== provider);
      reasons.push(
        ...checkSatisfies(provider.contract, d).map((r) => ({
          ...r,
          ...(others.length > 0 && { message: `${r.message}: ${describeLive(provider)} is live there beside ${others.map(describeLive).join(', ')}` }),
          consumerVersion: candidate.version,
          providerVersion: provider.version,
        })),
      );
    }
  }
  // Its own version's calls count as the provider side counts a live consumer's (usage/observed-gate.ts).
  if (input.usage !== 'declared' && input.candidateCalls) reasons.push(...judgeOwnCalls(candidate, input.candidateCalls, input.deployed));
  return reasons;
}

/** `checkout-web 4.1 (a supported release)`: the kind is named where it explains why an old version still counts. */
export function describeLive(version: GateVersion): string {
  const how = version.live === 'released' ? ' (a supported release)' : version.live === 'rolling' ? ' (rolling)' : '';
  return `${version.service} ${version.version}${how}`;
}
