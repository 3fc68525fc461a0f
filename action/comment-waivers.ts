// What the comment says of waivers: a waived break is still a break for its consumers when the version deploys, and
// a waiver the author has to write from the README is one more trip away from the pull request. Pure.

import { escapeMarkdown, findBlockersByConsumer, type JudgedChange } from '../contracts/index.js';
import { describeOperationFor, type Outcome } from './report.js';

// Enough for one change that breaks a few consumers; beyond it the author knows the shape.
const MAX_DRAFTED = 4;

/** The waived changes that break a consumer (with consumers known): the ones a deploy still has to answer for. */
export function findWaivedBreaks(outcome: Outcome): JudgedChange[] {
  return outcome.report.changes.filter((c) => c.waived && (c.consumers?.length ?? 0) > 0);
}

export function listConsumers(changes: readonly JudgedChange[]): string[] {
  return [...new Set(changes.flatMap((c) => c.consumers ?? []))];
}

/** `a`, `a and b`, `a, b and c`. */
export function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export function waiversFile(outcome: Outcome): string {
  return (outcome.waivers ?? 'waivers.yaml').replace(/`/g, "'");
}

/** `Nothing blocks for the 3 consumers deployed in production: 1 change that breaks a and b is waived (`waivers.yaml`).` */
export function describeWaivedVerdict(outcome: Outcome, consumers: string, environment: string): string | undefined {
  const waived = findWaivedBreaks(outcome);
  if (waived.length === 0) return undefined;
  const one = waived.length === 1;
  const names = escapeMarkdown(joinNames(listConsumers(waived)));
  const what = `${waived.length} ${one ? 'change that breaks' : 'changes that break'} ${names} ${one ? 'is' : 'are'} waived`;
  return `Nothing blocks for ${consumers} deployed in ${environment}: ${what} (\`${waiversFile(outcome)}\`).`;
}

/** ` 1 change is waived (`waivers.yaml`).`, judged offline: what passed only by a waiver is not hidden behind "no change". */
export function describeWaivedCount(outcome: Outcome): string {
  const waived = outcome.report.changes.filter((c) => c.waived).length;
  if (waived === 0) return '';
  return ` ${waived} ${waived === 1 ? 'change is' : 'changes are'} waived (\`${waiversFile(outcome)}\`).`;
}

/** A waiver for each blocking change and consumer it breaks, to paste with a reason and a date: indented into a list item. */
export function draftWaivers(outcome: Outcome): string[] {
  const { report } = outcome;
  const entries: { rule: string; operation: string; consumer?: string }[] = [];
  if (report.consumers === undefined) {
    for (const c of report.changes.filter((change) => change.blocking)) entries.push({ rule: c.id, operation: describeOperationFor(c, undefined) });
  } else {
    for (const { consumer, changes } of findBlockersByConsumer(report)) {
      const used = outcome.usedOperations[consumer.name];
      // A change reached through several operations is waived by any one of them: the one this consumer uses.
      for (const c of changes) entries.push({ rule: c.id, operation: describeOperationFor(c, used).split(', ')[0]!, consumer: consumer.name });
    }
  }
  if (entries.length === 0) return [];
  const lines = entries
    .slice(0, MAX_DRAFTED)
    .flatMap(({ rule, operation, consumer }) => [
      `- rule: ${rule}`,
      `  operation: ${operation === 'Document' ? '"*"' : operation}`,
      ...(consumer ? [`  consumer: ${consumer}`] : []),
      `  reason: <why ${consumer ? `the owners of ${consumer} agree` : 'this break is accepted'}>`,
      '  expires: <YYYY-MM-DD>',
    ]);
  const more = entries.length > MAX_DRAFTED ? [`# … and ${entries.length - MAX_DRAFTED} more, one per change and consumer`] : [];
  return ['```yaml', ...lines, ...more, '```'].map((line) => `  ${line}`);
}
