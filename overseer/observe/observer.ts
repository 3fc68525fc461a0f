// The observed-usage service of one registry process: decode -> match -> aggregate, the window, and reads for the gate.

import {
  describeUnmatched,
  type MatchResult,
  matchCalls,
  type ObservedCall,
  type ObservedSpan,
  readOtlpMetrics,
  readOtlpTraces,
} from '../../contracts/index.js';
import type { ContractCache } from '../contract-cache.js';
import { ApiError } from '../errors.js';
import type { Store } from '../store/store.js';
import { type Aggregator, createAggregator } from './aggregator.js';
import { DEFAULT_OBSERVE, type ObserveConfig, windowStart } from './config.js';
import { createProviderDirectory } from './directory.js';
import { decodeOtlpProtobuf, type OtlpMessage } from './otlp-proto.js';

const PRUNE_EVERY_MS = 60 * 60 * 1000;

export interface IngestResult extends MatchResult {
  /** Client spans that could not be used: OTLP's partial-success count. */
  rejected: number;
  /** Why, for people: `unknown-provider 2, no-matching-operation 1`. */
  message: string;
}

export interface Observer {
  readonly config: ObserveConfig;
  /** Matches decoded spans and counts the calls (written at the next flush). */
  ingest(decoded: Decoded): Promise<IngestResult>;
  /** Calls within the window, what is pending written first so that a verdict sees every span received. */
  listCalls(query: { consumer?: string; provider?: string; environment?: string }): Promise<ObservedCall[]>;
  stop(): Promise<void>;
}

/**
 * An OTLP export body to spans: OTLP/JSON already parsed by the JSON content-type parser, or OTLP/protobuf bytes.
 * Kept apart, as a pure function of the body, so that decoding can move to the worker pool.
 */
export function decodeTraceExport(body: unknown, contentType: string, now: string): Decoded {
  return readOtlpTraces(fromProtobuf(body, contentType, 'ExportTraceServiceRequest', 'ERR_TRACES_INVALID'), now);
}

/** The same for a metrics export: the spanmetrics connector's calls counter. */
export function decodeMetricsExport(body: unknown, contentType: string, now: string): Decoded {
  return readOtlpMetrics(fromProtobuf(body, contentType, 'ExportMetricsServiceRequest', 'ERR_METRICS_INVALID'), now);
}

export type Decoded = { spans: ObservedSpan[]; malformed: number; cumulative?: number };

function fromProtobuf(body: unknown, contentType: string, message: OtlpMessage, code: 'ERR_TRACES_INVALID' | 'ERR_METRICS_INVALID'): unknown {
  if (contentType !== 'application/x-protobuf') return body;
  try {
    return decodeOtlpProtobuf(body as Uint8Array, message);
  } catch (error) {
    throw new ApiError(code, `the body is not an OTLP/protobuf ${message}: ${(error as Error).message}`, { cause: error });
  }
}

export function createObserver(options: { store: Store; contracts: ContractCache; config?: ObserveConfig; onError?: (error: unknown) => void }): Observer {
  const { store } = options;
  const config = options.config ?? DEFAULT_OBSERVE;
  const onError = options.onError ?? (() => {});
  const directory = createProviderDirectory({ store, contracts: options.contracts });
  const aggregator: Aggregator = createAggregator({ store, flushMs: config.flushMs, onError });
  const prune = () => store.pruneObservedCalls(windowStart(config)).catch(onError);
  const pruner = setInterval(() => void prune(), PRUNE_EVERY_MS);
  pruner.unref();
  void prune();

  return {
    config,
    async ingest({ spans: sent, malformed, cumulative }) {
      const spans = clampToNow(sent, Date.now());
      const result = matchCalls(spans, await directory.prepare(spans), { malformed, cumulative });
      aggregator.add(result.calls);
      const rejected = Object.values(result.unmatched).reduce((sum, n) => sum + (n ?? 0), 0);
      return { ...result, rejected, message: rejected === 0 ? '' : `spans not used: ${describeUnmatched(result.unmatched)}` };
    },
    async listCalls(query) {
      await aggregator.flush();
      return store.listObservedCalls({ ...query, since: windowStart(config) });
    },
    async stop() {
      clearInterval(pruner);
      await aggregator.stop();
    },
  };
}

/**
 * A span timed in the future (a skewed clock, a bad exporter) counts as seen now: left as it is, its "last seen" of
 * 2100 would keep the use from ever ageing out of the window, and its part from ever being ready to remove.
 */
export function clampToNow(spans: ObservedSpan[], now: number): ObservedSpan[] {
  const latest = new Date(now).toISOString();
  return spans.map((span) => (Date.parse(span.time) > now ? { ...span, time: latest } : span));
}
