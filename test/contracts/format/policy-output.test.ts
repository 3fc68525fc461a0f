// What policy adds to the text, markdown and json outputs: partial waivers and the semantic version bump.
import { describe, expect, it } from 'vitest';
import { formatJson } from '../../../contracts/format/json.js';
import { formatMarkdown } from '../../../contracts/format/markdown.js';
import { formatText } from '../../../contracts/format/text.js';
import { aReport } from './report-builder.js';

const versionBump = { base: '1.2.0', revision: '1.2.1', given: 'patch', needed: 'major' } as const;
const report = {
  ...aReport()
    .consumer('billing')
    .consumer('checkout')
    .change({ consumers: ['billing', 'checkout'], waivedFor: ['checkout'] })
    .build(),
  versionBump,
};

describe('policy in the outputs', () => {
  it('text marks a change waived for some consumers and states the version bump before the verdict', () => {
    const output = formatText(report);
    expect(output).toMatch(/api path removed without deprecation .* \(blocking; breaks: billing; waived for checkout\)$/m);
    expect(
      output.endsWith(
        '\n\ninfo.version 1.2.0 -> 1.2.1: a patch bump; the changes need a major bump\n\n1 breaking, 0 warnings, 0 info; 1 blocking -> blocked\n',
      ),
    ).toBe(true);
  });

  it('markdown does the same', () => {
    const output = formatMarkdown(report);
    expect(output).toContain('api path removed without deprecation (waived for checkout)');
    expect(output).toContain('\n\ninfo.version 1.2.0 -> 1.2.1: a patch bump; the changes need a major bump.\n\n');
  });

  it('json adds waivedFor and versionBump only when they carry something', () => {
    const json = JSON.parse(formatJson(report));
    expect(json.changes[0].waivedFor).toEqual(['checkout']);
    expect(json.versionBump).toEqual(versionBump);
    const plain = JSON.parse(formatJson(aReport().change().build()));
    expect(plain.versionBump).toBeUndefined();
    expect(plain.changes[0].waivedFor).toBeUndefined();
  });

  it.each([
    { given: 'downgrade', needed: 'minor', text: 'info.version 1.2.0 -> 1.2.1: a downgrade; the changes need a minor bump' },
    { given: 'none', needed: 'none', text: 'info.version 1.2.0 -> 1.2.1: unchanged; the changes need no bump' },
  ] as const)('words a $given bump', ({ given, needed, text }) => {
    expect(formatText({ ...aReport().build(), versionBump: { ...versionBump, given, needed } })).toContain(text);
  });
});
