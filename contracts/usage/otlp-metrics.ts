// OTLP/JSON metrics exports -> call facts: the calls counter of the Collector's spanmetrics connector, one fact per
// data point (its value is the number of calls). Aggregating in the Collector is what scales past raw spans.

import { MAX_CALL_COUNT } from './call-count.js';
import { nanosToIso, type ObservedSpan, type Resource, readAttributes, readCallAttributes, readKind, readResource, TelemetryError, textOf } from './otlp.js';

/** The counter's names: `calls` by default, with the connector's namespace in recent Collector releases. */
const CALLS = new Set(['calls', 'traces.span.metrics.calls', 'calls_total']);
const DELTA = new Set([1, 'AGGREGATION_TEMPORALITY_DELTA']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function listOf(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new TelemetryError('ERR_METRICS_INVALID', `${what} must be an array`);
  return value;
}

/** The point's calls, at most MAX_CALL_COUNT: an int64 counter may hold more than a stored count can add up. */
function countOf(point: Record<string, unknown>): number | undefined {
  const raw = point.asInt ?? point.asDouble;
  const n = typeof raw === 'string' ? Number(raw) : raw;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.min(Math.round(n), MAX_CALL_COUNT) : undefined;
}

function readPoint(point: unknown, resource: Resource, now: string): ObservedSpan | undefined {
  if (!isObject(point)) return undefined;
  const count = countOf(point);
  if (count === undefined) return undefined;
  const attributes = readAttributes(point.attributes);
  const calls = readCallAttributes(attributes);
  const consumer = resource.consumer ?? textOf(attributes, 'service.name');
  // The version goes with the name it was read beside: a resource's version is not a point's service's.
  const consumerVersion = resource.consumer !== undefined ? resource.consumerVersion : consumer && textOf(attributes, 'service.version');
  const environment = resource.environment ?? calls.environment;
  return {
    ...calls,
    ...(consumer && { consumer }),
    ...(consumerVersion && { consumerVersion }),
    ...(environment && { environment }),
    kind: readKind(attributes.get('span.kind')),
    time: nanosToIso(point.timeUnixNano) ?? now,
    count,
  };
}

/**
 * Every data point of the calls counter in an ExportMetricsServiceRequest. Cumulative points are counted as
 * `cumulative`, not used: their values are running totals, and the connector is set to delta temporality.
 */
export function readOtlpMetrics(body: unknown, now: string): { spans: ObservedSpan[]; malformed: number; cumulative: number } {
  if (!isObject(body)) throw new TelemetryError('ERR_METRICS_INVALID', 'an OTLP metrics export must be a JSON object with "resourceMetrics"');
  const spans: ObservedSpan[] = [];
  let malformed = 0;
  let cumulative = 0;
  for (const resourceMetrics of listOf(body.resourceMetrics, 'resourceMetrics')) {
    if (!isObject(resourceMetrics)) throw new TelemetryError('ERR_METRICS_INVALID', 'each of resourceMetrics must be an object');
    const resource = readResource(resourceMetrics.resource);
    for (const scope of listOf(resourceMetrics.scopeMetrics, 'scopeMetrics')) {
      if (!isObject(scope)) throw new TelemetryError('ERR_METRICS_INVALID', 'each of scopeMetrics must be an object');
      for (const metric of listOf(scope.metrics, 'metrics')) {
        if (!isObject(metric) || typeof metric.name !== 'string' || !CALLS.has(metric.name) || !isObject(metric.sum)) continue;
        const points = listOf(metric.sum.dataPoints, 'dataPoints');
        if (!DELTA.has(metric.sum.aggregationTemporality as number)) {
          cumulative += points.length;
          continue;
        }
        for (const raw of points) {
          const point = readPoint(raw, resource, now);
          if (point) spans.push(point);
          else malformed++;
        }
      }
    }
  }
  return { spans, malformed, cumulative };
}
