// A service that lists itself among its providers calls its own API (a worker calling its public front, a fan-out back
// through the load balancer). The gate's two sides skip it, a service being no consumer of itself there, so such a use
// went unjudged. As a careful reviewer sees it: the candidate calling what its own contract lacks fails on every such
// call once it runs, so the gate refuses; a version live there that calls itself sends its calls to either version while
// both run (a rolling deploy, a canary), so what one lacks of the other's uses is said, not refused: that overlap ends
// with the rollout, and a deploy that replaces the old version at once has none.

import { keyOfLabel } from '../format/annotate.js';
import type { GateInput, GateVersion } from '../gate.js';
import type { Declaration, Notice, ObservedCall, OperationUsage, VerdictReason } from '../model.js';
import { readSatisfies } from '../satisfy.js';
import { keyOfMiss } from './already-unmet.js';
import { breakingForAll, diffOnce } from './consumer-breaks.js';
import { contractMissing } from './provider-missing.js';

/** The candidate's uses of itself that its own contract does not offer: each refuses, as a consumer's would. */
export function judgeSelfUses(candidate: GateVersion): VerdictReason[] {
  const own = selfDeclarations(candidate);
  if (own.length === 0) return [];
  if (!candidate.contract) return [contractMissing(candidate, candidate)];
  const subject = `${candidate.service} ${candidate.version}`;
  return own.flatMap((d) =>
    readSatisfies(candidate.contract!, d).map((r) => ({
      ...r,
      message: `${subject} calls its own API, and ${r.message}`,
      consumerVersion: candidate.version,
      providerVersion: candidate.version,
    })),
  );
}

/** One notice per live version of the service that calls itself or is called by the candidate, where either lacks the other's uses. */
export function noticeSelfUsesInRollout(asked: GateInput, candidate: GateVersion): Notice[] {
  // Outside an environment nothing runs beside the candidate.
  if ((asked.against !== undefined && asked.against !== 'environment') || !candidate.contract) return [];
  const { input, seen } = addObservedSelfUses(asked);
  const mine = selfDeclarations(candidate);
  const notices: Notice[] = [];
  for (const live of input.deployed) {
    if (live.service !== candidate.service || live.version === candidate.version || !live.contract || live.contract === candidate.contract) continue;
    const theirs = selfDeclarations(live);
    // Most services call no API of their own: no diff is made for them (a large contract's costs seconds).
    if (theirs.length === 0 && mine.length === 0) continue;
    // Old calls new: what the candidate changes or lacks of the live version's uses, less what the live one lacked already.
    const changed = theirs.length === 0 ? [] : breakingForAll([diffOnce(live.contract, candidate.contract, input.today)], theirs, () => []);
    const touched = new Set(changed.flatMap((c) => c.operations ?? (c.operation ? [c.operation] : [])).map(keyOfLabel));
    const lacked = new Set(theirs.flatMap((d) => readSatisfies(live.contract!, d).map(keyOfMiss)));
    const lost = [
      ...changed.map((c) => (c.operation ? `${c.operation}: ${c.message}` : c.message)),
      ...theirs
        .flatMap((d) => readSatisfies(candidate.contract!, d))
        .filter((r) => !lacked.has(keyOfMiss(r)) && (r.operation === undefined || !touched.has(keyOfLabel(r.operation))))
        .map((r) => r.message),
    ];
    // New calls old: what the live version lacks of the candidate's uses, less what the candidate lacks itself (refused).
    const refused = new Set(mine.flatMap((d) => readSatisfies(candidate.contract!, d).map(keyOfMiss)));
    const missing = mine.flatMap((d) => readSatisfies(live.contract!, d)).filter((r) => !refused.has(keyOfMiss(r)));
    if (lost.length === 0 && missing.length === 0) continue;
    notices.push({
      code: 'self-use-rollout',
      message: describeRollout(
        input,
        candidate,
        live,
        lost,
        missing.map((r) => r.message),
        seen.get(live.version),
      ),
    });
  }
  return notices;
}

function describeRollout(input: GateInput, candidate: GateVersion, live: GateVersion, lost: string[], missing: string[], lastSeen?: string): string {
  const [service, next, old] = [candidate.service, candidate.version, live.version];
  const kept = live.live === 'released' ? ' (a supported release, which stays live)' : '';
  const parts = [
    lost.length > 0 ? `the calls ${old} makes fail when they land on ${next}: ${listFew(lost)}` : '',
    missing.length > 0 ? `the calls ${next} makes fail when they land on ${old}: ${listFew(missing)}` : '',
    lastSeen !== undefined ? `${old}'s calls of ${service} seen in traces (last seen ${lastSeen}) count as declared ones` : '',
  ];
  return (
    `${service} ${old}${kept}, live in ${input.environment}, and ${service} ${next} answer each other's calls while both run ` +
    `(a rolling deploy, a canary), since ${service} calls its own API: ${parts.filter(Boolean).join('; and ')}. Not refused, as the ` +
    `overlap ends when ${old} stops; to have none, add an operation in one version and call it in the next, stop calling one ` +
    `before removing it, or replace ${old} at once`
  );
}

/**
 * The live versions of the service with the calls of itself they were seen making added to what they declare of it,
 * as whole operations, as the policy counts observed uses (usage/observed-gate.ts does it for other consumers): a
 * call that names its version is that version's, one that names none every live version's. `seen`: the last time
 * each version was seen calling itself.
 */
function addObservedSelfUses(input: GateInput): { input: GateInput; seen: Map<string, string> } {
  const seen = new Map<string, string>();
  const calls = (input.observed ?? []).filter((c) => c.consumer === input.service && c.provider === input.service);
  const policy = input.usage ?? 'both';
  if (calls.length === 0 || policy === 'declared') return { input, seen };
  const deployed = input.deployed.map((version) => {
    if (version.service !== input.service) return version;
    const own = calls.filter((c) => c.consumerVersion === undefined || c.consumerVersion === version.version);
    const counted = countSelfCalls(version, own, policy);
    // ISO times sort as text: the last is the latest.
    if (counted !== version && own.length > 0)
      seen.set(
        version.version,
        own
          .map((c) => c.lastSeen)
          .sort()
          .at(-1)!,
      );
    return counted;
  });
  return { input: { ...input, deployed }, seen };
}

function countSelfCalls(version: GateVersion, calls: readonly ObservedCall[], policy: 'observed' | 'both'): GateVersion {
  const declared = policy === 'observed' ? [] : selfDeclarations(version);
  if (declared.some((d) => d.uses === '*')) return version;
  const keys = new Set(declared.flatMap((d) => (d.uses === '*' ? [] : d.uses.map((u) => keyOfLabel(u.operation)))));
  const added: OperationUsage[] = [];
  for (const call of calls) {
    const key = keyOfLabel(call.operation);
    if (keys.has(key)) continue;
    keys.add(key);
    added.push({ operation: call.operation });
  }
  if (added.length === 0 && policy === 'both') return version;
  const others = version.declarations.filter((d) => d.provider !== version.service);
  const uses = [...declared.flatMap((d) => (d.uses === '*' ? [] : d.uses)), ...added];
  const own = uses.length > 0 ? [{ consumer: version.service, provider: version.service, uses }] : [];
  return { ...version, declarations: [...others, ...own] };
}

function selfDeclarations(version: GateVersion): Declaration[] {
  return version.declarations.filter((d) => d.provider === version.service);
}

function listFew(items: string[]): string {
  const shown = items.slice(0, 3).join('; ');
  return items.length > 3 ? `${shown} (and ${items.length - 3} more)` : shown;
}
