// The order of a diff's changes (diff.ts sortChanges), dealt into buckets by level and operation before sorting: the
// same order as one sort by level, operation, location, rule and message, ties left as they came.
import { describe, expect, it } from 'vitest';
import { sortChanges } from '../../contracts/diff.js';
import type { Change, Level } from '../../contracts/model.js';

const LEVELS: Level[] = ['info', 'warning', 'breaking'];
const OPERATIONS = [undefined, '', 'GET /a', 'GET /b', 'POST /a', 'DELETE /z'];

/** The order written as one comparison: what the buckets must give. */
function sortedAtOnce(changes: Change[]): Change[] {
  const rank = (level: Level) => 2 - LEVELS.indexOf(level);
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...changes].sort(
    (a, b) =>
      rank(a.level) - rank(b.level) ||
      text(a.operation ?? '', b.operation ?? '') ||
      text(a.location, b.location) ||
      text(a.id, b.id) ||
      text(a.message, b.message),
  );
}

/** A small deterministic generator (mulberry32): the same lists on every run. */
function randomFrom(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) % n) as number;
  };
}

function changesFrom(seed: number, count: number): Change[] {
  const pick = randomFrom(seed);
  return Array.from({ length: count }, () => {
    const change: Change = {
      id: `rule-${pick(3)}`,
      level: LEVELS[pick(3)],
      location: `/paths/~1a/get/responses/${pick(4)}`,
      side: 'revision',
      // Few messages, so that whole ties occur: their order must be the order they came in.
      message: `message ${pick(2)}`,
      target: { kind: 'document' },
    };
    const operation = OPERATIONS[pick(OPERATIONS.length)];
    if (operation !== undefined) change.operation = operation;
    return change;
  });
}

describe('sortChanges', () => {
  it('puts breaking before warning before info, then operations, places, rules and messages in code-unit order', () => {
    const changes: Change[] = [
      { id: 'b', level: 'info', location: '/a', side: 'base', message: 'm', target: { kind: 'document' } },
      { id: 'a', level: 'breaking', operation: 'GET /b', location: '/b', side: 'base', message: 'm', target: { kind: 'document' } },
      { id: 'a', level: 'breaking', operation: 'GET /b', location: '/a', side: 'base', message: 'n', target: { kind: 'document' } },
      { id: 'a', level: 'breaking', operation: 'GET /b', location: '/a', side: 'base', message: 'm', target: { kind: 'document' } },
      { id: 'c', level: 'warning', operation: 'GET /a', location: '/a', side: 'base', message: 'm', target: { kind: 'document' } },
      { id: 'd', level: 'breaking', operation: 'GET /a', location: '/z', side: 'base', message: 'm', target: { kind: 'document' } },
      { id: 'e', level: 'breaking', location: '/z', side: 'base', message: 'm', target: { kind: 'document' } },
    ];
    const order = sortChanges([...changes]).map((c) => `${c.level} ${c.operation ?? '-'} ${c.location} ${c.id} ${c.message}`);
    expect(order).toEqual([
      'breaking - /z e m',
      'breaking GET /a /z d m',
      'breaking GET /b /a a m',
      'breaking GET /b /a a n',
      'breaking GET /b /b a m',
      'warning GET /a /a c m',
      'info - /a b m',
    ]);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('gives the order of one sort by every key, whole ties as they came (seed %i)', (seed) => {
    const changes = changesFrom(seed, 300);
    const expected = sortedAtOnce(changes);
    const sorted = sortChanges([...changes]);
    // Identity, not equality: tied changes are alike in every key, and only their own objects show their order.
    expect(sorted.length).toBe(expected.length);
    expect(sorted.every((c, i) => c === expected[i])).toBe(true);
  });
});
