// The observed-usage service of one registry process: an export is decoded and matched in the worker pool
// (ingest-task.ts), its counts aggregated here; the window, and reads for the gate.

import { randomUUID } from 'node:crypto';
import type { ObservedCall } from '../../contracts/index.js';
import type { Store } from '../store/store.js';
import type { WorkPool } from '../work/pool.js';
import { type Aggregator, type AggregatorLosses, createAggregator, type StopLoss } from './aggregator.js';
import { createCallerBound, describeRefusedCallers } from './caller-bound.js';
import { createCallerVersions } from './caller-versions.js';
import { DEFAULT_OBSERVE, type ObserveConfig, windowStart } from './config.js';
import { createProviderDirectory } from './directory.js';
import type { IngestNeeds, IngestResult, WireIngest } from './ingest-wire.js';
import { createRepeatFilter, PRUNE_MEETS_EVERY_MS } from './nested-calls.js';
import { createSettling } from './settling.js';
import { addUnwritten, flushOrKeep } from './unwritten-calls.js';

const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * A first ask; a second with what the thread lacked; a third when that thread lacked the services snapshot (it could not
 * tell which providers the spans name); one more if the services changed meanwhile. The last is sent all it can need.
 */
const MAX_ASKS = 4;

export interface Observer {
  readonly config: ObserveConfig;
  /** Decodes and matches an export in the pool and counts its calls (written at the next flush). */
  ingest(request: Omit<WireIngest, 'directory' | 'id' | 'windowStart'>): Promise<IngestResult>;
  /** Calls within the window, what is pending written first so that a verdict sees every span received. */
  listCalls(query: { consumer?: string; provider?: string; environment?: string }): Promise<ObservedCall[]>;
  /**
   * The gate's read, `listCalls` of a provider in an environment with the JSON text the pool is sent (one string crosses
   * to a thread for a fraction of the cost of a hub's thousand objects). Kept until this process writes or prunes calls,
   * another connection commits a write of calls (the store's write mark: another replica's calls reach the gate once it
   * wrote them), or the first of its calls leaves the window. With `made`, the calls the service made there as a consumer
   * (`listCalls` of it as the consumer) too, kept with them: can-i-deploy judges its ask both ways, and one check of the
   * store's write mark tells whether both are as they were.
   */
  listGateCalls(provider: string, environment: string, made?: boolean): Promise<GateCalls>;
  /**
   * Spans are matched against services, environments and deployments cached for 5 s; after a write to them, the next
   * export reads them again, so that its spans are not refused as naming an environment created a moment before.
   */
  forgetDirectory(): void;
  /** What /healthz shows of observed usage: counts waiting for the store, and those lost or refused since the start. */
  health(): ObserveHealth;
  /** Writes what waits; a store that refuses it does not fail the stop, and what was lost is given back to be said. */
  stop(): Promise<StopLoss | undefined>;
}

interface ObserveHealth extends AggregatorLosses {
  /** Keys counted and not yet written: many while the store refuses writes. */
  unwritten: number;
  /** Callers refused as exports were answered (the partial success's count). */
  refusedCallers: number;
}

export interface GateCalls {
  calls: ObservedCall[];
  /** The calls the provider made as a consumer, when asked for (listGateCalls' `made`). */
  made?: ObservedCall[];
  /** Names this read in this process: the pool's threads keep the calls they parsed by it. */
  key: string;
  json: string;
}

// Enough for every provider asked about in a few seconds; the oldest read goes first.
const MAX_KEPT_READS = 1000;

/** A caller of a provider in an environment: the bound refuses all of a caller's calls there, or none. */
const callerOf = (call: ObservedCall) => `${call.provider}\u0000${call.environment}\u0000${call.consumer}`;

function isNeeds(answer: IngestResult | IngestNeeds): answer is IngestNeeds {
  return 'needs' in answer;
}

// A second early: ISO times compared as text (the store's) and as numbers (here) may differ in their last digits.
const WINDOW_MARGIN_MS = 1000;

/** When the first of `calls` leaves the window (`listCalls` would no longer give it): NaN, never kept, if one has no time. */
function leavesWindow(calls: readonly ObservedCall[], config: ObserveConfig): number {
  let first = Number.POSITIVE_INFINITY;
  for (const call of calls) first = Math.min(first, Date.parse(call.lastSeen));
  return first + config.windowDays * 24 * 60 * 60 * 1000 - WINDOW_MARGIN_MS;
}

interface ObserverOptions {
  store: Store;
  work: WorkPool;
  config?: ObserveConfig;
  /** Told of the first failed write of observed calls after a good one. */
  onError?: (error: unknown) => void;
  /** Told when counts waiting for a failing store are first dropped, with how many so far. */
  onDropped?: (dropped: number) => void;
  /** The clock the window is read from (the app's, default Date.now): a test ages a call without waiting. */
  now?: () => number;
}

