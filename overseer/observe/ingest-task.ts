// A worker thread's part of an OTLP export: its spans (read by ingest-decode.ts) matched to operations and the calls
// counted. An 8 MB export held the event loop for a second when this ran there; now only the counts go back to it.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  countEdits,
  createOperationMatcher,
  describeGuess,
  describeUnfitted,
  describeUnknownEnvironments,
  describeUnmatched,
  describeUnnamed,
  findNearestName,
  matchCalls,
  type ObservedCall,
  type ObservedSpan,
  type OperationMatcher,
  providerOf,
} from '../../contracts/index.js';
import { findStored, parseText } from '../work/parsed-contracts.js';
import { type Decoded, decodeExport } from './ingest-decode.js';
import type { IngestNeeds, IngestResult, WireDirectory, WireIngest } from './ingest-wire.js';

interface Services {
  names: Set<string>;
  byHost: Map<string, string | undefined>;
  environments: string[];
  apis: Map<string, string>;
}

/** Snapshots kept by key: the event loop makes a new one every few seconds, and a retry may still name the last. */
const MAX_SNAPSHOTS = 4;
const MAX_MATCHERS = 1000;
/** Misnamed callers (and unknown environments) named in an export's answer; a misconfigured SDK may send a new name per span. */
const MAX_NAMED_CALLERS = 5;
/** Exports read by a thread that lacked something to match them, kept for their next ask (which may go to another). */
const MAX_WAITING = 2;
/**
 * Past this many spans an export is read again at its next ask rather than kept: the next ask may go to another
 * thread, and what this one kept stayed until two more exports pushed it out (hundreds of MB for an export of tiny spans).
 * A Collector's batch holds 8,192 by default.
 */
const MAX_WAITING_SPANS = 20_000;
const LARGE_EXPORT_BYTES = 1024 * 1024;
// V8's own collector, reached without a command-line flag: worker threads take no V8 options of their own.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const snapshots = new Map<number, Services>();
const waiting = new Map<string, Decoded>();
const matchers = new Map<string, OperationMatcher>();

// What a partial success counts, in OTLP's words: a metrics export rejects data points, not spans.
const UNITS = { traces: 'spans', metrics: 'data points' } as const;

function servicesOf(directory: WireDirectory): Services | undefined {
  if (directory.services) {
    const { names, hosts, environments, apis } = directory.services;
    const byHost = new Map(hosts.map(([host, name]) => [host, name ?? undefined]));
    snapshots.set(directory.key, { names: new Set(names), byHost, environments, apis: new Map(apis) });
    while (snapshots.size > MAX_SNAPSHOTS) snapshots.delete(snapshots.keys().next().value as number);
  }
  return snapshots.get(directory.key);
}

/** The operations of a stored contract: kept by hash, built from this thread's parse of it or the text sent. */
async function matcherOf(hash: string, texts: Map<string, string | undefined>): Promise<OperationMatcher | undefined | 'missing'> {
  const known = matchers.get(hash);
  if (known) return known;
  const contract = texts.has(hash)
    ? texts.get(hash) === undefined
      ? undefined
      : await parseText({ hash, text: texts.get(hash)!, stored: true })
    : findStored(hash);
  if (!contract) return texts.has(hash) ? undefined : 'missing';
  const matcher = createOperationMatcher(contract.doc);
  if (matchers.size >= MAX_MATCHERS) matchers.delete(matchers.keys().next().value as string);
  matchers.set(hash, matcher);
  return matcher;
}

/**
 * The contracts live at once (a canary beside the version it replaces), tried newest first: the newest names a call as
 * before, and a call only an older one serves (an operation the canary drops) is that operation's call, not unmatched.
 */
function firstFitting(matchers: readonly OperationMatcher[]): OperationMatcher | undefined {
  if (matchers.length <= 1) return matchers[0];
  return (method, path, isTemplate) => {
    for (const match of matchers) {
      const operation = match(method, path, isTemplate);
      if (operation !== undefined) return operation;
    }
    return undefined;
  };
}

function wait(task: WireIngest, decoded: Decoded, needs: IngestNeeds['needs']): IngestNeeds {
  if (decoded.spans.length > MAX_WAITING_SPANS) return { needs, body: task.body };
  waiting.set(task.id, decoded);
  while (waiting.size > MAX_WAITING) waiting.delete(waiting.keys().next().value as string);
  return { needs, body: task.body };
}

/** The export's calls and what could not be used, or what this thread lacks to tell (the body goes back with it). */
export async function ingestExport(task: WireIngest): Promise<IngestResult | IngestNeeds> {
  try {
    return await ingestOnce(task);
  } finally {
    collectAfterLarge(task);
  }
}

