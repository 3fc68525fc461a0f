// The comment's verdict in words: who was judged, what breaks whom, and why a "safe" is safe (or judged nobody). Pure:
// an outcome in, a paragraph of markdown out; comment.ts puts it under the headline.

import { escapeMarkdown, isUnusedBreaking } from '../contracts/index.js';
import { countServices, describeUnmet, describeVersionsLive, plural } from './comment-counts.js';
import { describeRegistryNotices } from './comment-notices.js';
import { describeWaivedCount, describeWaivedVerdict } from './comment-waivers.js';
import { countRegistryBlocking, type Outcome } from './report.js';

export function describeVerdict(outcome: Outcome, blocking: number): string {
  // A "safe" about an environment where nothing was ever recorded judged nobody: the wrong `environment` input, or
  // deployments never recorded there.
  const nobody = outcome.judgedNobody ? `\n\n:warning: **Nobody was judged:** ${escapeMarkdown(outcome.judgedNobody.message)}.` : '';
  // Retiring a service is judged as a contract offering nothing: every consumer still calling it is broken.
  const deleted = outcome.deleted
    ? `This pull request deletes ${code(outcome.contract)}: judged as a contract with no operation, so every consumer still calling the service is broken. `
    : '';
  return deleted + describeCompared(outcome) + describeJudged(outcome, blocking) + describeRegistryNotices(outcome) + nobody;
}

// Said first: what a "safe" or a "blocked" was judged against, when it was no commit of this pull request.
function describeCompared({ comparedWith, service, environment }: Outcome): string {
  if (!comparedWith) return '';
  const live = escapeMarkdown(`${service} ${comparedWith.version}`);
  return `No base in this pull request (the contract is new at its path, or moved without a rename GitHub records): compared with ${live}, live in ${escapeMarkdown(environment ?? '')}. `;
}

function describeJudged(outcome: Outcome, blocking: number): string {
  const { report, environment } = outcome;
  if (outcome.isNew) return describeNew(outcome, blocking);
  if (report.changes.length === 0 && blocking === 0)
    return outcome.comparedWith ? 'It changes nothing the live version offers.' : 'This pull request does not change the contract.';
  const unused = report.changes.filter((c) => isUnusedBreaking(report, c)).length;
  const unusedNote = unused > 0 ? ` ${plural(unused, 'breaking change')} ${unused === 1 ? 'touches' : 'touch'} nothing a consumer there uses.` : '';
  if (environment === undefined) {
    const why = outcome.offlineFork
      ? 'judged without a registry: this pull request comes from a fork, whose run GitHub gives no secrets or variables, so `registry` was empty'
      : 'judged without a registry: no consumers known';
    return blocking > 0
      ? `${plural(blocking, 'change')} ${blocking === 1 ? 'reaches' : 'reach'} \`fail-on: ${report.failOn}\` (${why}).`
      : `No change reaches \`fail-on: ${report.failOn}\` (${why}).${describeWaivedCount(outcome)}`;
  }
  const consumers = countServices(report);
  if (outcome.newService && blocking === 0)
    return `${escapeMarkdown(outcome.service ?? '')} is not in the registry yet: judged as a new service, which no consumer deployed in ${escapeMarkdown(environment)} uses yet.`;
  if (blocking === 0 && consumers === 0) return `No consumer deployed in ${escapeMarkdown(environment)} uses this service.`;
  const versions = describeVersionsLive(report);
  const which = `${consumers === 1 ? 'the one consumer' : `any of the ${consumers} consumers`}${versions}`;
  // A waived break is still one: saying "no change breaks" would hide what the deploy will do to its consumers.
  const waived =
    blocking === 0 &&
    describeWaivedVerdict(outcome, `${consumers === 1 ? 'the one consumer' : `the ${consumers} consumers`}${versions}`, escapeMarkdown(environment));
  if (waived) return `${waived}${unusedNote}`;
  if (blocking === 0) return `No change breaks ${which} deployed in ${escapeMarkdown(environment)}.${unusedNote}`;
  const { own, observed } = countRegistryBlocking(outcome);
  const seen = new Set(outcome.observedReasons.map((r) => r.consumer)).size;
  const changes = report.changes.filter((c) => c.blocking).length;
  const brokenByChanges = new Set(report.changes.filter((c) => c.blocking).flatMap((c) => c.consumers ?? [])).size;
  const parts = [
    changes > 0 ? `${plural(changes, 'change')} would break ${plural(brokenByChanges, 'consumer')} deployed in ${escapeMarkdown(environment)}` : '',
    describeUnmet(outcome),
    observed > 0 ? `it would break ${plural(seen, 'consumer')} seen calling ${escapeMarkdown(outcome.service ?? 'this service')} there (in traces)` : '',
    describeMisdirectedBreaks(outcome),
    own > 0 ? `${plural(own, 'thing')} ${escapeMarkdown(outcome.service ?? 'this service')} uses ${own === 1 ? 'is' : 'are'} not offered there` : '',
  ];
  // After what it was compared with, a list that opens with "it" opens a sentence.
  const said = parts.filter(Boolean).join('; and ');
  return `${outcome.comparedWith ? said.replace(/^it /, 'It ') : said}.${unusedNote}`;
}

