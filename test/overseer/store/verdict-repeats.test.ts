// A refusal resting on a call seen in traces names when it was last seen: each new trace moves that time, and the same
// answer must still join its audit record instead of adding one per ask, whether it rests on the call alone or also
// on a declared use (`basis: both`).

import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../contracts/index.js';
import { fingerprintVerdict } from '../../../overseer/store/verdict-repeats.js';

const seenAt = (basis: 'observed' | 'both', lastSeen: string): Verdict => ({
  decision: 'refused',
  deployable: false,
  service: 'users-service',
  version: '2.0.0',
  environment: 'production',
  reasons: [
    {
      code: 'breaks-consumer',
      severity: 'error',
      message: `users-service 2.0.0 would break web (observed: web calls GET /users, last seen ${lastSeen}, without declaring it)`,
      consumer: 'web',
      consumerVersion: '1.0.0',
      provider: 'users-service',
      providerVersion: '2.0.0',
      basis,
      lastSeen,
    },
  ],
});

describe('the fingerprint of a repeated ask', () => {
  it.each(['observed', 'both'] as const)('is the same when only the last-seen time of a reason with basis %s moved', (basis) => {
    expect(fingerprintVerdict(seenAt(basis, '2026-12-07T08:00:00.000Z'), 'ci')).toBe(fingerprintVerdict(seenAt(basis, '2026-12-07T08:05:00.000Z'), 'ci'));
  });
});
