// What to set or give for each reason a span or data point was not used: the reason alone names the registry's rule.

import type { UnmatchedReason } from '../../contracts/index.js';

// Offline there is no registry: every environment counts as known, and a provider is known only by the contract given for
// it, so `unknown-environment` and `provider-not-deployed` never reach here (the registry words them in its own answer).
// Nor does `before-window`: a file read offline has no usage window.
type OfflineReason = Exclude<UnmatchedReason, 'unknown-environment' | 'provider-not-deployed' | 'before-window'>;

const HINTS: Record<OfflineReason, string> = {
  'malformed-span': 'its ids, kind or attributes are not what OTLP writes: check the exporter',
  'cumulative-counter': "a running total: set the spanmetrics connector's aggregation_temporality to AGGREGATION_TEMPORALITY_DELTA",
  'no-consumer': 'the resource has no service.name: set it in the SDK (OTEL_SERVICE_NAME)',
  'default-service-name': "service.name is the SDK's default, unknown_service, which names no service: set it (OTEL_SERVICE_NAME)",
  'no-environment': 'the resource has no deployment.environment.name (or deployment.environment): set it in the SDK or with the Collector',
  'no-method-or-path': 'the span has no http.request.method, or no url.template, http.route or url.full to take the path from',
  'unknown-provider': 'neither peer.service nor the host called names a provider: give --contract SERVICE=FILE, or --host HOST=SERVICE',
  'no-matching-operation': "the method and path match no operation of the provider's contract (the one given with --contract)",
};

/** `  reason: what to do`, one line per reason counted, in the order the counts are printed. */
export function describeUnmatchedHints(unmatched: Partial<Record<UnmatchedReason, number>>, order: readonly UnmatchedReason[]): string[] {
  return order
    .filter((reason): reason is OfflineReason => Boolean(unmatched[reason]) && Object.hasOwn(HINTS, reason))
    .map((reason) => `  ${reason}: ${HINTS[reason]}`);
}
