// The one entry point the CLI and the action use to turn a report into output.

import type { DiffReport } from '../model.js';
import { formatGithub } from './github.js';
import { formatJson, formatJsonParts } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export const FORMATS = ['text', 'json', 'markdown', 'github', 'junit', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

interface FormatOptions {
  /** ANSI colours in `text`; ignored by the other formats. */
  color?: boolean;
}

/** Narrows a `--format` value, so the CLI can reject an unknown one with exit code 2. */
export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

/** Renders a report in the given format; pure, so the exit code never depends on it. */
export function formatReport(report: DiffReport, format: Format, options: FormatOptions = {}): string {
  switch (format) {
    case 'text':
      return formatText(report, { color: options.color });
    case 'json':
      return formatJson(report);
    case 'markdown':
      return formatMarkdown(report);
    case 'github':
      return formatGithub(report);
    case 'junit':
      return formatJunit(report);
    case 'sarif':
      return formatSarif(report);
  }
}

/**
 * `formatReport`'s text in pieces a writer takes one after the other, the same bytes once joined: JSON, whose reports
 * run to megabytes, comes as the object and its newline (see `formatJsonParts`).
 */
export function formatReportParts(report: DiffReport, format: Format, options: FormatOptions = {}): string[] {
  return format === 'json' ? formatJsonParts(report) : [formatReport(report, format, options)];
}

export { locateOperations, locateRemovals } from './operation-lines.js';
