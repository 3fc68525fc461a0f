// A human changelog of two contract versions: operations added, removed and changed, breaking first.
// Pure: the `overseer changelog` command loads and diffs, then renders what this returns.
import type { ContractDiff } from './diff.js';
import { type Change, type DiffReport, LEVELS, type Level } from './model.js';
import { operationKey } from './schema/operations.js';

/** One operation (or the document as a whole) and what changed in it. */
export interface ChangelogEntry {
  /** `GET /users/{id}`; absent for document-wide changes. */
  operation?: string;
  changes: Change[];
}

export interface Changelog {
  title?: string;
  base: { file: string; version?: string };
  revision: { file: string; version?: string };
  added: ChangelogEntry[];
  removed: ChangelogEntry[];
  changed: ChangelogEntry[];
  counts: Record<Level, number>;
  versionBump?: DiffReport['versionBump'];
}

interface ChangelogInput {
  diff: Pick<ContractDiff, 'changes' | 'operations'>;
  base: { file: string; version?: string };
  revision: { file: string; version?: string };
  title?: string;
  versionBump?: DiffReport['versionBump'];
}

type Section = 'added' | 'removed' | 'changed';

/** Groups the diff's changes by operation into added, removed and changed operations. */
export function buildChangelog(input: ChangelogInput): Changelog {
  const entries = new Map<string | undefined, ChangelogEntry & { section: Section }>();
  for (const change of input.diff.changes) {
    let entry = entries.get(change.operation);
    if (!entry)
      entries.set(change.operation, (entry = { ...withOperation(change.operation), changes: [], section: classify(change.operation, input.diff.operations) }));
    entry.changes.push(change);
  }
  const pick = (section: Section) =>
    [...entries.values()]
      .filter((e) => e.section === section)
      .map(toEntry)
      .sort(compareEntries);
  const counts: Record<Level, number> = { breaking: 0, warning: 0, info: 0 };
  for (const change of input.diff.changes) counts[change.level]++;
  return {
    ...(input.title !== undefined ? { title: input.title } : {}),
    base: input.base,
    revision: input.revision,
    added: pick('added'),
    removed: pick('removed'),
    changed: pick('changed'),
    counts,
    ...(input.versionBump ? { versionBump: input.versionBump } : {}),
  };
}

/** The most severe level among an entry's changes. */
function findWorstLevel(entry: ChangelogEntry): Level {
  return entry.changes.reduce<Level>((worst, c) => (rankOf(c.level) < rankOf(worst) ? c.level : worst), 'info');
}

// An operation is added or removed when the diff saw it in one version only; document-wide changes are "changed".
function classify(label: string | undefined, operations: ContractDiff['operations']): Section {
  if (label === undefined) return 'changed';
  const op = operations.get(keyOfLabel(label));
  return op?.added ? 'added' : op?.removed ? 'removed' : 'changed';
}

function toEntry(entry: ChangelogEntry & { section: Section }): ChangelogEntry {
  return { ...withOperation(entry.operation), changes: [...entry.changes].sort(compareChanges) };
}

function withOperation(operation: string | undefined): { operation?: string } {
  return operation === undefined ? {} : { operation };
}

// Breaking first: entries with a breaking change lead, then by path and method, the document before operations.
function compareEntries(a: ChangelogEntry, b: ChangelogEntry): number {
  return rankOf(findWorstLevel(a)) - rankOf(findWorstLevel(b)) || compareOperations(a.operation, b.operation);
}

function compareChanges(a: Change, b: Change): number {
  return rankOf(a.level) - rankOf(b.level) || compareText(a.location, b.location) || compareText(a.id, b.id);
}

function compareOperations(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return Number(a !== undefined) - Number(b !== undefined);
  const [methodA, pathA] = splitLabel(a);
  const [methodB, pathB] = splitLabel(b);
  return compareText(pathA, pathB) || compareText(methodA, methodB);
}

function rankOf(level: Level): number {
  return LEVELS.length - 1 - LEVELS.indexOf(level);
}

function splitLabel(label: string): [string, string] {
  const space = label.indexOf(' ');
  return space < 0 ? ['', label] : [label.slice(0, space), label.slice(space + 1)];
}

function keyOfLabel(label: string): string {
  const [method, path] = splitLabel(label);
  return method ? operationKey(method, path) : label;
}

// Code-unit order: the same on every machine, whatever its locale.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
