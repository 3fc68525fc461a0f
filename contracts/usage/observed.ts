// Spans -> observed calls: who called which operation of which provider, where, how often and when.
// Pure: the shell passes the providers' contracts in; a span that matches nothing is counted by reason, never guessed.

import type { ObservedCall } from '../model.js';
import { hostOfSpan } from './hosts.js';
import type { ObservedSpan } from './otlp.js';
import { type OperationMatcher, pathOfUrl } from './path-match.js';
import { countEdits } from './shape.js';

export const UNMATCHED_REASONS = [
  'malformed-span',
  'cumulative-counter',
  'no-consumer',
  'no-environment',
  'unknown-environment',
  'no-method-or-path',
  'unknown-provider',
  'provider-not-deployed',
  'no-matching-operation',
] as const;
export type UnmatchedReason = (typeof UNMATCHED_REASONS)[number];

export interface ProviderLookup {
  /** The provider that lists this host (lower-case, no port) under `hosts:` in its manifest. */
  providerOfHost(host: string): string | undefined;
  isKnown(provider: string): boolean;
  /** Whether the registry has this environment; absent offline, where every environment is taken as known. */
  isEnvironment?(name: string): boolean;
  /** The matcher of the provider's contract deployed in the environment; undefined when none is. */
  operationsOf(provider: string, environment: string): OperationMatcher | undefined;
}

export interface MatchResult {
  calls: ObservedCall[];
  /** Client spans (or metric data points) that could not be used, by reason. */
  unmatched: Partial<Record<UnmatchedReason, number>>;
  /** SERVER spans whose parent is a matched CLIENT span of the same export: they confirm it and add nothing. */
  confirmed: number;
  /** SERVER and internal spans with nothing to confirm: not calls from a consumer, and not errors. */
  skipped: number;
  /** The environments spans named that the registry does not have, with how many spans each, by name. */
  unknownEnvironments?: Record<string, number>;
}

/**
 * The provider a span names by `peer.service` when it is a known service, else the one whose `hosts:` list the host it
 * called (a `peer.service` written as the team calls the service, `users`, is common); undefined when neither is known.
 */
export function providerOf(span: ObservedSpan, lookup: Pick<ProviderLookup, 'providerOfHost' | 'isKnown'>): string | undefined {
  if (span.peerService !== undefined && lookup.isKnown(span.peerService)) return span.peerService;
  const host = hostOfSpan(span);
  const byHost = host === undefined ? undefined : lookup.providerOfHost(host);
  return byHost !== undefined && lookup.isKnown(byHost) ? byHost : undefined;
}

type Matched = { call: Omit<ObservedCall, 'count' | 'firstSeen' | 'lastSeen'> } | { reason: UnmatchedReason };

function matchSpan(span: ObservedSpan, lookup: ProviderLookup): Matched {
  if (!span.consumer) return { reason: 'no-consumer' };
  if (!span.environment) return { reason: 'no-environment' };
  if (lookup.isEnvironment && !lookup.isEnvironment(span.environment)) return { reason: 'unknown-environment' };
  const path = span.route ?? (span.url !== undefined ? pathOfUrl(span.url) : undefined);
  if (!span.method || path === undefined) return { reason: 'no-method-or-path' };
  const provider = providerOf(span, lookup);
  if (provider === undefined) return { reason: 'unknown-provider' };
  const operations = lookup.operationsOf(provider, span.environment);
  if (!operations) return { reason: 'provider-not-deployed' };
  const operation = operations(span.method, path, span.route !== undefined);
  if (operation === undefined) return { reason: 'no-matching-operation' };
  return { call: { consumer: span.consumer, provider, operation, environment: span.environment } };
}

/** Calls aggregated per consumer, provider, operation and environment, first by consumer. */
export function matchCalls(spans: readonly ObservedSpan[], lookup: ProviderLookup, unusable: { malformed?: number; cumulative?: number } = {}): MatchResult {
  const byKey = new Map<string, ObservedCall>();
  const unmatched: MatchResult['unmatched'] = {};
  if (unusable.malformed) unmatched['malformed-span'] = unusable.malformed;
  if (unusable.cumulative) unmatched['cumulative-counter'] = unusable.cumulative;
  const matchedSpans = new Set<string>();
  const unknownEnvironments: Record<string, number> = {};
  let skipped = 0;
  for (const span of spans) {
    if (span.kind !== 'client') continue;
    const result = matchSpan(span, lookup);
    if ('reason' in result) {
      unmatched[result.reason] = (unmatched[result.reason] ?? 0) + 1;
      if (result.reason === 'unknown-environment') unknownEnvironments[span.environment!] = (unknownEnvironments[span.environment!] ?? 0) + 1;
      continue;
    }
    if (span.spanId) matchedSpans.add(`${span.traceId ?? ''}/${span.spanId}`);
    const { consumer, provider, operation, environment } = result.call;
    const key = [consumer, provider, operation, environment].join('\u0000');
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...result.call, count: span.count, firstSeen: span.time, lastSeen: span.time });
    else {
      seen.count += span.count;
      if (span.time < seen.firstSeen) seen.firstSeen = span.time;
      if (span.time > seen.lastSeen) seen.lastSeen = span.time;
    }
  }
  let confirmed = 0;
  for (const span of spans) {
    if (span.kind === 'client') continue;
    if (span.kind === 'server' && span.parentSpanId && matchedSpans.has(`${span.traceId ?? ''}/${span.parentSpanId}`)) confirmed++;
    else skipped++;
  }
  const calls = [...byKey.values()].sort((a, b) =>
    a.consumer !== b.consumer ? (a.consumer < b.consumer ? -1 : 1) : a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0,
  );
  const named = Object.keys(unknownEnvironments).length > 0 ? { unknownEnvironments } : {};
  return { calls, unmatched, confirmed, skipped, ...named };
}

/**
 * The known name a mistyped or abbreviated one most likely means (`prod` -> `production`, `stg` -> `staging`,
 * `producton` -> `production`): its letters in order from the same first letter, or two edits away; else undefined.
 */
export function findNearestName(name: string, known: readonly string[]): string | undefined {
  const wanted = name.toLowerCase();
  const near = known
    .map((candidate) => ({ candidate, edits: countEdits(wanted, candidate.toLowerCase()) }))
    .filter(({ candidate, edits }) => edits <= 2 || isAbbreviation(wanted, candidate.toLowerCase()))
    .sort((a, b) => a.edits - b.edits);
  return near[0]?.candidate;
}

function isAbbreviation(short: string, long: string): boolean {
  if (short.length < 2 || short.length >= long.length || short[0] !== long[0]) return false;
  let at = 0;
  for (const letter of long) if (letter === short[at]) at++;
  return at === short.length;
}

/** `no environment prod in the registry (did you mean production?)`, for each environment spans named that it lacks. */
export function describeUnknownEnvironments(unknown: Readonly<Record<string, number>>, known: readonly string[]): string {
  return Object.keys(unknown)
    .sort()
    .map((name) => {
      const nearest = findNearestName(name, known);
      return `no environment ${name} in the registry${nearest ? ` (did you mean ${nearest}?)` : ''}`;
    })
    .join('; ');
}

/** Unmatched counts for people: `unknown-provider 2, no-matching-operation 1`. */
export function describeUnmatched(unmatched: MatchResult['unmatched']): string {
  return UNMATCHED_REASONS.filter((r) => unmatched[r])
    .map((r) => `${r} ${unmatched[r]}`)
    .join(', ');
}
