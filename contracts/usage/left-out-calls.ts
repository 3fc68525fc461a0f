// Observed calls the gate left out because the caller's version is no longer live where they were seen: the verdict
// says so in one line per version, so that a yes that rests on fewer calls than `overseer observe` received is explained.

import type { Notice } from '../model.js';

/** The calls of one consumer version left out in one environment, summed, with what replaced it there and when. */
export interface LeftOutCalls {
  consumer: string;
  consumerVersion: string;
  environment: string;
  count: number;
  /**
   * The consumer's versions deployed there after it and live now, which took its place; none when it was undeployed
   * (a canary withdrawn leaves the version it ran beside, which replaced nothing) or was a release.
   */
  replacedBy: string[];
  /** A release whose support ended: nothing replaced it, since the releases beside it were supported already. */
  supportEnded?: true;
  /** When the version stopped being live there (ISO time). */
  since: string;
  /** The last of these calls (ISO time). */
  lastSeen: string;
}

/** `12 calls from web-app 1.4.0 left out: replaced by 1.5.0 in production on 2026-12-01`. */
export function noticeLeftOutCalls(leftOut: readonly LeftOutCalls[]): Notice[] {
  return leftOut.map((l) => ({
    code: 'observed-calls-left-out',
    consumer: l.consumer,
    message: `${describeCalls(l)} left out: ${describeReplaced(l)}, and only a version live there counts`,
  }));
}

/** A replaced version seen calling since it was replaced still runs: its calls count, and the verdict says why. */
export function noticeStillSeenCalls(stillSeen: readonly LeftOutCalls[]): Notice[] {
  return stillSeen.map((l) => ({
    code: 'observed-calls-still-seen',
    consumer: l.consumer,
    message: `${describeCalls(l)} counted: ${describeReplaced(l)}, but still seen calling at ${l.lastSeen}, after that: it still runs`,
  }));
}

/** `12 calls from web-app 1.4.0` */
function describeCalls(l: LeftOutCalls): string {
  return `${l.count} call${l.count === 1 ? '' : 's'} from ${l.consumer} ${l.consumerVersion}`;
}

/** `replaced by 1.5.0 in production on 2026-12-01`, `its support ended in production on 2026-12-01` */
function describeReplaced(l: LeftOutCalls): string {
  const how = l.supportEnded ? 'its support ended' : l.replacedBy.length > 0 ? `replaced by ${l.replacedBy.join(', ')}` : 'undeployed';
  return `${how} in ${l.environment} on ${l.since.slice(0, 10)}`;
}
