// The oasdiff conformance corpus as typed data: MANIFEST.tsv (one case per upstream test) and
// RULES.tsv (every oasdiff rule id with its level, category and the check function that emits it).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const OASDIFF_LEVELS = ['INFO', 'WARN', 'ERR'] as const;
export type OasdiffLevel = (typeof OASDIFF_LEVELS)[number];

export interface CorpusCase {
  case: string;
  base: string;
  revision: string;
  expectedIds: string[];
  absentIds: string[];
  expectEmpty: boolean;
  /** `ALL`, or the one upstream check function whose ids were evaluated. */
  checksRun: string;
  minLevel: OasdiffLevel;
  exactSet: boolean;
  expectedCount?: number;
  sourceTest: string;
  note: string;
}

export interface CorpusRule {
  id: string;
  level: OasdiffLevel;
  description: string;
  category: string;
  checkFunc: string;
}

/** `$OVERSEER_OASDIFF_CORPUS` (to try another snapshot), else the copy vendored in test/fixtures/oasdiff. */
export function corpusDirOf(repoRoot: string, env: NodeJS.ProcessEnv): string {
  const fromEnv = env.OVERSEER_OASDIFF_CORPUS;
  return fromEnv ? resolve(fromEnv) : resolve(repoRoot, 'test', 'fixtures', 'oasdiff');
}

export function hasCorpus(dir: string): boolean {
  return existsSync(join(dir, 'MANIFEST.tsv')) && existsSync(join(dir, 'RULES.tsv'));
}

function readTable(file: string): Record<string, string>[] {
  const lines = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const header = lines[0].split('\t');
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(header.map((h, i) => [h, (cells[i] ?? '').trim()]));
  });
}

const list = (cell: string): string[] =>
  cell
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

function levelOf(cell: string, where: string): OasdiffLevel {
  if ((OASDIFF_LEVELS as readonly string[]).includes(cell)) return cell as OasdiffLevel;
  throw new Error(`${where}: unknown level "${cell}"`);
}

export function readCases(dir: string): CorpusCase[] {
  return readTable(join(dir, 'MANIFEST.tsv')).map((row) => ({
    case: row.case,
    base: row.base,
    revision: row.revision,
    expectedIds: list(row.expected_ids),
    absentIds: list(row.absent_ids),
    expectEmpty: row.expect_empty === 'yes',
    checksRun: row.checks_run || 'ALL',
    minLevel: levelOf(row.min_level, `MANIFEST.tsv ${row.case}`),
    exactSet: row.exact_set === 'yes',
    ...(row.expected_count !== '' ? { expectedCount: Number(row.expected_count) } : {}),
    sourceTest: row.source_test,
    note: row.note,
  }));
}

export function readRules(dir: string): Map<string, CorpusRule> {
  const out = new Map<string, CorpusRule>();
  for (const row of readTable(join(dir, 'RULES.tsv'))) {
    out.set(row.id, {
      id: row.id,
      level: levelOf(row.level, `RULES.tsv ${row.id}`),
      description: row.description,
      category: row.category,
      checkFunc: row.go_check_func,
    });
  }
  return out;
}
