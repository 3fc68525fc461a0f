// OTLP/JSON trace exports of CLIENT spans as an OpenTelemetry SDK sends them, written once for the benches and the
// tests that feed the registry observed calls (beside spanmetrics-export.ts, the same calls as a Collector counts them).

export interface ClientCall {
  consumer: string;
  /** The resource's `service.version`: which version of the consumer made the call. */
  consumerVersion?: string;
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
  /** The answer's HTTP status, when the span records one. */
  status?: number;
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
    ...(call.status ? [{ key: 'http.response.status_code', value: { intValue: String(call.status) } }] : []),
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
export function buildTraceExport(calls: readonly ClientCall[]) {
  const groups = new Map<string, ClientCall[]>();
  for (const call of calls) {
    const key = `${call.consumer}\u0000${call.environment ?? ''}\u0000${call.consumerVersion ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(call);
    else groups.set(key, [call]);
  }
  let i = 0;
  return {
    resourceSpans: [...groups.values()].map((group) => ({
      resource: {
        attributes: [
          text('service.name', group[0].consumer),
          ...(group[0].consumerVersion ? [text('service.version', group[0].consumerVersion)] : []),
          ...(group[0].environment ? [text('deployment.environment.name', group[0].environment)] : []),
        ],
      },
      scopeSpans: [{ scope: { name: '@opentelemetry/instrumentation-http' }, spans: group.map((call) => spanOf(call, i++)) }],
    })),
  };
}
