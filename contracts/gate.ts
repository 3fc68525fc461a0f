// The deploy gate: can version V of service S go to environment E, given what E runs now.
// A pure function of what the store holds; the registry and the CLI gather it and act on the verdict.
import { type ContractDiff, diffContracts } from './diff.js';
import { compareText, findImpact, indexReach, matchOperations } from './impact.js';
import type { LoadedContract } from './load/load.js';
import type { Change, Declaration, ObservedCall, Verdict, VerdictReason } from './model.js';
import { checkSatisfies } from './satisfy.js';
import { addObservedUses, markObservedBasis, type UsagePolicy } from './usage/observed-gate.js';

export interface GateVersion {
  service: string;
  version: string;
  contract?: LoadedContract;
  declarations: Declaration[];
}

export interface GateInput {
  service: string;
  version: string;
  environment: string;
  /** The version asked about; undefined when the registry does not know it. */
  candidate?: GateVersion;
  /** The versions deployed in the environment now (possibly an older version of `service` itself). */
  deployed: GateVersion[];
  /** Today as `YYYY-MM-DD`, for sunset dates. */
  today?: string;
  /** Calls of the service seen in traces within the window, in this environment: they count as uses (issue 20). */
  observed?: ObservedCall[];
  /** Which uses count: `declared`, `observed` or `both` (default). */
  usage?: UsagePolicy;
}

export function decideDeploy(input: GateInput): Verdict {
  const verdict = (reasons: VerdictReason[]): Verdict => ({
    deployable: !reasons.some((r) => r.severity === 'error'),
    service: input.service,
    version: input.version,
    environment: input.environment,
    reasons: sortReasons(reasons),
  });
  const candidate = input.candidate;
  if (!candidate) {
    const message = `${input.service} ${input.version} is not known to the registry: publish it before asking whether it can be deployed`;
    return verdict([{ code: 'version-unknown', severity: 'error', message, provider: input.service, providerVersion: input.version }]);
  }
  const { judged, observedOnly } = withObservedUses(input);
  return verdict(markObservedBasis([...judgeAsProvider(judged, candidate), ...judgeAsConsumer(input, candidate)], input.service, observedOnly));
}

/** The consumers' uses of the service as the policy counts them: declared, observed, or both. */
function withObservedUses(input: GateInput) {
  const current = input.deployed.find((v) => v.service === input.service)?.contract;
  const { deployed, observedOnly } = addObservedUses(input.deployed, input.service, input.observed ?? [], input.usage ?? 'both', current);
  return { judged: { ...input, deployed }, observedOnly };
}

/** Every deployed consumer of the service must keep working with the candidate's contract. */
function judgeAsProvider(input: GateInput, candidate: GateVersion): VerdictReason[] {
  const consumers = input.deployed
    .filter((v) => v.service !== input.service)
    .map((v) => ({ version: v, declarations: v.declarations.filter((d) => d.provider === input.service) }))
    .filter((c) => c.declarations.length > 0);
  if (consumers.length === 0) return [];
  const provided = candidate.contract;
  if (!provided) return consumers.map((c) => contractMissing(candidate, c.version));
  const current = input.deployed.find((v) => v.service === input.service)?.contract;
  // No contract of the service runs in the environment yet (first deploy): there is nothing to diff against.
  const diff = current ? diffContracts(current, provided, { ...(input.today ? { today: input.today } : {}) }) : undefined;
  const reasons: VerdictReason[] = [];
  for (const { version, declarations } of consumers) {
    if (diff) reasons.push(...judgeChanges(diff, candidate, version, declarations));
    for (const d of declarations)
      reasons.push(...checkSatisfies(provided, d).map((r) => ({ ...r, consumerVersion: version.version, providerVersion: candidate.version })));
  }
  return reasons;
}

function judgeChanges(diff: ContractDiff, candidate: GateVersion, consumer: GateVersion, declarations: Declaration[]): VerdictReason[] {
  const { consumersOf } = findImpact(diff, declarations);
  // Only this consumer's declarations were judged: any name on a change is this consumer.
  const breaking = asSeenBy(
    diff,
    declarations,
    diff.changes.filter((c) => (consumersOf.get(c) ?? []).length > 0),
  );
  if (breaking.length === 0) return [];
  return [
    {
      code: 'breaks-consumer',
      severity: 'error',
      message: `${candidate.service} ${candidate.version} would break ${consumer.service} ${consumer.version}: ${summarizeChanges(breaking)}`,
      consumer: consumer.service,
      consumerVersion: consumer.version,
      provider: candidate.service,
      providerVersion: candidate.version,
      changes: breaking,
    },
  ];
}

/** A change in a shared schema names the operation this consumer uses, not the first that reaches it. */
function asSeenBy(diff: ContractDiff, declarations: Declaration[], changes: Change[]): Change[] {
  const index = indexReach(diff.operations);
  const used = new Set<string>();
  for (const d of declarations) {
    if (d.uses === '*') return changes;
    for (const u of d.uses) for (const op of matchOperations(u.operation, index)) used.add(op.label);
  }
  return changes.map((c) => {
    const mine = c.operations?.find((label) => used.has(label));
    return mine && mine !== c.operation ? { ...c, operation: mine } : c;
  });
}

/** Every provider the candidate declares must be deployed and offer what it uses. */
function judgeAsConsumer(input: GateInput, candidate: GateVersion): VerdictReason[] {
  const reasons: VerdictReason[] = [];
  for (const d of candidate.declarations) {
    if (d.provider === input.service) continue;
    const provider = input.deployed.find((v) => v.service === d.provider);
    if (!provider) {
      const message = `${d.provider} is not deployed in ${input.environment}, and ${candidate.service} ${candidate.version} uses it: deploy it first`;
      reasons.push({
        code: 'provider-not-deployed',
        severity: 'error',
        message,
        consumer: candidate.service,
        consumerVersion: candidate.version,
        provider: d.provider,
      });
      continue;
    }
    if (!provider.contract) {
      reasons.push(contractMissing(provider, candidate));
      continue;
    }
    reasons.push(...checkSatisfies(provider.contract, d).map((r) => ({ ...r, consumerVersion: candidate.version, providerVersion: provider.version })));
  }
  return reasons;
}

function contractMissing(provider: GateVersion, consumer: GateVersion): VerdictReason {
  return {
    code: 'contract-missing',
    severity: 'error',
    message: `${provider.service} ${provider.version} publishes no contract, and ${consumer.service} ${consumer.version} uses it: nothing says it offers what is used`,
    consumer: consumer.service,
    consumerVersion: consumer.version,
    provider: provider.service,
    providerVersion: provider.version,
  };
}

/** The first few changes, for a message a person reads; the reason carries them all. */
function summarizeChanges(changes: Change[]): string {
  const shown = changes.slice(0, 3).map((c) => (c.operation ? `${c.operation}: ${c.message}` : c.message));
  const more = changes.length > shown.length ? ` (and ${changes.length - shown.length} more)` : '';
  return shown.join('; ') + more;
}

function sortReasons(reasons: VerdictReason[]): VerdictReason[] {
  const keyOf = (r: VerdictReason) =>
    [r.code, r.consumer, r.consumerVersion, r.provider, r.providerVersion, r.operation, r.field, r.message].map((v) => v ?? '');
  return reasons.sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    for (let i = 0; i < ka.length; i++) {
      const c = compareText(ka[i], kb[i]);
      if (c !== 0) return c;
    }
    return 0;
  });
}
