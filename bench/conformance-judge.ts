// Judging one corpus case against what our engine reported: a pure function of the case, our
// findings and oasdiff's rule table, so the test suite and the command line agree on every verdict.
import type { Level } from '../contracts/index.js';
import { type CorpusCase, type CorpusRule, OASDIFF_LEVELS, type OasdiffLevel } from './conformance-corpus.js';

/** One of our findings as the judge sees it: its id, our level, and how many operations it stands for. */
export interface JudgedFinding {
  id: string;
  level: Level;
  /** oasdiff reports a change once per operation; ours may stand for several (a shared schema). */
  weight: number;
}

export interface Verdict {
  pass: boolean;
  /** Why it failed, one line each; empty when it passed. */
  reasons: string[];
  /** The ids we reported in the case's scope (level floor and check function applied), with multiplicity. */
  inScope: string[];
}

const LEVEL_MAP: Record<Level, OasdiffLevel> = { breaking: 'ERR', warning: 'WARN', info: 'INFO' };

export function toOasdiffLevel(level: Level): OasdiffLevel {
  return LEVEL_MAP[level];
}

/** The ids a case's check function can emit, or undefined when every rule ran. */
function idsOfCheck(checksRun: string, rules: ReadonlyMap<string, CorpusRule>): Set<string> | undefined {
  if (checksRun === 'ALL') return undefined;
  return new Set([...rules.values()].filter((r) => r.checkFunc === checksRun).map((r) => r.id));
}

export function judgeCase(c: CorpusCase, findings: JudgedFinding[], rules: ReadonlyMap<string, CorpusRule>): Verdict {
  const floor = OASDIFF_LEVELS.indexOf(c.minLevel);
  // An id the test names is in scope even where RULES.tsv files it under another check function
  // (oasdiff's sunset checks emit the removal checks' `*-sunset-parse` ids).
  const checkIds = idsOfCheck(c.checksRun, rules);
  const allowed = checkIds && new Set([...checkIds, ...c.expectedIds, ...c.absentIds]);
  const scoped = findings.filter((f) => OASDIFF_LEVELS.indexOf(toOasdiffLevel(f.level)) >= floor && (!allowed || allowed.has(f.id)));
  const present = new Set(scoped.map((f) => f.id));
  const count = scoped.reduce((n, f) => n + Math.max(1, f.weight), 0);
  const reasons: string[] = [];
  const missing = c.expectedIds.filter((id) => !present.has(id));
  if (missing.length > 0) reasons.push(`missing ${missing.join(', ')}${describeNear(missing, findings)}`);
  const unwanted = c.absentIds.filter((id) => present.has(id));
  if (unwanted.length > 0) reasons.push(`reported ${unwanted.join(', ')}, which must be absent`);
  if (c.expectEmpty && scoped.length > 0) reasons.push(`expected nothing at ${c.minLevel}+, got ${summarise(scoped)}`);
  if (c.expectedCount !== undefined && count !== c.expectedCount) {
    reasons.push(`expected ${c.expectedCount} finding(s) in scope, got ${count}: ${summarise(scoped) || 'none'}`);
  } else if (c.exactSet && c.expectedCount === undefined) {
    const extra = [...present].filter((id) => !c.expectedIds.includes(id));
    if (extra.length > 0) reasons.push(`exact set: extra ${extra.join(', ')}`);
  }
  return { pass: reasons.length === 0, reasons, inScope: scoped.flatMap((f) => Array(Math.max(1, f.weight)).fill(f.id)) };
}

/** A missing id we did report, but below the floor: the difference is a level, not a detection. */
function describeNear(missing: string[], findings: JudgedFinding[]): string {
  const near = missing.map((id) => findings.find((f) => f.id === id)).filter((f) => f !== undefined);
  if (near.length === 0) return '';
  return ` (reported at a lower level: ${near.map((f) => `${f.id}=${toOasdiffLevel(f.level)}`).join(', ')})`;
}

function summarise(findings: JudgedFinding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.id, (counts.get(f.id) ?? 0) + Math.max(1, f.weight));
  return [...counts].map(([id, n]) => (n > 1 ? `${id} x${n}` : id)).join(', ');
}

/** The family a case belongs to for the summary: the category of the ids it is about. */
export function familyOf(c: CorpusCase, rules: ReadonlyMap<string, CorpusRule>): string {
  const checkRule = [...rules.values()].find((r) => r.checkFunc === c.checksRun);
  if (checkRule) return checkRule.category;
  for (const id of [...c.expectedIds, ...c.absentIds]) {
    const r = rules.get(id);
    if (r) return r.category;
  }
  return 'whole-document';
}
