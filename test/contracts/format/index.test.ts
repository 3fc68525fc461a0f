// The formatter table: every --format name is known, and only text is given colour.
import { describe, expect, it } from 'vitest';
import { formatGithub } from '../../../contracts/format/github.js';
import { FORMATS, formatReport, isFormat } from '../../../contracts/format/index.js';
import { formatJson } from '../../../contracts/format/json.js';
import { formatJunit } from '../../../contracts/format/junit.js';
import { formatMarkdown } from '../../../contracts/format/markdown.js';
import { formatSarif } from '../../../contracts/format/sarif.js';
import { formatText } from '../../../contracts/format/text.js';
import { aReport } from './report-builder.js';

describe('formatReport', () => {
  const report = aReport()
    .consumer('billing', ['@b'])
    .change({ consumers: ['billing'] })
    .build();

  it.each([
    { format: 'text' as const, expected: formatText(report) },
    { format: 'json' as const, expected: formatJson(report) },
    { format: 'markdown' as const, expected: formatMarkdown(report) },
    { format: 'github' as const, expected: formatGithub(report) },
    { format: 'junit' as const, expected: formatJunit(report) },
    { format: 'sarif' as const, expected: formatSarif(report) },
  ])('dispatches $format', ({ format, expected }) => {
    expect(formatReport(report, format)).toBe(expected);
  });

  it('passes colour to text only', () => {
    expect(formatReport(report, 'text', { color: true })).toContain('\x1b[');
    for (const format of FORMATS.filter((f) => f !== 'text')) expect(formatReport(report, format, { color: true })).not.toContain('\x1b');
  });

  it('lists the formats and recognises them', () => {
    expect(FORMATS).toEqual(['text', 'json', 'markdown', 'github', 'junit', 'sarif']);
    expect(FORMATS.every(isFormat)).toBe(true);
    expect(isFormat('html')).toBe(false);
  });
});
