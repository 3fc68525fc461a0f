// `--format markdown`: the pull-request comment and job summary, verdict first.
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, formatMarkdown } from '../../../contracts/format/markdown.js';
import { aReport } from './report-builder.js';

/** Splits a table row on the pipes that end cells, leaving escaped ones inside. */
function splitRow(row: string): string[] {
  return row.slice(2, -2).split(/(?<!\\) \| /);
}

describe('formatMarkdown', () => {
  it.each([
    { name: 'one blocking change', report: aReport().change().build(), headline: '### :no_entry: 1 blocking change' },
    { name: 'two blocking changes', report: aReport().change().change().build(), headline: '### :no_entry: 2 blocking changes' },
    { name: 'nothing blocks', report: aReport().change({ blocking: false }).build(), headline: '### :white_check_mark: No blocking changes' },
    { name: 'empty report', report: aReport().build(), headline: '### :white_check_mark: No blocking changes' },
  ])('opens with the verdict: $name', ({ report, headline }) => {
    expect(formatMarkdown(report).split('\n')[0]).toBe(headline);
  });

  it.each([
    { name: 'pipe', input: 'a | b', expected: 'a \\| b' },
    { name: 'newline', input: 'a\nb\r\nc', expected: 'a<br>b<br>c' },
    { name: 'angle bracket', input: '<script>', expected: '&lt;script>' },
    { name: 'ampersand', input: '&lt;', expected: '&amp;lt;' },
    { name: 'backslash before a pipe', input: 'a\\|b', expected: 'a\\\\\\|b' },
    { name: 'control character', input: 'a\x1bb', expected: 'a b' },
  ])('escapes a $name', ({ input, expected }) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('keeps each change in one row of five cells whatever its message holds', () => {
    const report = aReport().change({ message: 'type changed | was <string>\nnow number' }).build();
    const row = formatMarkdown(report)
      .split('\n')
      .find((line) => line.includes('type changed'));
    expect(row).toBe(
      '| :red_circle: breaking · **blocks** | GET /users/{id} | type changed \\| was &lt;string><br>now number | api-path-removed-without-deprecation | base.yaml:12 |',
    );
    expect(splitRow(row ?? '')).toHaveLength(5);
  });

  it('folds all changes into details, sorted by level, operation, location', () => {
    const report = aReport()
      .change({ level: 'info', operation: undefined, message: 'doc info', blocking: false })
      .change({ operation: 'GET /users/{id}', message: 'users removed' })
      .change({ operation: 'DELETE /orders', message: 'orders removed' })
      .build();
    const output = formatMarkdown(report);
    expect(output).toContain(
      '<details>\n<summary>All changes (3)</summary>\n\n| Level | Operation | Change | Rule | Where |\n| --- | --- | --- | --- | --- |\n',
    );
    const rows = output.split('\n').filter((line) => line.startsWith('| :'));
    expect(rows.map((row) => splitRow(row)[2])).toEqual(['orders removed', 'users removed', 'doc info']);
    expect(output).toContain('</details>');
  });

  it('tables what blocks by consumer, with owners once per consumer', () => {
    const report = aReport()
      .consumer('checkout-web', ['@acme/checkout'])
      .consumer('billing', [])
      .change({ consumers: ['checkout-web', 'billing'], message: 'users removed' })
      .change({ operation: 'POST /orders', consumers: ['checkout-web'], message: 'total removed' })
      .change({ operation: 'DELETE /orders', consumers: [], blocking: false, message: 'unused' })
      .build();
    const output = formatMarkdown(report);
    expect(output).toContain(
      [
        '| Consumer | Owners | Operation | Change |',
        '| --- | --- | --- | --- |',
        '| billing | none known | GET /users/{id} | users removed |',
        '| checkout-web | @acme/checkout | POST /orders | total removed |',
        '|  |  | GET /users/{id} | users removed |',
      ].join('\n'),
    );
    expect(output).toContain('| unused (no consumer uses this: not blocking) |');
  });

  it.each([
    {
      name: 'with consumers and none broken',
      build: () => aReport().withConsumers().change({ blocking: false, consumers: [] }),
      text: 'nothing, no consumer is broken',
    },
    { name: 'without consumers', build: () => aReport().change(), text: undefined },
  ])('consumer section $name', ({ build, text }) => {
    const output = formatMarkdown(build().build());
    expect(output.includes('What blocks, by consumer')).toBe(text !== undefined);
    if (text) expect(output).toContain(text);
  });

  it('lists notices, escaped', () => {
    const report = aReport().notice({ code: 'spec-invalid', message: 'bad <ref>', file: 'revision.yaml', line: 3, consumer: 'billing' }).build();
    expect(formatMarkdown(report)).toContain('**Notices**\n\n- spec-invalid: bad &lt;ref> (revision.yaml:3, consumer: billing)\n');
  });

  it('renders an empty report as the verdict, the counts and "No changes."', () => {
    expect(formatMarkdown(aReport().build())).toBe(
      '### :white_check_mark: No blocking changes\n\nbase.yaml → revision.yaml: 0 breaking, 0 warnings, 0 info; 0 blocking.\n\nNo changes.\n',
    );
  });
});
