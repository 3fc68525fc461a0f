// The kept version orders (overseer/store/version-page.ts) are bounded by what they hold, not by how many services: a
// few services of 10,000 long version names each held ~157 MB at 64 services, and 5,000 services of a few versions each
// were read and sorted again at every page since only 64 were kept.

import { describe, expect, it } from 'vitest';
import { createVersionOrders } from '../../../overseer/store/version-page.js';

const keys = (count: number, length = 10) =>
  Array.from({ length: count }, (_, i) => ({ version: `1.0.${i}`.padEnd(length, 'x'), createdAt: '2026-01-01T00:00:00.000Z' }));

describe('the kept version orders', () => {
  it('keeps 5,000 services of 20 versions each, where a bound by count kept 64', () => {
    const orders = createVersionOrders();
    for (let i = 0; i < 5000; i++) orders.remember(`svc-${i}`, 's', keys(20));
    expect(orders.size.services).toBe(5000);
    expect(orders.recall('svc-0', 's')).toHaveLength(20);
  });

  it('forgets the least recently read once the bytes are spent, but keeps the one just read however large', () => {
    const orders = createVersionOrders(1024 * 1024);
    const large = keys(3000, 200); // ~1.4 MB estimated: over the bound alone
    orders.remember('small', 's', keys(10));
    orders.remember('large', 's', large);
    expect(orders.size.services).toBe(1);
    expect(orders.recall('small', 's')).toBeUndefined();
    expect(orders.recall('large', 's')).toHaveLength(3000);
    orders.remember('other', 's', keys(10));
    expect(orders.recall('large', 's')).toBeUndefined();
    expect(orders.size).toEqual({ services: 1, bytes: expect.any(Number) });
    expect(orders.size.bytes).toBeLessThan(1024 * 1024);
  });
});
