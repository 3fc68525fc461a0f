// The registry gate's notices in the comment, grouped by what each means for the pull request: uses it left out that
// would have refused it, calls that fail only while two versions run, uses it does not judge, and the rest. One
// heading for all once said "would break" of notices that break nothing.

import { escapeMarkdown, type Notice } from '../contracts/index.js';
import type { Outcome } from './report.js';

interface NoticeGroup {
  codes: readonly string[];
  title: string;
  /** Said under the title, before the notices. */
  intro?: string;
  /** Its part of the verdict's sentence. */
  headline(count: number, outcome: Outcome): string;
}

const GROUPS: readonly NoticeGroup[] = [
  {
    codes: ['observed-calls-not-counted', 'declared-uses-not-counted', 'caller-not-live'],
    title: 'Uses not counted',
    intro: 'Each would refuse this contract if the registry counted it (its usage policy, or a caller with no version live there).',
    headline: (n) => `${plural(n, 'use')} the registry did not count would break`,
  },
  {
    codes: ['self-use-rollout'],
    title: 'Calls that fail while both versions run',
    headline: (n, outcome) =>
      `${plural(n, 'version')} of ${escapeMarkdown(outcome.service ?? 'this service')} live there and this one would fail each other's calls while both run (not blocking)`,
  },
  {
    codes: ['use-dropped', 'undeclared-call', 'use-not-judged'],
    title: 'Uses the gate does not judge',
    intro: 'Not blocking, and not judged: each says what to declare, or why it cannot be judged.',
    headline: (n) => `${plural(n, 'use')} ${n === 1 ? 'is' : 'are'} not judged by the gate`,
  },
];

const OTHERS: NoticeGroup = {
  codes: [],
  title: 'Other notices from the registry',
  headline: (n) => `the registry adds ${plural(n, 'notice')}`,
};

function groupNotices(notices: readonly Notice[]): { group: NoticeGroup; notices: Notice[] }[] {
  const grouped = [...GROUPS, OTHERS].map((group) => ({ group, notices: [] as Notice[] }));
  for (const notice of notices) {
    const at = GROUPS.findIndex((g) => g.codes.includes(notice.code));
    grouped[at < 0 ? GROUPS.length : at]!.notices.push(notice);
  }
  return grouped.filter((g) => g.notices.length > 0);
}

/** Its part of the verdict: ` 1 use the registry did not count would break; ...: below.`, or nothing. */
export function describeRegistryNotices(outcome: Outcome): string {
  const parts = groupNotices(outcome.registryNotices).map(({ group, notices }) => group.headline(notices.length, outcome));
  if (parts.length === 0) return '';
  const sentence = parts.join('; ');
  return ` ${sentence[0]!.toUpperCase()}${sentence.slice(1)}: below.`;
}

/** Each group under its heading, in the registry's words, a few of each when there are many. */
export function renderRegistryNotices(outcome: Outcome, maxRows: number): string {
  const most = Math.max(5, Math.floor(maxRows / 10));
  return groupNotices(outcome.registryNotices)
    .map(({ group, notices }) => {
      const shown = notices.slice(0, most);
      const rest = notices.length - shown.length;
      return [
        `#### ${group.title} (${notices.length})`,
        '',
        ...(group.intro ? [group.intro, ''] : []),
        ...shown.map((n) => `- \`${n.code}\`: ${escapeMarkdown(n.message)}`),
        ...(rest > 0 ? [`- … and ${rest} more`] : []),
      ].join('\n');
    })
    .join('\n\n');
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
