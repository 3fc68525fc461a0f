// An OTLP export's body read into spans, on a worker thread: decoded (JSON or protobuf), refused when it is the other
// signal's, and its spans sorted into those worth matching, those malformed and those timed before the usage window.

import { type ObservedSpan, readOtlpMetrics, readOtlpTraces } from '../../contracts/index.js';
import { ApiError } from '../errors.js';
import { GZIP_HINT, looksGzipped } from '../strict-json.js';
import { parseJson } from '../work/read-json.js';
import type { Signal, WireIngest } from './ingest-wire.js';
import { decodeOtlpProtobuf, TooManyMessages } from './otlp-proto.js';

/** `beforeWindow`: CLIENT spans timed before the usage window, set aside, with the oldest one's time to name. */
export type Decoded = { spans: ObservedSpan[]; malformed: number; cumulative?: number; ignored: number; beforeWindow: number; oldest?: string };

const MESSAGES = { traces: 'ExportTraceServiceRequest', metrics: 'ExportMetricsServiceRequest' } as const;
const INVALID = { traces: 'ERR_TRACES_INVALID', metrics: 'ERR_METRICS_INVALID' } as const;

/** The export body as the OTLP/JSON shape the readers take. */
function toJson(signal: Signal, body: WireIngest['body'], protobuf: boolean): unknown {
  if (!(body instanceof Uint8Array)) return body.parsed;
  // The route reads gzip: a compressed body sent without its Content-Encoding is told to name it, not to send it plain.
  if (!protobuf) return parseJson(body, true);
  try {
    return decodeOtlpProtobuf(body, MESSAGES[signal]);
  } catch (error) {
    if (error instanceof TooManyMessages) throw new ApiError('ERR_BODY_TOO_LARGE', error.message, { cause: error });
    const why = looksGzipped(body) ? GZIP_HINT : (error as Error).message;
    throw new ApiError(INVALID[signal], `the body is not an OTLP/protobuf ${MESSAGES[signal]}: ${why}`, { cause: error });
  }
}

// Each signal's top-level key, and where an export holding it belongs.
const OWN = {
  traces: { key: 'resourceSpans', words: 'trace export', path: '/v1/traces' },
  metrics: { key: 'resourceMetrics', words: 'metrics export', path: '/v1/metrics' },
} as const;

/**
 * OTLP/JSON omits empty lists, so a metrics export posted to /v1/traces read as an empty trace export and was answered
 * with an empty partial success: a spanmetrics pipeline pointed at the wrong endpoint counted nothing without a word.
 */
function refuseOtherSignal(signal: Signal, json: unknown): void {
  if (typeof json !== 'object' || json === null || OWN[signal].key in json) return;
  const other = OWN[signal === 'traces' ? 'metrics' : 'traces'];
  if (!(other.key in json)) return;
  throw new ApiError(INVALID[signal], `this is an OTLP ${other.words} (${other.key}), not ${signal}: post it to ${other.path}`);
}

export function decodeExport({
  signal,
  body,
  protobuf,
  receivedAt,
  windowStart,
}: Pick<WireIngest, 'signal' | 'body' | 'protobuf' | 'receivedAt' | 'windowStart'>): Decoded {
  const json = toJson(signal, body, protobuf);
  if (!protobuf) refuseOtherSignal(signal, json);
  const now = new Date(receivedAt).toISOString();
  const decoded = signal === 'traces' ? readOtlpTraces(json, now) : readOtlpMetrics(json, now);
  // Spans that are neither calls nor their confirmations are only counted: a flood of empty spans holds no memory past here.
  const used = decoded.spans.filter(mayMatter);
  const spans = used.filter(isNamedSanely);
  const malformed = decoded.malformed + used.length - spans.length;
  const { inWindow, beforeWindow, oldest } = setAsideBeforeWindow(clampToNow(spans, receivedAt), windowStart);
  return { ...decoded, malformed, ignored: decoded.spans.length - used.length, spans: inWindow, beforeWindow, ...(oldest && { oldest }) };
}

/**
 * A call timed before the window (a clock that says 1970, an SDK writing its uptime as the time) was stored, left out of
 * every read and pruned, while the exporter was told it was used: the gate said yes to removing what it calls, unwarned.
 * It is not guessed to be now (a span may truly be old), but refused by reason, so the exporter's log says so.
 */
function setAsideBeforeWindow(spans: ObservedSpan[], windowStart: number): { inWindow: ObservedSpan[]; beforeWindow: number; oldest?: string } {
  const inWindow = spans.filter((span) => span.kind !== 'client' || Date.parse(span.time) >= windowStart);
  let oldest: string | undefined;
  for (const span of spans)
    if (span.kind === 'client' && Date.parse(span.time) < windowStart && (oldest === undefined || span.time < oldest)) oldest = span.time;
  return { inWindow, beforeWindow: spans.length - inWindow.length, ...(oldest && { oldest }) };
}

/** What matchCalls uses a span for: a CLIENT span is a call, a SERVER span with a parent may confirm one; the rest are skipped. */
function mayMatter(span: ObservedSpan): boolean {
  return span.kind === 'client' || (span.kind === 'server' && Boolean(span.parentSpanId));
}

/** As long as a service name may be (the registry's routes take up to 200 characters). */
const MAX_CONSUMER_LENGTH = 200;

/**
 * The caller's `service.name` becomes a stored consumer, shown on pages and in verdicts: a name of a megabyte, or one
 * with control characters, is no service's, and the span is counted malformed rather than stored.
 */
function isNamedSanely(span: ObservedSpan): boolean {
  return span.consumer === undefined || (span.consumer.length <= MAX_CONSUMER_LENGTH && !/\p{Cc}/u.test(span.consumer));
}

/**
 * A span timed in the future (a skewed clock, a bad exporter) counts as seen now: left as it is, its "last seen" of
 * 2100 would keep the use from ever ageing out of the window, and its part from ever being ready to remove.
 */
function clampToNow(spans: ObservedSpan[], now: number): ObservedSpan[] {
  const latest = new Date(now).toISOString();
  return spans.map((span) => (Date.parse(span.time) > now ? { ...span, time: latest } : span));
}
