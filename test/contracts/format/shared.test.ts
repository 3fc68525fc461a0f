// The helpers every format shares: order of changes, grouping by operation, who blocks.
import { describe, expect, it } from 'vitest';
import { compareOperations, findBlockersByConsumer, groupByOperation, sortChanges, UNNAMED_CONSUMER } from '../../../contracts/format/shared.js';
import { aReport, buildChange } from './report-builder.js';

describe('format helpers', () => {
  it.each([
    { a: undefined, b: 'GET /a', sign: -1 },
    { a: 'GET /a', b: undefined, sign: 1 },
    { a: 'POST /a', b: 'GET /b', sign: -1 },
    { a: 'POST /a', b: 'GET /a', sign: 1 },
    { a: 'GET /a', b: 'GET /a', sign: 0 },
  ])('compareOperations($a, $b) has sign $sign', ({ a, b, sign }) => {
    expect(Math.sign(compareOperations(a, b))).toBe(sign);
  });

  it('sorts by level, then operation, then location, without touching the input', () => {
    const changes = [
      buildChange({ id: 'c', level: 'info', operation: undefined }),
      buildChange({ id: 'b', level: 'breaking', operation: 'GET /b', location: '/z' }),
      buildChange({ id: 'a', level: 'breaking', operation: 'GET /b', location: '/a' }),
      buildChange({ id: 'd', level: 'warning', operation: 'GET /a' }),
      buildChange({ id: 'e', level: 'breaking', operation: 'GET /a' }),
    ];
    expect(sortChanges(changes).map((c) => c.id)).toEqual(['e', 'a', 'b', 'd', 'c']);
    expect(changes.map((c) => c.id)).toEqual(['c', 'b', 'a', 'd', 'e']);
  });

  it('groups document-wide changes first, even though Array#sort puts undefined last', () => {
    const groups = groupByOperation([buildChange({ operation: 'GET /a' }), buildChange({ operation: undefined })]);
    expect(groups.map((g) => g.operation)).toEqual([undefined, 'GET /a']);
  });

  it('keeps a blocking change that names no consumer, or an unknown one, visible', () => {
    const report = aReport()
      .consumer('known', ['@k'])
      .change({ consumers: [] })
      .change({ consumers: ['stranger'] })
      .build();
    expect(findBlockersByConsumer(report).map((b) => [b.consumer.name, b.consumer.owners])).toEqual([
      ['stranger', []],
      [UNNAMED_CONSUMER, []],
    ]);
  });
});
