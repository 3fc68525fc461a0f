// Builds OTLP/JSON exports the way an OpenTelemetry SDK or Collector writes them, for tests and the bench.

import { buildCallsMetricExport, type CallSeries } from '../../bench/spanmetrics-export.js';

export interface ClientCall {
  consumer: string;
  environment?: string;
  provider?: string;
  method?: string;
  url?: string;
  route?: string;
  serverAddress?: string;
  /** Unix ms; default now. */
  at?: number;
  kind?: number;
  spanId?: string;
  parentSpanId?: string;
  traceId?: string;
}

const text = (key: string, value: string) => ({ key, value: { stringValue: value } });

function nanos(ms: number): string {
  return (BigInt(Math.floor(ms)) * 1_000_000n).toString();
}

function spanOf(call: ClientCall, i: number) {
  const at = call.at ?? Date.now();
  const attributes = [
    ...(call.method ? [text('http.request.method', call.method)] : []),
    ...(call.url ? [text('url.full', call.url)] : []),
    ...(call.route ? [text('url.template', call.route)] : []),
    ...(call.provider ? [text('peer.service', call.provider)] : []),
    ...(call.serverAddress ? [text('server.address', call.serverAddress)] : []),
  ];
  return {
    traceId: call.traceId ?? '5b8efff798038103d269b633813fc60c',
    spanId: call.spanId ?? (i + 1).toString(16).padStart(16, '0'),
    ...(call.parentSpanId && { parentSpanId: call.parentSpanId }),
    name: `${call.method ?? 'GET'}`,
    kind: call.kind ?? 3,
    startTimeUnixNano: nanos(at - 5),
    endTimeUnixNano: nanos(at),
    attributes,
  };
}

/** One resourceSpans per consumer and environment, as an SDK exporting from each service would send. */
export function traceExport(calls: ClientCall[]) {
  const groups = new Map<string, ClientCall[]>();
  for (const call of calls) {
    const key = `${call.consumer}\u0000${call.environment ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), call]);
  }
  let i = 0;
  return {
    resourceSpans: [...groups.values()].map((group) => ({
      resource: {
        attributes: [text('service.name', group[0].consumer), ...(group[0].environment ? [text('deployment.environment.name', group[0].environment)] : [])],
      },
      scopeSpans: [{ scope: { name: '@opentelemetry/instrumentation-http' }, spans: group.map((call) => spanOf(call, i++)) }],
    })),
  };
}

/** The spanmetrics connector's calls counter (delta), one data point per call series, last seen now. */
export function callsMetricExport(points: Omit<CallSeries, 'atMs'>[]) {
  const now = Date.now();
  return buildCallsMetricExport(points.map((p) => ({ ...p, atMs: now })));
}

/** Our error code in a failed OTLP/JSON export's answer (a google.rpc.Status): the reason of its ErrorInfo detail. */
export function otlpErrorCode(status: { details?: { '@type'?: string; reason?: string }[] }): string | undefined {
  return status.details?.find((d) => d['@type'] === 'type.googleapis.com/google.rpc.ErrorInfo')?.reason;
}
