// Spans -> observed calls: who called which operation of which provider, where, how often and when.
// Pure: the shell passes the providers' contracts in; a span that matches nothing is counted by reason, never guessed.

import type { ObservedCall } from '../model.js';
import { addCallCounts } from './call-count.js';
import { hostOfSpan } from './hosts.js';
import type { ObservedSpan } from './otlp.js';
import { type OperationMatcher, pathOfRoute, pathOfUrl } from './path-match.js';
import { pickServiceName } from './service-name.js';
import { meetOf } from './span-links.js';

export const UNMATCHED_REASONS = [
  'malformed-span',
  'cumulative-counter',
  'before-window',
  'no-consumer',
  'default-service-name',
  'no-environment',
  'unknown-environment',
  'no-method-or-path',
  'unknown-provider',
  'provider-not-deployed',
  'no-matching-operation',
] as const;
export type UnmatchedReason = (typeof UNMATCHED_REASONS)[number];
/** Calls no operation fitted, kept to name in the answer: a hostile export may send a new path per span. */
const MAX_UNFITTED = 3;

interface ProviderLookup {
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
  /** How many spans (or metric data points) each call of `calls` was counted from: what OTLP's partial success counts. */
  spans: number[];
  /** Client spans (or metric data points) that could not be used, by reason. */
  unmatched: Partial<Record<UnmatchedReason, number>>;
  /**
   * SERVER spans whose parent is a matched CLIENT span of the same export, and CLIENT spans nested in a CLIENT span of
   * the same call (a client library's span around its HTTP client's): they confirm it and add nothing.
   */
  confirmed: number;
  /** SERVER and internal spans with nothing to confirm: not calls from a consumer, and not errors. */
  skipped: number;
  /** The environments spans named that the registry does not have, with how many spans each, by name. */
  unknownEnvironments?: Record<string, number>;
  /** A few calls no operation fitted, as sent (`GET /users/1/avatar to users in production`): the count alone named none. */
  unfitted?: string[];
  /** A few callees of `unknown-provider` spans, as sent (`peer.service users (host users.internal)`), with their spans. */
  unnamed?: Record<string, number>;
  /**
   * Each counted CLIENT span with ids as three numbers: its `trace/span` and its parent's (NaN: none), each hashed with
   * the call it was counted as (`meetOf`), and the index of that call in `calls`: a registry tells by them a span counted
   * in an earlier export, or by another replica, from one nested in it or around it.
   */
  links?: number[];
}

/**
 * The provider a span names by `peer.service` when it is a known service, else the one whose `hosts:` list the host it
 * called (a `peer.service` written as the team calls the service, `users`, is common); undefined when neither is known.
 */
export function providerOf(span: ObservedSpan, lookup: Pick<ProviderLookup, 'providerOfHost' | 'isKnown'>): string | undefined {
  const named = span.peerService === undefined ? undefined : pickServiceName(span.peerService, lookup.isKnown);
  if (named !== undefined && lookup.isKnown(named)) return named;
  const host = hostOfSpan(span);
  const byHost = host === undefined ? undefined : lookup.providerOfHost(host);
  return byHost !== undefined && lookup.isKnown(byHost) ? byHost : undefined;
}

/**
 * `unknown_service`, or `unknown_service:node` after the process: what OpenTelemetry's SDKs name a resource whose
 * service.name was never set (the specification's default). Every unnamed service of an organisation reports it, so as
 * a caller it would stand for all of them at once and keep whatever they call in use for nobody to answer for.
 */
function isDefaultServiceName(name: string): boolean {
  return name === 'unknown_service' || name.startsWith('unknown_service:');
}

/** `unfitted`: the call as sent, for a span no operation fitted; `unnamed`: whom a span naming no known provider called. */
type Matched = { call: Omit<ObservedCall, 'count' | 'firstSeen' | 'lastSeen'> } | { reason: UnmatchedReason; unfitted?: string; unnamed?: string };

/** What a span says it called, for one whose provider is unknown: the names to set right are these. */
function describeCallee(span: ObservedSpan): string {
  const host = hostOfSpan(span);
  if (span.peerService !== undefined) return `peer.service ${span.peerService}${host === undefined ? '' : ` (host ${host})`}`;
  return host === undefined ? '(no peer.service, no host)' : `host ${host}`;
}