/**
 * A thread that decoded a large export collects its garbage before the next task: V8 let the heap grow by each export's
 * garbage, and eight 8 MB exports of empty spans decoded one after another took one thread past 1.6 GB (720 MB with this).
 */
function collectAfterLarge(task: WireIngest): void {
  if (task.body instanceof Uint8Array && task.body.byteLength > LARGE_EXPORT_BYTES) collectGarbage();
}

async function ingestOnce(task: WireIngest): Promise<IngestResult | IngestNeeds> {
  const needs: IngestNeeds['needs'] = { services: false, pairs: [], hashes: [] };
  const services = servicesOf(task.directory);
  // Asked for before the body is read: a large export is then decoded once, by the thread sent the snapshot with it.
  if (!services && !waiting.has(task.id)) return { needs: { ...needs, services: true }, body: task.body };
  const decoded = waiting.get(task.id) ?? decodeExport(task);
  waiting.delete(task.id);
  const { malformed, cumulative, ignored, beforeWindow } = decoded;
  if (!services) return wait(task, decoded, { ...needs, services: true });
  const { names, byHost, environments } = services;
  const spans = spellApiNames(spellEnvironments(decoded.spans, environments), services);
  const knownEnvironments = new Set(environments);
  const isKnown = (provider: string) => names.has(provider);
  const deployed = new Map(task.directory.deployed.map(([provider, environment, hash]) => [`${provider}\u0000${environment}`, hash]));
  const texts = new Map((task.directory.texts ?? []).map((t) => [t.hash, t.text]));
  const ready = new Map<string, OperationMatcher | undefined>();
  let lacking = false;
  const providerOfHost = (host: string) => byHost.get(host);
  for (const span of spans) {
    if (span.kind !== 'client' || !span.environment || !knownEnvironments.has(span.environment)) continue;
    const provider = providerOf(span, { providerOfHost, isKnown });
    const key = `${provider}\u0000${span.environment}`;
    if (provider === undefined || ready.has(key)) continue;
    ready.set(key, undefined);
    const hashes = deployed.get(key);
    if (hashes === undefined) needs.pairs.push([provider, span.environment]);
    else {
      const found: OperationMatcher[] = [];
      for (const hash of hashes) {
        const matcher = await matcherOf(hash, texts);
        needs.hashes.push(hash);
        if (matcher === 'missing') lacking = true;
        else if (matcher) found.push(matcher);
      }
      ready.set(key, firstFitting(found));
    }
  }
  // Every contract the spans name is asked for, not only those this thread lacks: the next ask may go to another thread.
  if (needs.pairs.length > 0 || lacking) return wait(task, decoded, needs);
  const isEnvironment = (name: string) => knownEnvironments.has(name);
  const lookup = { providerOfHost, isKnown, isEnvironment, operationsOf: (p: string, e: string) => ready.get(`${p}\u0000${e}`) };
  const matched = matchCalls(spans, lookup, { malformed, cumulative, beforeWindow });
  const result = { ...matched, skipped: matched.skipped + ignored };
  const rejected = Object.values(result.unmatched).reduce((sum, n) => sum + (n ?? 0), 0);
  const unknownEnvironments = result.unknownEnvironments && nameSome(result.unknownEnvironments);
  const unknown = unknownEnvironments && `; ${describeUnknownEnvironments(unknownEnvironments.named, environments)}${unknownEnvironments.more}`;
  const early = decoded.oldest && `; ${describeBeforeWindow(task.windowStart, decoded.oldest)}`;
  const unnamed = result.unmatched['default-service-name'] ? `; ${DEFAULT_NAME_ADVICE}` : '';
  const pathless = result.unmatched['no-method-or-path'] ? `; ${NO_PATH_ADVICE[task.signal]}` : '';
  const unused = `${UNITS[task.signal]} not used: ${describeUnmatched(result.unmatched)}${unknown ?? ''}${early ?? ''}${unnamed}${pathless}${describeUnnamed(result)}${describeUnfitted(result, 'the deployed contract')}`;
  const strangers = describeMisnamedCallers(result, services.names);
  const named = unknownEnvironments && { unknownEnvironments: unknownEnvironments.named };
  return { ...result, ...named, rejected, message: rejected === 0 ? '' : unused, ...(strangers && { warning: strangers }) };
}

/**
 * The first few unknown environments by name, and how many more: each was a sentence naming the known ones, so an export
 * of 500 spans, each with an environment of its own, was answered (and logged) in 150 KB.
 */
