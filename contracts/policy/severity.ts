// `--severity-levels FILE`: oasdiff's `rule-id level` lines, which set a rule's level or drop the rule.
// Pure: the CLI reads the file and passes its text; changes come back as new objects.
import { type ContractDiff, sortChanges } from '../diff.js';
import type { Change, Level, Notice } from '../model.js';
import { PolicyError, type PolicyProblem } from './error.js';

/** A level a severity file may give a rule; `none` drops the rule's changes. */
type SeverityLevel = Level | 'none';

interface SeverityEntry {
  rule: string;
  level: SeverityLevel;
  file: string;
  line: number;
}

/** Per rule id, the level its line sets. */
export type SeverityLevels = ReadonlyMap<string, SeverityEntry>;

// oasdiff's words and ours, case-insensitive, so a file written for oasdiff works unchanged.
const LEVEL_WORDS: Readonly<Record<string, SeverityLevel>> = {
  err: 'breaking',
  warn: 'warning',
  info: 'info',
  none: 'none',
  breaking: 'breaking',
  warning: 'warning',
};

const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Reads a severity file: one `rule-id level` per line, `#` comments, blank lines ignored. Throws every bad line at once. */
export function parseSeverityLevels(text: string, file: string): SeverityLevels {
  const levels = new Map<string, SeverityEntry>();
  const problems: PolicyProblem[] = [];
  splitLines(text).forEach((raw, index) => {
    const line = index + 1;
    const words = stripComment(raw).trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return;
    const problem = findLineProblem(words, levels);
    if (problem) {
      problems.push({ file, line, message: problem });
      return;
    }
    levels.set(words[0], { rule: words[0], level: LEVEL_WORDS[words[1].toLowerCase()], file, line });
  });
  if (problems.length > 0) throw new PolicyError('ERR_SEVERITY_INVALID', problems);
  return levels;
}

/** Copies of the changes with their rules' levels set, without the changes of rules set to `none`. */
export function applySeverity<T extends Change>(changes: readonly T[], levels: SeverityLevels): T[] {
  const out: T[] = [];
  for (const change of changes) {
    const entry = levels.get(change.id);
    if (!entry) out.push(change);
    // A finding that by its own words changes nothing is never made a blocker by raising its rule.
    else if (entry.level !== 'none') out.push(entry.level === change.level || change.inert ? change : { ...change, level: entry.level });
  }
  return out;
}

/** `applySeverity` over a whole diff, keeping its schema-finding index pointed at the new change objects (impact reads it). */
export function applySeverityToDiff(diff: ContractDiff, levels: SeverityLevels): ContractDiff {
  if (levels.size === 0) return diff;
  const replaced = new Map<Change, Change>();
  const changes = diff.changes.flatMap((change) => {
    const [next] = applySeverity([change], levels);
    if (next) replaced.set(change, next);
    return next ? [next] : [];
  });
  const changeOf = new Map([...diff.changeOf].flatMap(([finding, change]) => (replaced.has(change) ? [[finding, replaced.get(change)!] as const] : [])));
  // Re-sorted: the engine's order is by level, and levels moved.
  return { ...diff, changes: sortChanges(changes), changeOf };
}

/** A notice for each line naming a rule the engine does not check (an oasdiff id not implemented yet, or a typo). */
export function findUnknownRules(levels: SeverityLevels, isKnown: (rule: string) => boolean): Notice[] {
  return [...levels.values()]
    .filter((entry) => !isKnown(entry.rule))
    .map((entry) => ({
      code: 'severity-rule-unknown',
      message: `"${entry.rule}" is not a rule overseer checks: this line has no effect`,
      file: entry.file,
      line: entry.line,
    }));
}

function findLineProblem(words: string[], seen: Map<string, SeverityEntry>): string | undefined {
  if (words.length !== 2) return `expected "rule-id level", got ${words.length} words`;
  const [rule, level] = words;
  if (!RULE_ID.test(rule)) return `"${rule}" is not a rule id: ids are kebab-case, like api-path-removed-without-deprecation`;
  if (!Object.hasOwn(LEVEL_WORDS, level.toLowerCase())) {
    return `"${level}" is not a level: use ERR, WARN, INFO or NONE (or breaking, warning, info, none)`;
  }
  const earlier = seen.get(rule);
  return earlier ? `rule "${rule}" is already set on line ${earlier.line}` : undefined;
}

// A `#` starts a comment at the start of a line or after a space, as in oasdiff's files and YAML.
function stripComment(line: string): string {
  const match = /(^|\s)#/.exec(line);
  return match ? line.slice(0, match.index) : line;
}

/** Lines of a text file, without a byte-order mark, whatever the line endings. */
function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}