function matchSpan(span: ObservedSpan, lookup: ProviderLookup): Matched {
  if (!span.consumer) return { reason: 'no-consumer' };
  if (isDefaultServiceName(span.consumer)) return { reason: 'default-service-name' };
  if (!span.environment) return { reason: 'no-environment' };
  if (lookup.isEnvironment && !lookup.isEnvironment(span.environment)) return { reason: 'unknown-environment' };
  const url = span.url !== undefined ? pathOfUrl(span.url) : undefined;
  const route = span.route !== undefined ? pathOfRoute(span.route) : undefined;
  const path = route ?? url;
  if (!span.method || path === undefined) return { reason: 'no-method-or-path' };
  const provider = providerOf(span, lookup);
  if (provider === undefined) return { reason: 'unknown-provider', unnamed: describeCallee(span) };
  const operations = lookup.operationsOf(provider, span.environment);
  if (!operations) return { reason: 'provider-not-deployed' };
  // The URL is what the provider routes: `/users/me` is its literal operation even where the client's template says
  // `/users/{id}`. A URL it does not serve as written (a gateway's prefix in front) leaves the template to say.
  const operation =
    (url !== undefined ? operations(span.method, url, false) : undefined) ?? (route !== undefined ? operations(span.method, route, true) : undefined);
  if (operation === undefined) return { reason: 'no-matching-operation', unfitted: `${span.method} ${path} to ${provider} in ${span.environment}` };
  const version = span.consumerVersion !== undefined && { consumerVersion: span.consumerVersion };
  const consumer = pickServiceName(span.consumer, lookup.isKnown);
  return { call: { consumer, ...version, provider, operation, environment: span.environment } };
}

/** Calls aggregated per consumer, provider, operation and environment, first by consumer. */
export function matchCalls(spans: readonly ObservedSpan[], lookup: ProviderLookup, unusable: Unusable = {}): MatchResult {
  const tally = createCallTally(lookup);
  tally.add(spans, unusable);
  return tally.finish();
}

/** What the reader set aside before matching: malformed spans, cumulative points, calls timed before the window. */
interface Unusable {
  malformed?: number;
  cumulative?: number;
  beforeWindow?: number;
}

interface CallTally {
  /** Counts an export's spans; they may be let go once this returns (a file of many exports is read one at a time). */
  add(spans: readonly ObservedSpan[], unusable?: Unusable): void;
  finish(): MatchResult;
}

/** matchCalls over exports given one at a time: only the counts and the span ids a SERVER span may confirm are kept. */
export function createCallTally(lookup: ProviderLookup): CallTally {
  const byKey = new Map<string, ObservedCall>();
  const spansOf = new Map<ObservedCall, number>();
  const unmatched: MatchResult['unmatched'] = {};
  const count = (reason: UnmatchedReason, n = 1) => {
    if (n > 0) unmatched[reason] = (unmatched[reason] ?? 0) + n;
  };
  // Each matched CLIENT span's call, by trace and span id: a SERVER span it caused confirms it, a CLIENT span nested in it
  // for the same call is it again.
  const matchedSpans = new Map<string, string>();
  // The parents of counted spans that were not among the spans read so far, by the call counted.
  const openParents = new Map<string, string>();
  let nested = 0;
  // SERVER spans are often exported before the CLIENT span that caused them ends: their parents are checked last.
  const parents: string[] = [];
  const unknownEnvironments: Record<string, number> = {};
  const unfitted: string[] = [];
  const unnamed: Record<string, number> = {};
  const links: { span: number; parent: number; key: string }[] = [];
  let skipped = 0;
  function addSpan(span: ObservedSpan, batch: ExportBatch): void {
    if (span.kind !== 'client') {
      if (span.kind === 'server' && span.parentSpanId) parents.push(`${span.traceId ?? ''}/${span.parentSpanId}`);
      else skipped++;
      return;
    }
    const result = batch.matchOf(span);
    if ('reason' in result) {
      count(result.reason);
      const call = result.unfitted?.slice(0, 200);
      if (call !== undefined && unfitted.length < MAX_UNFITTED && !unfitted.includes(call)) unfitted.push(call);
      const callee = result.unnamed?.slice(0, 200);
      if (callee !== undefined && (Object.hasOwn(unnamed, callee) || Object.keys(unnamed).length < MAX_UNFITTED)) unnamed[callee] = (unnamed[callee] ?? 0) + 1;
      if (result.reason === 'unknown-environment') unknownEnvironments[span.environment!] = (unknownEnvironments[span.environment!] ?? 0) + 1;
      return;
    }
    const key = callKeyOf(result.call);
    const own = span.spanId ? `${span.traceId ?? ''}/${span.spanId}` : undefined;
    if (own !== undefined) matchedSpans.set(own, key);
    const parent = span.parentSpanId !== undefined ? `${span.traceId ?? ''}/${span.parentSpanId}` : undefined;
    // Its nested span came in an earlier export of the same file (read by one tally): the call is counted already.
    if ((parent !== undefined && (matchedSpans.get(parent) ?? batch.callOf(parent)) === key) || (own !== undefined && openParents.get(own) === key)) {
      nested++;
      return;
    }
    if (parent !== undefined) openParents.set(parent, key);
    if (own !== undefined || parent !== undefined) {
      links.push({ span: own === undefined ? Number.NaN : meetOf(own, key), parent: parent === undefined ? Number.NaN : meetOf(parent, key), key });
    }
    const seen = byKey.get(key);
    if (!seen) {
      const call = { ...result.call, count: span.count, firstSeen: span.time, lastSeen: span.time };
      byKey.set(key, call);
      spansOf.set(call, 1);
    } else {
      spansOf.set(seen, (spansOf.get(seen) ?? 0) + 1);
      seen.count = addCallCounts(seen.count, span.count);
      if (span.time < seen.firstSeen) seen.firstSeen = span.time;
      if (span.time > seen.lastSeen) seen.lastSeen = span.time;
    }
  }
  return {
    add(spans, unusable = {}) {
      count('malformed-span', unusable.malformed ?? 0);
      count('cumulative-counter', unusable.cumulative ?? 0);
      count('before-window', unusable.beforeWindow ?? 0);
      const batch = createExportBatch(spans, lookup);
      for (const span of spans) addSpan(span, batch);
    },
    finish() {
      const confirmed = nested + parents.filter((parent) => matchedSpans.has(parent)).length;
      const calls = [...byKey.values()].sort((a, b) =>
        a.consumer !== b.consumer ? (a.consumer < b.consumer ? -1 : 1) : a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0,
      );
      const named = Object.keys(unknownEnvironments).length > 0 ? { unknownEnvironments } : {};
      const spans = calls.map((call) => spansOf.get(call) ?? 0);
      const at = new Map(calls.map((call, i) => [callKeyOf(call), i]));
      const linked = links.length > 0 ? { links: links.flatMap((l) => [l.span, l.parent, at.get(l.key)!]) } : {};
      const examples = { ...(unfitted.length > 0 && { unfitted }), ...(Object.keys(unnamed).length > 0 && { unnamed }) };
      return { calls, spans, unmatched: sortReasons(unmatched), confirmed, skipped: skipped + parents.length - confirmed, ...named, ...examples, ...linked };
    },
  };
}

