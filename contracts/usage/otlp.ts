// OTLP/JSON trace exports -> flat span facts: only the attributes that say who called what, where and when.
// Pure; the shape follows the OTLP JSON encoding (resourceSpans/scopeSpans/spans, attributes as key/value pairs).

type SpanKind = 'client' | 'server' | 'other';

/** One span, or (from metrics) one counted series of calls, reduced to what identifies a call. */
export interface ObservedSpan {
  /** The resource's `service.name` as written: the caller for a CLIENT span, read as a registry name when matched. */
  consumer?: string;
  /** The resource's `service.version`: which version of the caller. */
  consumerVersion?: string;
  environment?: string;
  kind: SpanKind;
  method?: string;
  /** `url.full` / `http.url`: a concrete URL or path. */
  url?: string;
  /** `url.template` / `http.route`: a path template, preferred over `url`. */
  route?: string;
  /** As written (`UsersService`); read as a registry name when matched (contracts/usage/service-name.ts). */
  peerService?: string;
  serverAddress?: string;
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  /** ISO time the call ended (or started). */
  time: string;
  /** Calls this fact stands for: 1 for a span, the counter's increase for a metric point. */
  count: number;
}

type TelemetryErrorCode = 'ERR_TRACES_INVALID' | 'ERR_METRICS_INVALID';

/** An export that is not OTLP at all: nothing of it can be used. */
export class TelemetryError extends Error {
  readonly code: TelemetryErrorCode;

  constructor(code: TelemetryErrorCode, message: string) {
    super(message);
    this.name = 'TelemetryError';
    this.code = code;
  }
}

type Attributes = Map<string, string | number | boolean>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** OTLP's AnyValue, scalars only: arrays and maps never name a service or a path. */
function scalarOf(value: unknown): string | number | boolean | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value.stringValue === 'string') return value.stringValue;
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  const n = value.intValue ?? value.doubleValue;
  if (typeof n === 'number') return n;
  if (typeof n === 'string' && n.trim() !== '' && Number.isFinite(Number(n))) return Number(n);
  return undefined;
}

export function readAttributes(list: unknown): Attributes {
  const out: Attributes = new Map();
  if (!Array.isArray(list)) return out;
  for (const entry of list) {
    if (!isObject(entry) || typeof entry.key !== 'string') continue;
    const value = scalarOf(entry.value);
    if (value !== undefined) out.set(entry.key, value);
  }
  return out;
}

export function textOf(attributes: Attributes, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = attributes.get(key);
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** The resource's identity, shared by traces and metrics. */
export function readResource(resource: unknown): Resource {
  const attributes = readAttributes(isObject(resource) ? resource.attributes : undefined);
  const consumer = textOf(attributes, 'service.name');
  const consumerVersion = textOf(attributes, 'service.version');
  const environment = textOf(attributes, 'deployment.environment.name', 'deployment.environment');
  return { ...(consumer && { consumer }), ...(consumer && consumerVersion && { consumerVersion }), ...(environment && { environment }) };
}

export type Resource = Pick<ObservedSpan, 'consumer' | 'consumerVersion' | 'environment'>;

/** Callee-side attributes, the same keys on spans and on spanmetrics' data points. */
export function readCallAttributes(attributes: Attributes): Partial<ObservedSpan> {
  const facts: Partial<ObservedSpan> = {};
  const set = <K extends keyof ObservedSpan>(key: K, value: ObservedSpan[K] | undefined) => {
    if (value !== undefined) facts[key] = value;
  };
  // A method the instrumentation does not know is `_OTHER`, the method sent kept beside it (semantic conventions).
  const method = textOf(attributes, 'http.request.method', 'http.method')?.toUpperCase();
  set('method', method === '_OTHER' ? (textOf(attributes, 'http.request.method_original')?.toUpperCase() ?? method) : method);
  set('url', textOf(attributes, 'url.full', 'http.url', 'http.target', 'url.path'));
  set('route', textOf(attributes, 'url.template', 'http.route'));
  set('peerService', textOf(attributes, 'peer.service'));
  set('serverAddress', textOf(attributes, 'server.address', 'net.peer.name', 'http.host'));
  set('environment', textOf(attributes, 'deployment.environment.name', 'deployment.environment'));
  return facts;
}

// Enum values arrive as numbers, or as names in the protobuf JSON mapping.
export function readKind(kind: unknown): SpanKind {
  if (kind === 3 || kind === 'SPAN_KIND_CLIENT') return 'client';
  if (kind === 2 || kind === 'SPAN_KIND_SERVER') return 'server';
  return 'other';
}

/** Unix nanoseconds (a decimal string, as OTLP/JSON sends uint64, or a number) -> ISO time. */
export function nanosToIso(value: unknown): string | undefined {
  let ms: number;
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) ms = Number(BigInt(value) / 1_000_000n);
  else if (typeof value === 'number' && Number.isFinite(value) && value >= 0) ms = Math.floor(value / 1e6);
  else return undefined;
  // Zero means "not set" in OTLP; dates outside JavaScript's range are not times.
  if (ms <= 0 || ms > 8.64e15) return undefined;
  return new Date(ms).toISOString();
}

const idOf = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function readSpan(span: unknown, resource: Resource, now: string): ObservedSpan | undefined {
  if (!isObject(span)) return undefined;
  const calls = readCallAttributes(readAttributes(span.attributes));
  const facts: ObservedSpan = {
    ...resource,
    ...calls,
    // The resource names the caller's environment; a span attribute only fills in when the resource has none.
    ...((resource.environment ?? calls.environment) && { environment: resource.environment ?? calls.environment }),
    kind: readKind(span.kind),
    time: nanosToIso(span.endTimeUnixNano) ?? nanosToIso(span.startTimeUnixNano) ?? now,
    count: 1,
  };
  const ids = { traceId: idOf(span.traceId), spanId: idOf(span.spanId), parentSpanId: idOf(span.parentSpanId) };
  for (const [key, value] of Object.entries(ids)) if (value !== undefined) facts[key as 'traceId'] = value;
  return facts;
}

function listOf(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new TelemetryError('ERR_TRACES_INVALID', `${what} must be an array`);
  return value;
}

/**
 * Every span of an ExportTraceServiceRequest in OTLP/JSON. A body that is not one is an error; a span
 * that is not an object is counted in `malformed`, the rest is still used. `now` stands in for missing times.
 */
export function readOtlpTraces(body: unknown, now: string): { spans: ObservedSpan[]; malformed: number } {
  if (!isObject(body)) throw new TelemetryError('ERR_TRACES_INVALID', 'an OTLP trace export must be a JSON object with "resourceSpans"');
  const spans: ObservedSpan[] = [];
  let malformed = 0;
  for (const resourceSpans of listOf(body.resourceSpans, 'resourceSpans')) {
    if (!isObject(resourceSpans)) throw new TelemetryError('ERR_TRACES_INVALID', 'each of resourceSpans must be an object');
    const resource = readResource(resourceSpans.resource);
    const scopes = listOf(resourceSpans.scopeSpans ?? resourceSpans.instrumentationLibrarySpans, 'scopeSpans');
    for (const scope of scopes) {
      if (!isObject(scope)) throw new TelemetryError('ERR_TRACES_INVALID', 'each of scopeSpans must be an object');
      for (const raw of listOf(scope.spans, 'spans')) {
        const span = readSpan(raw, resource, now);
        if (span) spans.push(span);
        else malformed++;
      }
    }
  }
  return { spans, malformed };
}