function nameSome(unknown: Readonly<Record<string, number>>): { named: Record<string, number>; more: string } {
  const names = Object.keys(unknown).sort();
  const named = Object.fromEntries(names.slice(0, MAX_NAMED_CALLERS).map((name) => [name, unknown[name]!]));
  const left = names.length - MAX_NAMED_CALLERS;
  return { named, more: left > 0 ? `; and ${left} more unknown environment${left === 1 ? '' : 's'}` : '' };
}

/**
 * `Production` is production: the registry refuses an environment that differs from another only in case, so a span's
 * environment that names one once case is set aside can mean no other. Refused as unknown, its calls counted for no one.
 */
function spellEnvironments(spans: ObservedSpan[], environments: readonly string[]): ObservedSpan[] {
  const known = new Set(environments);
  const byLower = new Map(environments.map((name) => [name.toLowerCase(), name]));
  return spans.map((span) => {
    if (span.environment === undefined || known.has(span.environment)) return span;
    const name = byLower.get(span.environment.toLowerCase());
    return name === undefined ? span : { ...span, environment: name };
  });
}

/**
 * A `peer.service` that names a Backstage API (`users-api`) rather than a service means the service providing it, as a
 * consumer's `consumesApis` does: such spans were refused as `unknown-provider`, and the gate said yes to removing what
 * those callers call. A service of that name wins, as it does for declarations.
 */
function spellApiNames(spans: ObservedSpan[], { names, apis }: Services): ObservedSpan[] {
  if (apis.size === 0) return spans;
  return spans.map((span) => {
    const named = span.peerService;
    if (named === undefined || names.has(named)) return span;
    const provider = apis.get(named) ?? apis.get(named.toLowerCase());
    return provider === undefined ? span : { ...span, peerService: provider };
  });
}

// A call without a method or a path names no operation. Most HTTP client instrumentations record the path in url.full
// alone, which a spanmetrics dimension keeps as one series per URL: the connector's example lists the templates only.
const NO_PATH_ADVICE = {
  traces: 'no-method-or-path: the span has no http.request.method, or no url.template, http.route or url.full to take the path from',
  metrics:
    'no-method-or-path: the data point has no http.request.method, or no url.template or http.route (or url.full) to take the path from: ' +
    "list them among the spanmetrics connector's dimensions, or send the spans to /v1/traces",
} as const;

// The SDK's name for a service that set none stands for every such service at once: no caller to count, or to ask.
const DEFAULT_NAME_ADVICE =
  "service.name unknown_service is the OpenTelemetry SDK's default when none is set, and names no service: set OTEL_SERVICE_NAME to the name the service is published under";

/** Why calls timed before the window count for nothing, and the time to check the caller's clock against. */
function describeBeforeWindow(windowStart: number, oldest: string): string {
  const start = new Date(windowStart).toISOString();
  return `timed before the usage window, which starts at ${start} (OVERSEER_USAGE_WINDOW_DAYS), the oldest at ${oldest}: is the caller's clock right?`;
}

/**
 * Callers whose `service.name` names no published service but is a typo away from one (`webapp` for `web-app`): their
 * calls are kept, but no gate counts them, so the export is answered with a warning (OTLP: rejected 0 and a message).
 * A name near none is a service not published yet, common while an organisation adopts the registry: not warned of at
 * every export (`overseer usage` marks it).
 */
function describeMisnamedCallers({ calls, spans }: { calls: readonly ObservedCall[]; spans: readonly number[] }, names: ReadonlySet<string>): string {
  const misnamed = new Map<string, { count: number; guess: string }>();
  const known = [...names];
  calls.forEach((call, i) => {
    if (names.has(call.consumer)) return;
    const seen = misnamed.get(call.consumer);
    if (seen) seen.count += spans[i] ?? 0;
    else {
      const guess = findNearestName(call.consumer, known);
      if (guess !== undefined && isTypo(call.consumer, guess)) misnamed.set(call.consumer, { count: spans[i] ?? 0, guess });
    }
  });
  if (misnamed.size === 0) return '';
  const listed = [...misnamed].slice(0, MAX_NAMED_CALLERS).map(([name, { count, guess }]) => `${name} ${count}${describeGuess(guess)}`);
  const more = misnamed.size > MAX_NAMED_CALLERS ? ` and ${misnamed.size - MAX_NAMED_CALLERS} more` : '';
  return `callers not registered, whose calls no gate counts: ${listed.join('; ')}${more}; set service.name to the name the service is published under`;
}

// A typo, not a shortening: `checkout` beside `checkout-web` may well be a service of its own, not published yet.
function isTypo(name: string, guess: string): boolean {
  return countEdits(name.toLowerCase(), guess.toLowerCase()) <= (name.length <= 4 ? 1 : 2);
}