export function createObserver(options: ObserverOptions): Observer {
  const { store, work } = options;
  const config = options.config ?? DEFAULT_OBSERVE;
  const now = options.now ?? Date.now;
  const onError = options.onError ?? (() => {});
  const directory = createProviderDirectory({ store });
  // Reads for the gate, by provider and environment, each as of an `epoch` (every write by this process moves it) and
  // of the store's write mark, and good `until` the first of its calls leaves the window.
  const kept = new Map<string, GateCalls & { until: number; epoch: number; mark: string }>();
  let epoch = 0;
  const id = randomUUID();
  let reads = 0;
  const outdate = () => void epoch++;
  const { maxConsumers, maxUnwritten } = config;
  const aggregator: Aggregator = createAggregator({
    store,
    flushMs: config.flushMs,
    maxConsumers,
    maxUnwritten,
    onError,
    onWritten: outdate,
    onDropped: options.onDropped,
  });
  const callers = createCallerBound({ store, maxConsumers });
  const versions = createCallerVersions(store);
  const repeats = createRepeatFilter(store, now);
  const settling = createSettling();
  let refusedCount = 0;
  const prune = () =>
    store
      .pruneObservedCalls(windowStart(config, now()))
      .then(() => {
        callers.forget();
        outdate();
      })
      .catch(onError);
  const pruner = setInterval(() => void prune(), PRUNE_EVERY_MS);
  pruner.unref();
  void prune();
  const meetPruner = setInterval(() => void repeats.prune().catch(onError), PRUNE_MEETS_EVERY_MS);
  meetPruner.unref();

  /**
   * The answer's calls within the bound on callers; those refused are counted as not used, and said why. The calls are
   * counted once their repeats are dropped, after the answer (settling.ts); a store that cannot tell repeats then has
   * them counted as they are, a nested pair perhaps twice, rather than lose a call the exporter was told was taken.
   */
  async function admit(signal: WireIngest['signal'], answer: IngestResult): Promise<IngestResult> {
    const { kept, refused } = await callers.admit(answer.calls);
    const recorded = await versions.keepRecorded(kept);
    const asRecorded = new Map(kept.map((call, i) => [call, recorded[i]!]));
    // The repeats are found by the spans' places in the answer: the refused calls keep theirs, and are left out after.
    const toCount = { ...answer, calls: answer.calls.map((call) => asRecorded.get(call) ?? call) };
    const refusedCallers = new Set(refused.map(callerOf));
    await settling.start(async () => {
      const unrepeated = await repeats.drop(toCount).catch((error: unknown) => {
        onError(error);
        return toCount;
      });
      aggregator.add(unrepeated.calls.filter((call) => !refusedCallers.has(callerOf(call))));
    });
    if (refused.length === 0) return answer;
    // OTLP counts rejected spans, or data points: a call of the answer may stand for several (a series split by status).
    const spansOf = new Map(answer.calls.map((call, i) => [call, answer.spans[i] ?? 0]));
    const count = refused.reduce((sum, call) => sum + (spansOf.get(call) ?? 0), 0);
    refusedCount += count;
    const why = describeRefusedCallers(refused, maxConsumers);
    const unit = signal === 'traces' ? 'spans' : 'data points';
    const message = answer.message === '' ? `${unit} not used: ${why}` : `${answer.message}; ${why}`;
    return { ...answer, calls: kept, spans: kept.map((call) => spansOf.get(call) ?? 0), rejected: answer.rejected + count, message };
  }

  return {
    config,
    async ingest(request) {
      const start = Date.parse(windowStart(config, request.receivedAt));
      let task: WireIngest = { ...request, id: randomUUID(), windowStart: start, directory: await directory.current() };
      for (let ask = 1; ; ask++) {
        const answer = await work.ingest(task);
        if (!isNeeds(answer)) return admit(request.signal, answer);
        if (ask === MAX_ASKS) throw new Error(`the worker pool lacks what it was sent to match an export: ${JSON.stringify(answer.needs)}`);
        task = { ...task, body: answer.body, directory: await directory.complete(task.directory, answer.needs) };
      }
    },
    async listCalls(query) {
      await settling.settled();
      const unwritten = await flushOrKeep(aggregator.flush, aggregator.unwritten);
      const asked = { ...query, since: windowStart(config, now()) };
      return addUnwritten(await store.listObservedCalls(asked), unwritten, asked);
    },
    async listGateCalls(provider, environment, made = false) {
      await settling.settled();
      // While the store refuses writes, the calls taken since are read with it, and no read is kept (they change).
      const unwritten = await flushOrKeep(aggregator.flush, aggregator.unwritten);
      const key = `${provider}\u0000${environment}`;
      const known = kept.get(key);
      // Read before the calls: a write committed in between moves it again, and the next ask reads them again.
      const mark = await store.readWriteMark();
      const current = unwritten.length === 0 && known && known.epoch === epoch && known.mark === mark && now() < known.until;
      if (current && (!made || known.made)) return known;
      const started = epoch;
      const since = windowStart(config, now());
      const asked = { provider, environment, since };
      const byIt = { consumer: provider, environment, since };
      // Both ways in one read when both are wanted (a leaf's ask): each call in it is of the service, by it, or both.
      const stored = await store.listObservedCalls(made ? { party: provider, environment, since } : asked);
      const calls = addUnwritten(made ? stored.filter((call) => call.provider === provider) : stored, unwritten, asked);
      const madeCalls = made
        ? addUnwritten(
            stored.filter((call) => call.consumer === provider),
            unwritten,
            byIt,
          )
        : undefined;
      const json = JSON.stringify(calls);
      // Read again unchanged (the usual case once its time is up): the same key, so the threads parse nothing again.
      const fresh = { until: leavesWindow([...calls, ...(madeCalls ?? [])], config), epoch: started, mark, ...(madeCalls && { made: madeCalls }) };
      const read = known?.json === json ? { calls: known.calls, key: known.key, json, ...fresh } : { calls, key: `${id}:${++reads}`, json, ...fresh };
      if (started === epoch && unwritten.length === 0) {
        kept.delete(key);
        if (kept.size >= MAX_KEPT_READS) kept.delete(kept.keys().next().value as string);
        kept.set(key, read);
      }
      return read;
    },
    forgetDirectory: () => {
      directory.forget();
      versions.forget();
    },
    health: () => ({ unwritten: aggregator.pending, ...aggregator.losses, refusedCallers: refusedCount }),
    async stop() {
      clearInterval(pruner);
      clearInterval(meetPruner);
      await settling.settled();
      return aggregator.stop();
    },
  };
}
