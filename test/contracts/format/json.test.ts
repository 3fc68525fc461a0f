// `--format json`: the object scripts parse, with the fields PRODUCT.md promises.
import { describe, expect, it } from 'vitest';
import { formatJson } from '../../../contracts/format/json.js';
import { aReport } from './report-builder.js';

const removal = {
  id: 'api-path-removed-without-deprecation',
  level: 'breaking',
  operation: 'GET /users/{id}',
  operations: ['GET /users/{id}'],
  location: '/paths/~1users~1{id}/get',
  line: 12,
  message: 'api path removed without deprecation',
};

describe('formatJson', () => {
  const cases = [
    {
      name: 'without consumers: no consumers key on changes',
      report: aReport().change().build(),
      expected: { changes: [removal], summary: { breaking: 1, warning: 0, info: 0, blocking: 1 } },
    },
    {
      name: 'with consumers: the names it breaks',
      report: aReport()
        .consumer('checkout-web')
        .change({ consumers: ['checkout-web'] })
        .build(),
      expected: {
        changes: [{ ...removal, consumers: ['checkout-web'] }],
        summary: { breaking: 1, warning: 0, info: 0, blocking: 1 },
      },
    },
    {
      name: 'with consumers: an empty array when the change breaks nobody',
      report: aReport().withConsumers().change({ blocking: false }).build(),
      expected: { changes: [{ ...removal, consumers: [] }], summary: { breaking: 1, warning: 0, info: 0, blocking: 0 } },
    },
    {
      name: 'document-wide change without line: no operation, no line',
      report: aReport()
        .change({
          id: 'api-security-removed',
          level: 'info',
          operation: undefined,
          line: undefined,
          location: '/security',
          side: 'revision',
          message: 'm',
          blocking: false,
        })
        .build(),
      expected: {
        changes: [{ id: 'api-security-removed', level: 'info', operations: [], location: '/security', message: 'm' }],
        summary: { breaking: 0, warning: 0, info: 1, blocking: 0 },
      },
    },
    {
      name: 'waived change and notices',
      report: aReport()
        .change({ blocking: false, waived: { reason: 'agreed with checkout', expires: '2030-01-01' } })
        .change({ level: 'warning', blocking: false, waived: { reason: 'no end' } })
        .notice({ code: 'spec-invalid', message: 'bad ref', file: 'revision.yaml', line: 3 })
        .notice({ code: 'operation-unknown', message: 'no such op', consumer: 'billing' })
        .build(),
      expected: {
        changes: [
          { ...removal, waived: { reason: 'agreed with checkout', expires: '2030-01-01' } },
          { ...removal, level: 'warning', waived: { reason: 'no end' } },
        ],
        summary: { breaking: 1, warning: 1, info: 0, blocking: 0 },
        notices: [
          { code: 'spec-invalid', message: 'bad ref', file: 'revision.yaml', line: 3 },
          { code: 'operation-unknown', message: 'no such op', consumer: 'billing' },
        ],
      },
    },
    {
      name: 'empty report',
      report: aReport().build(),
      expected: { changes: [], summary: { breaking: 0, warning: 0, info: 0, blocking: 0 } },
    },
  ];

  it.each(cases)('$name', ({ report, expected }) => {
    expect(JSON.parse(formatJson(report))).toStrictEqual(expected);
  });

  it('writes keys in the documented order, indented by 2, with a trailing newline', () => {
    const output = formatJson(
      aReport()
        .consumer('checkout-web')
        .change({ consumers: ['checkout-web'] })
        .build(),
    );
    const parsed = JSON.parse(output);
    expect(Object.keys(parsed)).toEqual(['changes', 'summary']);
    expect(Object.keys(parsed.changes[0])).toEqual(['id', 'level', 'operation', 'operations', 'location', 'line', 'message', 'consumers']);
    expect(Object.keys(parsed.summary)).toEqual(['breaking', 'warning', 'info', 'blocking']);
    expect(output).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
  });

  it('lists every operation a shared change reaches, the one it is filed under first', () => {
    const report = aReport()
      .change({ operations: ['GET /users', 'GET /users/{id}'], operation: 'GET /users' })
      .build();
    expect(JSON.parse(formatJson(report)).changes[0].operations).toEqual(['GET /users', 'GET /users/{id}']);
  });

  it('keeps the report order of changes', () => {
    const report = aReport().change({ level: 'info', id: 'a' }).change({ level: 'breaking', id: 'b' }).build();
    expect(JSON.parse(formatJson(report)).changes.map((c: { id: string }) => c.id)).toEqual(['a', 'b']);
  });
});
