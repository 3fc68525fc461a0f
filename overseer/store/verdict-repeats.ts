// What makes two gate asks "the same": both stores key a repeat on this fingerprint, so they merge the same asks.

import { createHash } from 'node:crypto';
import { decisionOf, type Verdict, type VerdictReason } from '../../contracts/index.js';

/** Identical asks within this time of the last one join its row (OVERSEER_VERDICT_WINDOW_MINUTES, default 60). */
export const DEFAULT_REPEAT_WINDOW_MS = 60 * 60 * 1000;

/**
 * The question (service, version, environment, asker) and its answer (decision, reasons). A reason resting on
 * observed calls names when the call was last seen, in a field and in its message; that time moves with every
 * trace and is not a new answer, so the message and the time are left out and the rest of the reason stays in.
 */
export function fingerprintVerdict(verdict: Verdict, askedBy: string): string {
  const reasons = verdict.reasons.map(identifyReason);
  // What waivers let through is part of the answer: a waiver that expires changes it.
  const waivers = [verdict.waived ?? null, verdict.notices ?? null];
  const identity = [verdict.service, verdict.version, verdict.environment, askedBy, decisionOf(verdict), reasons, waivers];
  return createHash('sha256').update(JSON.stringify(identity), 'utf8').digest('hex');
}

function identifyReason(reason: VerdictReason): Omit<VerdictReason, 'message' | 'lastSeen'> | VerdictReason {
  if (reason.basis !== 'observed' && reason.basis !== 'both') return reason;
  const { message: _message, lastSeen: _lastSeen, ...rest } = reason;
  return rest;
}