// New at its path is no proof that nobody calls it: the service may run with consumers (a contract moved without a
// recorded rename, or first written for a running service). The gate judges it against them, so the comment does too.
function describeNew(outcome: Outcome, blocking: number): string {
  const { report, environment } = outcome;
  const opening = 'The contract is new in this pull request';
  if (environment === undefined) return `${opening}: nothing can depend on it yet.`;
  const env = escapeMarkdown(environment);
  const service = escapeMarkdown(outcome.service ?? 'this service');
  const consumers = countServices(report);
  if (blocking === 0 && consumers === 0) return `${opening}: no consumer deployed in ${env} uses ${service}.`;
  const which = `${consumers === 1 ? 'the one consumer' : `the ${consumers} consumers`}${describeVersionsLive(report)}`;
  if (blocking === 0)
    return `${opening}, and judged as the gate will judge it: it offers everything ${which} of ${service} deployed in ${env} ${consumers === 1 ? 'uses' : 'use'}.`;
  const lacks = report.unmet?.filter((u) => u.blocking).length ?? 0;
  const broken = new Set(report.unmet?.filter((u) => u.blocking).map((u) => u.consumer)).size;
  const seen = new Set(outcome.observedReasons.map((r) => r.consumer)).size;
  const { own } = countRegistryBlocking(outcome);
  const parts = [
    lacks > 0 ? `it lacks ${plural(lacks, 'use')} of ${plural(broken, 'consumer')} of ${service} deployed in ${env}` : '',
    seen > 0 ? `it would break ${plural(seen, 'consumer')} seen calling ${service} there (in traces)` : '',
    describeMisdirectedBreaks(outcome),
    own > 0 ? `${plural(own, 'thing')} ${service} uses ${own === 1 ? 'is' : 'are'} not offered there` : '',
  ];
  return `${opening}, but judged as the gate will judge it: ${parts.filter(Boolean).join('; and ')}.`;
}

// The listing of consumers names each provider as the manifest writes it: a misspelling is counted by the gate alone.
function describeMisdirectedBreaks(outcome: Outcome): string {
  const names = [...new Set(outcome.misdirectedReasons.map((r) => r.consumer))];
  if (countRegistryBlocking(outcome).misdirected === 0) return '';
  const service = escapeMarkdown(outcome.service ?? 'this service');
  return `it would break ${plural(names.length, 'consumer')} whose manifest${names.length === 1 ? ' misspells' : 's misspell'} ${service} there (the gate counts ${names.length === 1 ? 'it' : 'them'})`;
}

export function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}
