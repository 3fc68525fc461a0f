// Uses the gate did not count, told in the verdict where counting them would have changed it: calls observed under
// OVERSEER_USAGE=declared, declarations never seen under `observed`, and callers with no version live in the environment.

import { keyOfLabel } from '../format/annotate.js';
import type { GateVersion } from '../gate.js';
import type { LoadedContract } from '../load/load.js';
import type { Notice, ObservedCall, OperationUsage, VerdictReason } from '../model.js';
import { addObservedUses, type UsagePolicy } from './observed-gate.js';

/** The provider's reasons for these consumers alone, judged as the gate judges the deployed ones (waivers included). */
type JudgeConsumers = (consumers: GateVersion[]) => VerdictReason[];

interface UncountedInput {
  service: string;
  environment: string;
  /** Every version live in the environment, as gathered (declarations not yet changed by the policy). */
  deployed: GateVersion[];
  observed: readonly ObservedCall[];
  policy: UsagePolicy;
  /** The provider's contract running there: declarations by operationId are matched through it. */
  contract?: LoadedContract;
}

type Seen = { operation: string; lastSeen: string };

/** Notices for the uses the policy, or the environment, kept from the verdict; none where they would have changed nothing. */
export function noticeUncountedUses(input: UncountedInput, judge: JudgeConsumers): Notice[] {
  const { service, environment, observed, policy } = input;
  const notices: Notice[] = [];
  if (policy === 'declared' && observed.length > 0) {
    const { observedOnly } = addObservedUses(input.deployed, service, observed, 'both', input.contract);
    for (const [consumer, { calls: seen }] of observedOnly) {
      const breaks = describeBreaks(judge([callerOf(consumer, service, seen)]));
      if (breaks) {
        const message = `${describeSeen(consumer, service, environment, seen)}, which ${breaks}; OVERSEER_USAGE=declared, so the gate did not count these calls: declare them in ${consumer}'s consumes, or run the registry with OVERSEER_USAGE=both`;
        notices.push({ code: 'observed-calls-not-counted', consumer, message });
      }
    }
  }
  if (policy === 'observed') notices.push(...noticeUnseenDeclarations(input, judge));
  for (const [consumer, seen] of findCallersNotLive(input)) {
    const breaks = describeBreaks(judge([callerOf(consumer, service, seen)]));
    if (!breaks) continue;
    const message = `${describeSeen(consumer, service, environment, seen)}, which ${breaks}; no version of ${consumer} is live in ${environment} (never registered, or its deployment not recorded), so the gate does not count its calls: record its deployment there for them to count`;
    notices.push({ code: 'caller-not-live', consumer, message });
  }
  return notices;
}

/** Under `observed`, a consumer's declarations of the service count only through calls: what they alone would refuse. */
function noticeUnseenDeclarations(input: UncountedInput, judge: JudgeConsumers): Notice[] {
  const { service, environment, deployed, observed } = input;
  const counted = addObservedUses(deployed, service, observed, 'observed', input.contract).deployed;
  const notices: Notice[] = [];
  for (const [i, version] of deployed.entries()) {
    const own = version.declarations.filter((d) => d.provider === service);
    if (version.service === service || own.length === 0 || counted[i] === version) continue;
    const kept = new Set(judge([counted[i]!]).map(keyOfReason));
    const dropped = judge([{ ...version, declarations: own }]).filter((r) => !kept.has(keyOfReason(r)));
    const breaks = describeBreaks(dropped);
    if (!breaks) continue;
    const message = `${version.service} ${version.version} declares uses of ${service} that were not seen in traces in ${environment} within the window, and ${breaks}; OVERSEER_USAGE=observed, so the gate did not count them`;
    notices.push({ code: 'declared-uses-not-counted', consumer: version.service, message });
  }
  return notices;
}

/** Callers seen calling the service there that have no version among those live there: ignored under every policy. */
function findCallersNotLive({ service, deployed, observed }: UncountedInput): Map<string, Map<string, Seen>> {
  const live = new Set(deployed.map((v) => v.service));
  const callers = new Map<string, Map<string, Seen>>();
  for (const call of observed) {
    if (call.provider !== service || call.consumer === service || live.has(call.consumer)) continue;
    const seen = callers.get(call.consumer) ?? new Map<string, Seen>();
    callers.set(call.consumer, seen);
    const key = keyOfLabel(call.operation);
    const before = seen.get(key);
    if (!before || call.lastSeen > before.lastSeen) seen.set(key, { operation: call.operation, lastSeen: call.lastSeen });
  }
  return callers;
}

/** A caller as the gate would count it: every operation it was seen calling used as a whole. */
function callerOf(consumer: string, service: string, seen: Map<string, Seen>): GateVersion {
  const uses: OperationUsage[] = [...seen.values()].map((s) => ({ operation: s.operation }));
  return { service: consumer, version: 'observed', declarations: [{ consumer, provider: service, uses }] };
}

/** `web-app was seen calling GET /users/{id} of users-service in production (last seen ...)` */
function describeSeen(consumer: string, service: string, environment: string, seen: Map<string, Seen>): string {
  const operations = [...seen.values()].map((s) => s.operation).sort();
  const lastSeen = [...seen.values()]
    .map((s) => s.lastSeen)
    .sort()
    .at(-1);
  return `${consumer} was seen calling ${operations.join(', ')} of ${service} in ${environment} (last seen ${lastSeen})`;
}

/** `the candidate breaks for it (api-path-removed-without-deprecation)`, or undefined when nothing would be refused. */
function describeBreaks(reasons: VerdictReason[]): string | undefined {
  const blocking = reasons.filter((r) => r.severity === 'error');
  if (blocking.length === 0) return undefined;
  // The rules of the changes say it; a miss (`operation-missing`) is named only where no change explains it.
  const changes = blocking.flatMap((r) => (r.changes ?? []).map((c) => c.id));
  const what = new Set(changes.length > 0 ? changes : blocking.map((r) => r.code));
  const provider = blocking[0]!;
  return `${provider.provider} ${provider.providerVersion} would break (${[...what].join(', ')})`;
}

function keyOfReason(r: VerdictReason): string {
  return [r.code, r.operation ?? '', r.field ?? '', ...(r.changes ?? []).map((c) => `${c.id} ${c.operation ?? ''} ${c.message}`)].join('|');
}
