// Store suite: meeting points of nested CLIENT spans, which every replica shares: parts ORed into what is kept and read
// back in the order given, forgotten by time and then by count.

import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../../overseer/store/store.js';

const AT = Date.parse('2026-01-10T10:00:00.000Z');
// Points as large as a 53-bit hash makes them: PostgreSQL hands a bigint back as text.
const BIG = Number.MAX_SAFE_INTEGER - 7;

export function describeSpanMeets(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  describe('span meeting points', () => {
    it('ORs each point’s parts into what is kept and gives back what is kept now, in the order given', async () => {
      expect(
        await store.recordSpanMeets(
          [
            [BIG, 2],
            [11, 1],
          ],
          AT,
        ),
      ).toEqual([2, 1]);
      expect(
        await store.recordSpanMeets(
          [
            [12, 2],
            [BIG, 1],
            [11, 1],
          ],
          AT + 1,
        ),
      ).toEqual([2, 3, 1]);
      expect(await store.recordSpanMeets([], AT + 2)).toEqual([]);
    });

    it('gives the same answers for a batch as large as an export’s (SQLite writes it on its writer thread)', async () => {
      const points = Array.from({ length: 600 }, (_, i) => BIG - 1000 - i);
      expect(
        await store.recordSpanMeets(
          points.slice(0, 300).map((p) => [p, 2] as const),
          AT,
        ),
      ).toEqual(points.slice(0, 300).map(() => 2));
      const after = await store.recordSpanMeets(
        points.map((p) => [p, 1] as const),
        AT + 1,
      );
      expect(after).toEqual(points.map((_, i) => (i < 300 ? 3 : 1)));
    });

    it('takes a batch naming one point twice, giving both what the point holds after it', async () => {
      expect(
        await store.recordSpanMeets(
          [
            [21, 1],
            [21, 2],
            [22, 2],
          ],
          AT,
        ),
      ).toEqual([3, 3, 2]);
    });

    it('forgets points stamped before the time given, then the oldest past the count, and no others', async () => {
      await store.recordSpanMeets([[31, 1]], AT - 60_000);
      await store.recordSpanMeets([[32, 2]], AT);
      await store.recordSpanMeets([[33, 2]], AT + 1);
      await store.recordSpanMeets([[34, 2]], AT + 2);
      // 31 is a minute old; of 32, 33 and 34 the count keeps the newest two.
      expect(await store.pruneSpanMeets(AT - 1, 2)).toBe(2);
      expect(
        await store.recordSpanMeets(
          [
            [31, 1],
            [32, 1],
            [33, 1],
            [34, 1],
          ],
          AT + 3,
        ),
      ).toEqual([1, 1, 3, 3]);
    });

    it('keeps a point stamped again though it was first seen before the time given', async () => {
      await store.recordSpanMeets([[41, 2]], AT - 60_000);
      await store.recordSpanMeets([[41, 1]], AT);
      expect(await store.pruneSpanMeets(AT - 1, 100)).toBe(0);
      expect(await store.recordSpanMeets([[41, 1]], AT)).toEqual([3]);
    });
  });
}