const callKeyOf = ({ consumer, consumerVersion = '', provider, operation, environment }: Extract<Matched, { call: unknown }>['call']) =>
  [consumer, provider, operation, environment, consumerVersion].join('\u0000');

/** One export's CLIENT spans, each matched once: a nested span's parent may come after it (spans end inside out). */
interface ExportBatch {
  matchOf(span: ObservedSpan): Matched;
  /** The call of the export's CLIENT span with this trace and span id, when it is one that matched. */
  callOf(spanKey: string): string | undefined;
}

function createExportBatch(spans: readonly ObservedSpan[], lookup: ProviderLookup): ExportBatch {
  const matched = new Map<ObservedSpan, Matched>();
  const matchOf = (span: ObservedSpan) => {
    let result = matched.get(span);
    if (!result) matched.set(span, (result = matchSpan(span, lookup)));
    return result;
  };
  let byId: Map<string, ObservedSpan> | undefined;
  return {
    matchOf,
    callOf(spanKey) {
      byId ??= new Map(spans.filter((s) => s.kind === 'client' && s.spanId).map((s) => [`${s.traceId ?? ''}/${s.spanId}`, s]));
      const parent = byId.get(spanKey);
      const result = parent && matchOf(parent);
      return result && 'call' in result ? callKeyOf(result.call) : undefined;
    },
  };
}

/** The counts in the order of UNMATCHED_REASONS, as matchCalls always gave them. */
function sortReasons(unmatched: MatchResult['unmatched']): MatchResult['unmatched'] {
  return Object.fromEntries(UNMATCHED_REASONS.filter((r) => unmatched[r]).map((r) => [r, unmatched[r]]));
}

/** Unmatched counts for people: `unknown-provider 2, no-matching-operation 1`. */
export function describeUnmatched(unmatched: MatchResult['unmatched']): string {
  return UNMATCHED_REASONS.filter((r) => unmatched[r])
    .map((r) => `${r} ${unmatched[r]}`)
    .join(', ');
}

/**
 * `; no operation of the deployed contract fits GET /users/1/avatar to users in production, ... and 2 more`: the calls
 * kept in `unfitted`, said alike by the registry's answer and offline `overseer observe` (`contract` names which one).
 */
export function describeUnfitted({ unfitted, unmatched }: Pick<MatchResult, 'unfitted' | 'unmatched'>, contract: string): string {
  if (unfitted === undefined) return '';
  const more = (unmatched['no-matching-operation'] ?? 0) - unfitted.length;
  return `; no operation of ${contract} fits ${unfitted.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/**
 * `; no known service is named by: peer.service users (host users.internal) 2: ...`: whom the spans of
 * `unknown-provider` called, so that the Collector's log says which name to set right, not only how many were dropped.
 */
export function describeUnnamed({ unnamed, unmatched }: Pick<MatchResult, 'unnamed' | 'unmatched'>): string {
  if (unnamed === undefined) return '';
  const listed = Object.entries(unnamed);
  const more = (unmatched['unknown-provider'] ?? 0) - listed.reduce((sum, [, n]) => sum + n, 0);
  const called = listed.map(([callee, n]) => `${callee} ${n}`).join(', ');
  return (
    `; no known service is named by: ${called}${more > 0 ? ` and ${more} more` : ''}: set peer.service to the name ` +
    'the provider is published under, or list the host under hosts: in its overseer.yaml'
  );
}
