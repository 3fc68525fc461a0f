// Renderers of `overseer changelog`: text for a terminal, markdown for release notes, json for scripts.

import type { Changelog, ChangelogEntry } from '../changelog.js';
import type { Change, Level } from '../model.js';
import { escapeMarkdown } from './markdown.js';
import { toOneLine } from './shared.js';

export const CHANGELOG_FORMATS = ['text', 'markdown', 'json'] as const;
type ChangelogFormat = (typeof CHANGELOG_FORMATS)[number];

// Within each section, operations with a breaking change come first (changelog.ts sorts them).
const SECTIONS = [
  { key: 'added', title: 'Added' },
  { key: 'removed', title: 'Removed' },
  { key: 'changed', title: 'Changed' },
] as const;

const MARK: Record<Level, string> = { breaking: ':red_circle: **Breaking:**', warning: ':warning: **Warning:**', info: '' };

export function formatChangelog(changelog: Changelog, format: ChangelogFormat): string {
  if (format === 'json') return `${JSON.stringify(toJson(changelog), null, 2)}\n`;
  return format === 'markdown' ? renderMarkdown(changelog) : renderText(changelog);
}

function renderText(changelog: Changelog): string {
  const blocks = [[toOneLine(describeHeading(changelog)), describeCounts(changelog), ...describeBump(changelog)]];
  for (const { key, title } of SECTIONS) {
    if (changelog[key].length === 0) continue;
    blocks.push([title, ...changelog[key].flatMap((entry) => renderTextEntry(entry))]);
  }
  if (isEmpty(changelog)) blocks.push(['No changes.']);
  return `${blocks.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function renderTextEntry(entry: ChangelogEntry): string[] {
  const tag = (change: Change) => change.level.toUpperCase().padEnd('BREAKING'.length);
  return [`  ${toOneLine(entry.operation ?? 'Document')}`, ...entry.changes.map((change) => `    ${tag(change)}  ${toOneLine(change.message)}`)];
}

function renderMarkdown(changelog: Changelog): string {
  const blocks = [
    `## ${escapeMarkdown(describeHeading(changelog))}`,
    `${escapeMarkdown(describeCounts(changelog))}.`,
    ...describeBump(changelog).map((line) => `${escapeMarkdown(line)}.`),
  ];
  for (const { key, title } of SECTIONS) {
    if (changelog[key].length === 0) continue;
    blocks.push([`### ${title}`, '', ...changelog[key].flatMap((entry) => renderMarkdownEntry(entry, key === 'added'))].join('\n'));
  }
  if (isEmpty(changelog)) blocks.push('No changes.');
  return `${blocks.join('\n\n')}\n`;
}

// An added operation's only change says that it was added: the operation alone says it better.
function renderMarkdownEntry(entry: ChangelogEntry, added: boolean): string[] {
  const name = `\`${(entry.operation ?? 'Document').replace(/`/g, "'")}\``;
  const rest = added ? entry.changes.filter((change) => change.id !== 'endpoint-added') : entry.changes;
  return [`- ${name}`, ...rest.map((change) => `  - ${[MARK[change.level], escapeMarkdown(change.message)].filter(Boolean).join(' ')}`)];
}

function describeHeading(changelog: Changelog): string {
  const name = changelog.title ?? changelog.revision.file;
  const from = changelog.base.version ?? changelog.base.file;
  const to = changelog.revision.version ?? changelog.revision.file;
  return `${name}: ${from} -> ${to}`;
}

function describeCounts(changelog: Changelog): string {
  const { breaking, warning, info } = changelog.counts;
  return `${breaking} breaking, ${warning} ${warning === 1 ? 'warning' : 'warnings'}, ${info} info`;
}

function describeBump(changelog: Changelog): string[] {
  const bump = changelog.versionBump;
  if (!bump || bump.needed === 'none') return [];
  return [`These changes need a ${bump.needed} version bump (given: ${bump.given === 'none' ? 'unchanged' : bump.given})`];
}

function isEmpty(changelog: Changelog): boolean {
  return SECTIONS.every(({ key }) => changelog[key].length === 0);
}

function toJson(changelog: Changelog): Record<string, unknown> {
  const entry = (e: ChangelogEntry) => ({ ...(e.operation ? { operation: e.operation } : {}), changes: e.changes.map(toJsonChange) });
  return {
    ...(changelog.title !== undefined ? { title: changelog.title } : {}),
    base: changelog.base,
    revision: changelog.revision,
    added: changelog.added.map(entry),
    removed: changelog.removed.map(entry),
    changed: changelog.changed.map(entry),
    counts: changelog.counts,
    ...(changelog.versionBump ? { versionBump: changelog.versionBump } : {}),
  };
}

function toJsonChange(change: Change): Record<string, unknown> {
  return {
    id: change.id,
    level: change.level,
    location: change.location,
    ...(change.line !== undefined ? { line: change.line } : {}),
    message: change.message,
  };
}
