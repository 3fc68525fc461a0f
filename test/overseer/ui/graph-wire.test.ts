// What the event loop sends a worker thread to draw a graph (a page's own data and its scope's base) comes back as the
// data the page is built from.

import { describe, expect, it } from 'vitest';
import { ALL_OPERATIONS, decodeGraph, encodeColumn, UNKNOWN_OPERATIONS } from '../../../overseer/ui/graph-wire.js';

describe('a graph on its way to a worker thread', () => {
  it('keeps each edge, its label, each version and owner, and the services within reach', () => {
    const names = ['checkout-web', 'orders-service', 'users-service'];
    const data = decodeGraph(
      {
        environments: ['production'],
        environment: 'production',
        operations: Int32Array.from([2, ALL_OPERATIONS, UNKNOWN_OPERATIONS]),
        reach: Uint32Array.from([2, 0, 1]),
        focus: 'users-service',
        hops: 1,
      },
      {
        names,
        ends: Uint32Array.from([0, 1, 0, 2, 1, 2]),
        versions: encodeColumn(['1.0.0', '', '1.0.0']),
        owners: encodeColumn(['@acme/web', '@acme/core', '@acme/core']),
      },
    );
    expect(data.edges).toEqual([
      { from: 'checkout-web', to: 'orders-service', operations: 2 },
      { from: 'checkout-web', to: 'users-service', operations: 'all' },
      { from: 'orders-service', to: 'users-service' },
    ]);
    expect(data.services).toEqual(names);
    expect([...data.versions!]).toEqual([
      ['checkout-web', '1.0.0'],
      ['users-service', '1.0.0'],
    ]);
    expect(data.ownerOf?.get('users-service')).toBe('@acme/core');
    expect(data.ownerOf?.get('checkout-web')).toBe('@acme/web');
    expect(data.reach).toEqual(['users-service', 'checkout-web', 'orders-service']);
    expect(encodeColumn(['a', 'b', 'a']).values).toEqual(['a', 'b']);
  });
});
