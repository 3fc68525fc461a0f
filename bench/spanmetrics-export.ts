// The spanmetrics connector's calls counter as a Collector posts it to /v1/metrics (OTLP/JSON), written once for the
// benches and the tests that feed the registry observed calls.

/** One call series: who called which route of whom, where, how often, and when last. */
export interface CallSeries {
  consumer: string;
  /** The resource's `service.version`, when the connector's pipeline keeps it. */
  consumerVersion?: string;
  environment: string;
  provider: string;
  method: string;
  route: string;
  count: number;
  atMs: number;
}

const text = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** One resource per consumer and environment, as the connector groups them; a delta sum with one point per series. */
export function buildCallsMetricExport(series: readonly CallSeries[]) {
  const byResource = new Map<string, CallSeries[]>();
  for (const s of series) {
    const key = `${s.consumer}\u0000${s.environment}\u0000${s.consumerVersion ?? ''}`;
    const group = byResource.get(key);
    if (group) group.push(s);
    else byResource.set(key, [s]);
  }
  return {
    resourceMetrics: [...byResource.values()].map((group) => ({
      resource: {
        attributes: [
          text('service.name', group[0]!.consumer),
          text('deployment.environment.name', group[0]!.environment),
          ...(group[0]!.consumerVersion ? [text('service.version', group[0]!.consumerVersion)] : []),
        ],
      },
      scopeMetrics: [
        {
          scope: { name: 'spanmetricsconnector' },
          metrics: [
            {
              name: 'traces.span.metrics.calls',
              sum: {
                aggregationTemporality: 1,
                isMonotonic: true,
                dataPoints: group.map((s) => ({
                  attributes: [
                    text('span.kind', 'SPAN_KIND_CLIENT'),
                    text('http.request.method', s.method),
                    text('http.route', s.route),
                    text('peer.service', s.provider),
                  ],
                  timeUnixNano: (BigInt(s.atMs) * 1_000_000n).toString(),
                  asInt: String(s.count),
                })),
              },
            },
          ],
        },
      ],
    })),
  };
}
