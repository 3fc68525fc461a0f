// The consumer's side of the gate when nothing named as its provider is live where it deploys: either a service not
// deployed (or published) there, or a Backstage API name no service provides, which no deployment will ever cure.

import type { GateInput, GateVersion } from '../gate.js';
import type { Declaration, VerdictReason } from '../model.js';

export function refuseMissingProvider(input: GateInput, candidate: GateVersion, d: Declaration): VerdictReason {
  const uses = `${candidate.service} ${candidate.version} uses it`;
  const where = input.against === 'branch' ? ` on ${input.environment}` : input.against === 'latest' ? '' : ` in ${input.environment}`;
  const message =
    d.api !== undefined && d.api === d.provider
      ? describeUnresolvedApi(candidate, d.api, where)
      : input.against === 'branch' || input.against === 'latest'
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
