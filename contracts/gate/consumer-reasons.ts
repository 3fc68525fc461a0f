// The provider side's reasons about one consumer, taken out of gate.ts: what breaks it, what only warns it, and a use
// judged at a path its manifest no longer names; each message names the live consumer version and the first changes.

import type { GateVersion } from '../gate.js';
import type { Change, VerdictReason } from '../model.js';
import { type MovedUse, sayPathMoved } from '../usage/base-path-uses.js';
import { describeLive } from './consumer-side.js';

export function breaksConsumer(candidate: GateVersion, consumer: GateVersion, breaking: Change[]): VerdictReason {
  return {
    code: 'breaks-consumer',
    severity: 'error',
    message: `${candidate.service} ${candidate.version} would break ${describeLive(consumer)}: ${summarizeChanges(breaking)}`,
    consumer: consumer.service,
    consumerVersion: consumer.version,
    provider: candidate.service,
    providerVersion: candidate.version,
    changes: breaking,
  };
}

// Judged at the URL it calls, but declared by a path no later version will name: its owners are told now, not refused then.
export function warnPathMoved(candidate: GateVersion, consumer: GateVersion, use: MovedUse): VerdictReason {
  const message = sayPathMoved(candidate.service, `${candidate.service} ${candidate.version}`, use);
  const who = { consumer: consumer.service, consumerVersion: consumer.version, provider: candidate.service, providerVersion: candidate.version };
  return { code: 'declared-path-moved', severity: 'warning', message, ...who, operation: use.now };
}

// A warning refuses nothing, but reaches what this consumer uses: its owners are the ones the provider's should tell.
export function warnsConsumer(candidate: GateVersion, consumer: GateVersion, warned: Change[]): VerdictReason {
  return {
    ...breaksConsumer(candidate, consumer, warned),
    code: 'warns-consumer',
    severity: 'warning',
    message: `${candidate.service} ${candidate.version} changes what ${describeLive(consumer)} uses, with a warning (not refused): ${summarizeChanges(warned)}`,
  };
}

/** The first few changes, for a message a person reads; the reason carries them all. */
function summarizeChanges(changes: Change[]): string {
  const shown = changes.slice(0, 3).map((c) => (c.operation ? `${c.operation}: ${c.message}` : c.message));
  const more = changes.length > shown.length ? ` (and ${changes.length - shown.length} more)` : '';
  return shown.join('; ') + more;
}
