// What the comment says of warnings that reach what consumers use: none blocks, but the author should tell their owners,
// so they are named by consumer as blockers are, under a heading that says they block nothing.
import { escapeMarkdown, findWarnedByConsumer } from '../contracts/index.js';
import { describeContacts } from './comment-advice.js';
import type { Outcome } from './report.js';

/** Past this many rows, one row per consumer: every owner is still named. */
export function renderWarned(outcome: Outcome, maxRows: number): string {
  if (outcome.report.consumers === undefined) return '';
  const groups = findWarnedByConsumer(outcome.report);
  if (groups.length === 0) return '';
  const title = '#### Warnings to pass on, by consumer (not blocking)';
  const folded = groups.reduce((n, g) => n + g.changes.length, 0) > maxRows;
  const rows = groups.flatMap(({ consumer, changes }) => {
    const lines = folded
      ? [[String(changes.length), [...new Set(changes.flatMap((c) => c.warnedConsumers?.[consumer.name] ?? []))].join(', ')]]
      : changes.map((c) => [(c.warnedConsumers?.[consumer.name] ?? []).join(', ') || 'Document', c.message]);
    return lines.map((row, i) => [
      i === 0 ? `**${escapeMarkdown(consumer.name)}**` : '',
      i === 0 ? describeContacts(consumer) : '',
      ...row.map(escapeMarkdown),
    ]);
  });
  const header = ['Consumer', 'Owners', ...(folded ? ['Warnings', 'Operations'] : ['Operation', 'Change'])];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [title, '', line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
