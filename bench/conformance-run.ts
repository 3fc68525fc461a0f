// Running every corpus case through the engine: load both files, diff, judge. Used by the
// `npm run conformance` command and by the test that guards the committed pass rate.
import { join } from 'node:path';
import {
  type Change,
  type ContractDiff,
  diffContracts,
  type LoadedContract,
  loadContract,
  type PairNode,
  RULES,
  type SchemaFinding,
} from '../contracts/index.js';
import { type CorpusCase, type CorpusRule, readCases, readRules } from './conformance-corpus.js';
import { familyOf, type JudgedFinding, judgeCase, type Verdict } from './conformance-judge.js';

export interface CaseResult extends Verdict {
  case: CorpusCase;
  family: string;
  /** Set when a file could not be loaded or the diff threw: the case fails with it. */
  error?: string;
}

export interface CorpusRun {
  results: CaseResult[];
  rules: Map<string, CorpusRule>;
  /** The date sunset rules were judged against. */
  today: string;
  /** Ids our engine reported that no rule family declares (a bug: their level defaults to breaking). */
  undeclared: string[];
}

interface RunOptions {
  /** `YYYY-MM-DD`; default the current UTC date (several fixtures carry absolute sunset dates). */
  today?: string;
  /** Case ids to keep; all when absent. */
  only?: string[];
}

export async function runCorpus(dir: string, options: RunOptions = {}): Promise<CorpusRun> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const rules = readRules(dir);
  const cases = readCases(dir).filter((c) => !options.only || options.only.includes(c.case));
  const loaded = new Map<string, Promise<LoadedContract>>();
  const load = (file: string) => {
    let p = loaded.get(file);
    if (!p) loaded.set(file, (p = loadContract(join(dir, file), { validate: false })));
    return p;
  };
  const diffs = new Map<string, JudgedFinding[]>();
  const undeclared = new Set<string>();
  const results: CaseResult[] = [];
  for (const c of cases) {
    const family = familyOf(c, rules);
    try {
      const key = `${c.base}\n${c.revision}`;
      let findings = diffs.get(key);
      if (!findings) {
        const [base, revision] = await Promise.all([load(c.base), load(c.revision)]);
        findings = judgedFindings(diffContracts(base, revision, { today }));
        diffs.set(key, findings);
        for (const f of findings) if (!RULES.has(f.id)) undeclared.add(f.id);
      }
      results.push({ ...judgeCase(c, findings, rules), case: c, family });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      results.push({ case: c, family, pass: false, reasons: [`error: ${error}`], inScope: [], error });
    }
  }
  return { results, rules, today, undeclared: [...undeclared].sort() };
}

/**
 * Our findings as oasdiff would count them: a change in a shared schema is reported by oasdiff once
 * per place that reaches it (each operation, status and media type), ours once in all.
 */
function judgedFindings(diff: ContractDiff): JudgedFinding[] {
  const reaches = new Map<Change, number>();
  for (const op of diff.operations.values()) {
    for (const root of op.roots) {
      const reached = new Set<Change>();
      for (const f of findingsBelow(root.node)) {
        const change = diff.changeOf.get(f);
        if (change) reached.add(change);
      }
      for (const c of reached) reaches.set(c, (reaches.get(c) ?? 0) + 1);
    }
  }
  return diff.changes.map((c) => ({ id: c.id, level: c.level, weight: reaches.get(c) ?? 1 }));
}

function findingsBelow(root: PairNode): Set<SchemaFinding> {
  const out = new Set<SchemaFinding>();
  const seen = new Set<PairNode>([root]);
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    for (const f of queue[i].local) out.add(f);
    for (const e of queue[i].edges) if (!seen.has(e.child)) seen.add(e.child), queue.push(e.child);
  }
  return out;
}

interface RateSummary {
  passed: number;
  total: number;
  rate: number;
}

export function rateOf(results: CaseResult[]): RateSummary {
  const passed = results.filter((r) => r.pass).length;
  return { passed, total: results.length, rate: results.length === 0 ? 0 : passed / results.length };
}

/** Pass rates per family, largest family first. */
export function ratesByFamily(results: CaseResult[]): [string, RateSummary][] {
  const groups = new Map<string, CaseResult[]>();
  for (const r of results) groups.set(r.family, [...(groups.get(r.family) ?? []), r]);
  return [...groups].map(([f, rs]): [string, RateSummary] => [f, rateOf(rs)]).sort((a, b) => b[1].total - a[1].total || a[0].localeCompare(b[0]));
}
