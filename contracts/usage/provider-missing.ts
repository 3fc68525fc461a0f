// The consumer's side of the gate when nothing named as its provider is live where it deploys: either a service not
// deployed (or published) there, or a Backstage API name no service provides, which no deployment will ever cure.

import type { GateInput, GateVersion } from '../gate.js';
import type { Declaration, VerdictReason } from '../model.js';
import { describeGuess, findNearestName } from './nearest-name.js';

export function refuseMissingProvider(input: GateInput, candidate: GateVersion, d: Declaration): VerdictReason {
  const uses = `${candidate.service} ${candidate.version} uses it`;
  const where = input.against === 'branch' ? ` on ${input.environment}` : input.against === 'latest' ? '' : ` in ${input.environment}`;
  const published = input.against === 'branch' || input.against === 'latest';
  const guess = d.api === undefined ? (input.meantProviders?.[d.provider] ?? guessLive(input, candidate, d.provider)) : undefined;
  const message =
    d.api !== undefined && d.api === d.provider
      ? describeUnresolvedApi(candidate, d.api, where)
      : guess !== undefined
        ? `${d.provider} ${published ? 'has no version published' : 'is not deployed'}${where}${describeGuess(guess)} ${uses}: ` +
          `correct the name under its manifest's consumes, or ${published ? 'publish' : 'deploy'} ${d.provider} first`
        : published
          ? `${d.provider} has no version published${where}, and ${uses}: publish it first`
          : `${d.provider} is not deployed${where}, and ${uses}: deploy it first`;
  return {
    code: 'provider-not-deployed',
    severity: 'error',
    message,
    consumer: candidate.service,
    consumerVersion: candidate.version,
    provider: d.provider,
  };
}

/**
 * The service live there a misspelt provider name most likely means (`users-servce`), where the registry named none
 * (`check` offline): deploying a service of the name as written, which the refusal asked alone, never cures a typo.
 * The candidate is no guess: its use of itself is judged apart.
 */
function guessLive(input: GateInput, candidate: GateVersion, provider: string): string | undefined {
  const live = new Set(input.deployed.map((v) => v.service));
  live.delete(candidate.service);
  return findNearestName(provider, live);
}

/** An API name (`consumesApis`) the registry could not resolve: no entity lists it in `providesApis`. */
function describeUnresolvedApi(candidate: GateVersion, api: string, where: string): string {
  const subject = `${candidate.service} ${candidate.version}`;
  return (
    `${subject} consumes the API ${api} (spec.consumesApis), which no service in the registry provides, and no service named ${api} is live${where}: ` +
    `nothing judges what ${candidate.service} uses of it; publish the providing service's catalog-info.yaml with ${api} in spec.providesApis, ` +
    `or name the providing service in ${candidate.service}'s consumesApis`
  );
}

/** A provider live there, or the candidate as one, that published no contract: nothing says it offers what is used. */
export function contractMissing(provider: GateVersion, consumer: GateVersion): VerdictReason {
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
