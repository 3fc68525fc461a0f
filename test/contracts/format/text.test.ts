// `--format text`: what a person at a terminal reads, who to talk to first.
import { describe, expect, it } from 'vitest';
import { formatText } from '../../../contracts/format/text.js';
import { aReport } from './report-builder.js';

const mixed = (): ReturnType<typeof aReport> =>
  aReport()
    .change({ operation: 'POST /orders', location: '/paths/~1orders/post', level: 'warning', message: 'orders warning', blocking: false })
    .change({ operation: undefined, location: '/openapi', level: 'info', side: 'revision', line: 1, message: 'version changed', blocking: false })
    .change({ operation: 'GET /users/{id}', message: 'users removed' })
    .change({ operation: 'DELETE /orders', location: '/paths/~1orders/delete', message: 'orders removed' });

describe('formatText', () => {
  it.each([
    { name: 'no colour by default', options: {}, escapes: false },
    { name: 'no colour when asked not to', options: { color: false }, escapes: false },
    { name: 'colour when asked to', options: { color: true }, escapes: true },
  ])('$name', ({ options, escapes }) => {
    const report = mixed().consumer('billing', ['@acme/billing']).notice({ code: 'spec-invalid', message: 'bad' }).build();
    expect(formatText(report, options).includes('\x1b')).toBe(escapes);
  });

  it('never lets escape sequences or newlines from the input through', () => {
    const output = formatText(aReport().change({ message: 'evil\x1b[2Jmessage\nsecond line' }).build());
    expect(output).not.toContain('\x1b');
    expect(output).toContain('evil [2Jmessage second line (api-path-removed-without-deprecation)');
  });

  it('groups by operation: document-wide first, then by path and method, each change under its heading', () => {
    const lines = formatText(mixed().build()).split('\n');
    const headings = lines.filter((line) => line !== '' && !line.startsWith(' '));
    expect(headings.slice(0, 4)).toEqual(['Document', 'DELETE /orders', 'POST /orders', 'GET /users/{id}']);
    expect(lines[lines.indexOf('POST /orders') + 1]).toMatch(/^ {2}WARNING {3}orders warning \(api-path-removed-without-deprecation\) {2}base\.yaml:12$/);
    expect(lines[lines.indexOf('Document') + 1]).toBe('  INFO      version changed (api-path-removed-without-deprecation)  revision.yaml:1');
  });

  it('orders breaking before warning before info within an operation', () => {
    const report = aReport()
      .change({ level: 'info', message: 'third', blocking: false })
      .change({ level: 'breaking', message: 'first' })
      .change({ level: 'warning', message: 'second', blocking: false })
      .build();
    const changeLines = formatText(report)
      .split('\n')
      .filter((line) => line.startsWith('  '));
    expect(changeLines.map((line) => line.match(/(first|second|third)/)?.[1])).toEqual(['first', 'second', 'third']);
  });

  it('shows the JSON pointer when the line is unknown', () => {
    expect(formatText(aReport().change({ line: undefined }).build())).toContain('base.yaml#/paths/~1users~1{id}/get');
  });

  it('leads with what blocks, by consumer, naming owners and the breaking changes', () => {
    const report = aReport()
      .consumer('checkout-web', ['@acme/checkout', '@jane'], '#checkout')
      .consumer('billing', ['@acme/billing'])
      .consumer('reporting', ['@acme/reporting'])
      .change({ consumers: ['checkout-web', 'billing'], message: 'users removed' })
      .change({ operation: 'POST /orders', consumers: ['billing'], message: 'orders total removed' })
      .change({ operation: 'DELETE /orders', consumers: [], blocking: false, message: 'nobody uses this' })
      .build();
    const output = formatText(report);
    expect(output.startsWith('What blocks, by consumer\n')).toBe(true);
    expect(output).toContain(
      [
        '  billing  owners: @acme/billing',
        '    POST /orders: orders total removed (api-path-removed-without-deprecation)',
        '    GET /users/{id}: users removed (api-path-removed-without-deprecation)',
        '  checkout-web  owners: @acme/checkout, @jane  slack: #checkout',
        '    GET /users/{id}: users removed (api-path-removed-without-deprecation)',
      ].join('\n'),
    );
    expect(output).not.toContain('  reporting  ');
    expect(output).toMatch(/nobody uses this .*\(no consumer uses this: not blocking\)$/m);
  });

  it.each([
    {
      name: 'says so when consumers are given and none is broken',
      build: () => aReport().withConsumers().change({ blocking: false, consumers: [] }),
      present: 'Nothing: no consumer is broken.',
    },
    { name: 'leaves the consumer section out without consumers', build: () => aReport().change(), present: undefined },
  ])('$name', ({ build, present }) => {
    const output = formatText(build().build());
    expect(output.includes('What blocks, by consumer')).toBe(present !== undefined);
    if (present) expect(output).toContain(present);
  });

  it('marks waived changes instead of calling them unused', () => {
    const report = aReport()
      .withConsumers()
      .change({ blocking: false, consumers: [], waived: { reason: 'agreed', expires: '2030-01-01' } })
      .build();
    const output = formatText(report);
    expect(output).toContain('(waived until 2030-01-01 24:00 UTC: agreed)');
    expect(output).not.toContain('no consumer uses this');
  });

  it('lists notices in their own section', () => {
    const report = aReport()
      .notice({ code: 'spec-invalid', message: 'bad ref', file: 'revision.yaml', line: 3 })
      .notice({ code: 'operation-unknown', message: 'no such operation', file: 'billing.yaml', consumer: 'billing' })
      .build();
    expect(formatText(report)).toContain(
      'Notices\n  spec-invalid: bad ref  revision.yaml:3\n  operation-unknown: no such operation  billing.yaml  (consumer: billing)\n',
    );
  });

  it.each([
    { name: 'blocked', report: mixed().build(), last: '2 breaking, 1 warning, 1 info; 2 blocking -> blocked' },
    { name: 'safe', report: aReport().change({ blocking: false }).build(), last: '1 breaking, 0 warnings, 0 info; 0 blocking -> safe' },
  ])('ends with a one-line summary: $name', ({ report, last }) => {
    const output = formatText(report);
    expect(output.endsWith(`\n\n${last}\n`)).toBe(true);
  });

  it('says "No changes." for an empty report', () => {
    expect(formatText(aReport().build())).toBe('No changes.\n\n0 breaking, 0 warnings, 0 info; 0 blocking -> safe\n');
  });
});
