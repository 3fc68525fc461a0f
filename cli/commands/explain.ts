// `overseer explain ERR_X`: what a code means and what to do, offline, from the copy of docs/ERRORS.md the package
// ships; an installed user has no repository to open the page in, and every error line points here.

import { countEdits, describeGuess, findNearestName, RULES, type RuleDef } from '../../contracts/index.js';
import { oneOf, parseCommandArgs } from '../args.js';
import { type ErrorRow, readErrorCatalogue } from '../error-catalogue.js';
import { type FindingRow, readFindingCatalogue } from '../finding-catalogue.js';
import { CommandError, EXIT, type Io, UsageError } from '../io.js';

const HELP = `Usage: overseer explain CODE [options]
       overseer explain [options]

Prints what an error code means and what to do about it: its row of docs/ERRORS.md, which the
package carries, so it works offline. Every failure the CLI prints ends with the command to run
(error ERR_VERSION_UNKNOWN: ..., then Run "overseer explain ERR_VERSION_UNKNOWN" for what to do).
The code may be written in any case, without ERR_ (version-unknown). An unknown code names the
nearest known ones. Without a code, lists every code by where it shows. A rule id that a report
prints (rule: response-optional-property-removed) gets its row of docs/RULES.md: level, version
bump, what it finds; a reason of the gate's verdict (breaks-consumer) or a notice's code
(waiver-unused) its row of docs/FINDINGS.md: what it means and what to do.

Options:
  --format FORMAT          text | json (default: text)
  -h, --help               show this help

Exit codes: 0 explained, 2 no such code, rule, reason or notice (the nearest codes are named) or bad usage.

Examples:
  overseer explain ERR_VERSION_UNKNOWN
  overseer explain registry-unreachable
  overseer explain response-optional-property-removed
  overseer explain breaks-consumer
  overseer explain --format json
`;

const WIDTH = 100;

export async function explainCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { format: { type: 'string' } });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.safe;
  }
  const format = oneOf(values.format, ['text', 'json'] as const, '--format', 'text');
  if (positionals.length > 1) throw new UsageError(`explain one code at a time, got ${positionals.length}: ${positionals.join(' ')}`);
  const rows = readErrorCatalogue();
  if (rows.length === 0) throw new CommandError('ERR_INTERNAL', 'the list of error codes (docs/ERRORS.md) is missing from this install: reinstall overseer');
  const [wanted] = positionals;
  if (wanted === undefined) {
    io.stdout(format === 'json' ? `${JSON.stringify({ codes: rows }, null, 2)}\n` : describeAll(rows));
    return EXIT.safe;
  }
  const code = normaliseCode(wanted);
  const row = rows.find((r) => r.code === code);
  // Reports print rule ids, reason and notice codes beside the error codes: a user asks about those too.
  const rule = row ? undefined : RULES.get(wanted.trim().toLowerCase());
  if (rule) {
    io.stdout(format === 'json' ? `${JSON.stringify(describeRuleJson(rule), null, 2)}\n` : describeRule(rule));
    return EXIT.safe;
  }
  const finding = row ? undefined : readFindingCatalogue().find((f) => f.code === wanted.trim().toLowerCase());
  if (finding) {
    io.stdout(format === 'json' ? `${JSON.stringify(finding, null, 2)}\n` : describeFinding(finding));
    return EXIT.safe;
  }
  if (!row) throw new CommandError('ERR_CODE_UNKNOWN', describeUnknownWord(wanted) ?? describeUnknown(wanted, code, rows));
  io.stdout(format === 'json' ? `${JSON.stringify(row, null, 2)}\n` : describeRow(row));
  return EXIT.safe;
}

/** `version-unknown`, `err_version_unknown`, `#err_version_unknown` (the page's anchor) all name ERR_VERSION_UNKNOWN. */
function normaliseCode(text: string): string {
  const upper = text.trim().replace(/^#/, '').replace(/-/g, '_').toUpperCase();
  return upper.startsWith('ERR_') ? upper : `ERR_${upper}`;
}

function describeRow(row: ErrorRow): string {
  const status = row.http === '—' ? '' : ` (HTTP ${row.http})`;
  return [`${row.code}: ${row.section}${status}`, '', 'When it happens:', wrap(row.when), '', 'What to do:', wrap(row.todo), ''].join('\n');
}

function describeRuleJson(rule: RuleDef) {
  return { rule: rule.id, level: rule.level, bump: rule.bump, description: rule.description };
}

function describeRule(rule: RuleDef): string {
  const todo =
    `Its level is set per run with --severity-levels (a line "${rule.id} NONE" drops it); a change it finds is accepted ` +
    `until a date with a waiver naming it (rule: ${rule.id}). docs/RULES.md lists every rule.`;
  return [
    `${rule.id}: a rule of the diff, level ${rule.level} (version bump: ${rule.bump})`,
    '',
    'What it finds:',
    wrap(rule.description),
    '',
    'What to do:',
    wrap(todo),
    '',
  ].join('\n');
}

function describeFinding(finding: FindingRow): string {
  const kind = finding.kind === 'reason' ? "a reason of the gate's verdict (can-i-deploy, check, the Action)" : 'a notice of a report';
  return [`${finding.code}: ${kind}`, '', 'What it means:', wrap(plain(finding.meaning)), '', 'What to do:', wrap(plain(finding.todo)), ''].join('\n');
}

// `breaks-consumr`: a misspelled reason, notice or rule id is guessed among those, not among ERR_ codes.
function describeUnknownWord(given: string): string | undefined {
  const word = given.trim().toLowerCase();
  if (!/^[a-z]+(-[a-z]+)+$/.test(word)) return undefined;
  const guess = findNearestName(word, [...readFindingCatalogue().map((f) => f.code), ...RULES.keys()]);
  return guess === undefined ? undefined : `no code, rule, reason or notice ${word} in Overseer${describeGuess(guess)}`;
}

/** The page's backticks are markdown; a terminal shows the words. */
const plain = (text: string) => text.replace(/`/g, '');

function describeAll(rows: readonly ErrorRow[]): string {
  const sections = [...new Set(rows.map((r) => r.section))];
  const blocks = sections.map(
    (section) =>
      `${section}:\n${wrap(
        rows
          .filter((r) => r.section === section)
          .map((r) => r.code)
          .join(', '),
      )}`,
  );
  return `${blocks.join('\n\n')}\n\nRun "overseer explain CODE" for what one means and what to do.\n`;
}

// A code is words joined by `_`: one shared word (VERSION, given ERR_VERSION) ranks above a near spelling of another.
function describeUnknown(given: string, code: string, rows: readonly ErrorRow[]): string {
  const words = code.split('_').slice(1);
  const ranked = rows
    .map((r) => ({ code: r.code, shared: words.filter((w) => r.code.split('_').includes(w)).length, edits: countEdits(code, r.code) }))
    .filter((r) => r.shared > 0 || r.edits <= 3)
    .sort((a, b) => b.shared - a.shared || a.edits - b.edits)
    .slice(0, 3)
    .map((r) => r.code);
  const nearest = ranked.length > 0 ? `; the nearest: ${ranked.join(', ')}` : '';
  return `no error code ${code}${given === code ? '' : ` (read from "${given}")`} in Overseer${nearest} ("overseer explain" lists them all)`;
}

function wrap(text: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > WIDTH - 2) {
      lines.push(`  ${line}`);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(`  ${line}`);
  return lines.join('\n');
}
