// The provider's versions live there with no contract in the registry (published without one): the candidate has
// nothing to be diffed from. What a consumer names (operations, fields) is still judged, against the candidate alone,
// and the verdict says what could not be seen. A consumer of everything (`"*"`, Backstage's consumesApis) names nothing
// to judge, so it refuses until a contract of the provider runs there, or a waiver names it.

import type { GateInput, GateVersion } from '../gate.js';
import type { Notice, VerdictReason } from '../model.js';

/** The provider's live versions whose contract the registry does not hold (the candidate, which has one, is not among them). */
export function findUnknownBases(input: GateInput): GateVersion[] {
  return input.deployed.filter((v) => v.service === input.service && !v.contract);
}

/** The yes (or the no) rests on what consumers name, looked for in the candidate alone: said once, as a warning. */
export function warnUnknownBases(input: GateInput, candidate: GateVersion, unknown: readonly GateVersion[]): VerdictReason {
  const subject = `${candidate.service} ${candidate.version}`;
  return {
    code: 'deployed-contract-unknown',
    severity: 'warning',
    message: `${describeBases(input, unknown)}: ${subject} was not compared with it, so each consumer's operations and fields were looked for in ${subject} alone, and a change to them (a type, a new required input) could not be seen`,
    provider: candidate.service,
    providerVersion: candidate.version,
  };
}

/** A consumer of everything, when no live version's contract is known: nothing shows what the candidate takes from it. */
export function refuseUnseenUse(input: GateInput, candidate: GateVersion, unknown: readonly GateVersion[], consumer: GateVersion): VerdictReason {
  const name = consumer.service;
  const way = `${name}'s owners can declare the operations it uses; meanwhile a deployed-contract-unknown waiver for ${name} (operation "*") lets ${candidate.service} deploy`;
  return {
    code: 'deployed-contract-unknown',
    severity: 'error',
    message: `${name} ${consumer.version} uses all of ${candidate.service} ("*"), and ${describeBases(input, unknown)}: nothing shows what ${name} relies on, so ${candidate.service} ${candidate.version} may take it away unseen (${way})`,
    consumer: name,
    consumerVersion: consumer.version,
    provider: candidate.service,
    providerVersion: candidate.version,
  };
}

/**
 * No version of the provider runs there at all (undeployed, or never deployed while a consumer was): the candidate is
 * compared with nothing. A consumer that names operations or fields is still looked for in the candidate; one of
 * everything names nothing, so nothing was judged for it, and the yes says so instead of passing it in silence.
 */
export function noticeUnjudgedUses(input: GateInput, candidate: GateVersion): Notice[] {
  if (!candidate.contract || input.deployed.some((v) => v.service === input.service)) return [];
  const where =
    input.against === 'branch' ? `published on ${input.environment}` : input.against === 'latest' ? 'published' : `deployed in ${input.environment}`;
  const subject = `${candidate.service} ${candidate.version}`;
  return input.deployed
    .filter((v) => v.service !== input.service && v.declarations.some((d) => d.provider === input.service && d.uses === '*'))
    .map((v) => ({
      code: 'use-not-judged',
      consumer: v.service,
      message: `${v.service} ${v.version} uses all of ${input.service} ("*"), and no version of ${input.service} is ${where}: ${subject} was compared with nothing, so no change was judged for ${v.service} (its owners can declare the operations it uses, which are then looked for in ${subject})`,
    }));
}

/** `users-service 1.0.0, deployed in production, has no contract in the registry`: the same words in every client. */
function describeBases(input: GateInput, unknown: readonly GateVersion[]): string {
  const where =
    input.against === 'branch'
      ? `the latest on ${input.environment}`
      : input.against === 'latest'
        ? 'the latest published'
        : `deployed in ${input.environment}`;
  const versions = unknown.map((v) => v.version).join(', ');
  return `${unknown[0]!.service} ${versions}, ${where}, ${unknown.length === 1 ? 'has' : 'have'} no contract in the registry`;
}
