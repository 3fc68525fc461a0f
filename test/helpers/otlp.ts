// The OTLP/JSON exports tests post to the registry, from the builders the benches post too (bench/otlp-traces.ts,
// bench/spanmetrics-export.ts), and the error code a refused export is answered with.

import { buildCallsMetricExport, type CallSeries } from '../../bench/spanmetrics-export.js';

export { buildTraceExport as traceExport, type ClientCall } from '../../bench/otlp-traces.js';

/** The spanmetrics connector's calls counter (delta), one data point per call series, last seen now. */
export function callsMetricExport(points: Omit<CallSeries, 'atMs'>[]) {
  const now = Date.now();
  return buildCallsMetricExport(points.map((p) => ({ ...p, atMs: now })));
}

/** Our error code in a failed OTLP/JSON export's answer (a google.rpc.Status): the reason of its ErrorInfo detail. */
export function otlpErrorCode(status: { details?: { '@type'?: string; reason?: string }[] }): string | undefined {
  return status.details?.find((d) => d['@type'] === 'type.googleapis.com/google.rpc.ErrorInfo')?.reason;
}
