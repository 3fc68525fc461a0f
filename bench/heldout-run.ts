// The held-out measure: other projects' own test pairs (test/fixtures/heldout/<suite>), run through
// our engine and, for comparison, the two npm peers; shared by `npm run heldout` and its test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiDiff } from 'api-smart-diff';
import yaml from 'js-yaml';
import openapiDiff from 'openapi-diff';
import { diffContracts, parseContract } from '../contracts/index.js';
import { renderFragment } from './heldout-template.js';
import { firstLine } from './runner-io.js';

/** One pair of a held-out suite as its expectations.json lists it (written by hand, or by heldout-optic.ts). */
export interface HeldoutPair {
  id: string;
  base: string;
  revision: string;
  /** `risky`: upstream's level between the two ("may break some clients"); a breaking or a warning finding meets it. */
  expected: 'breaking' | 'risky' | 'compatible';
  test: string;
  method: string;
  assertion: string;
  /** When set, base and revision are schema fragments that go into this document (bench/heldout-template.ts). */
  template?: string;
}

/** One tool's answer on one pair: its breaking and warning finding ids, or why it had none. The
 * peers have no warning level (their "unclassified" means "not judged"), so only breaking counts for them. */
export interface ToolAnswer {
  breaking: string[];
  warning: string[];
  error?: string;
}

export interface PairResult {
  pair: HeldoutPair;
  ours: ToolAnswer;
  peers: Record<PeerName, ToolAnswer>;
}

export const PEERS = ['api-smart-diff', 'openapi-diff'] as const;
type PeerName = (typeof PEERS)[number];

/** Each suite is one project's tests, measured and reported apart so one cannot hide the other. */
export const SUITES = [
  'openapi-diff',
  'swagger-spec-compatibility',
  'optic',
  'openapi-comparator',
  'qubership-apihub',
  'azure-openapi-diff',
  'azure-openapi-diff-cs',
] as const;
export type SuiteName = (typeof SUITES)[number];

export function heldoutDirOf(root: string, suite: SuiteName): string {
  return join(root, 'test/fixtures/heldout', suite);
}

export function readPairs(dir: string): HeldoutPair[] {
  return (JSON.parse(readFileSync(join(dir, 'expectations.json'), 'utf8')) as { pairs: HeldoutPair[] }).pairs;
}

/** Runs every pair; peers only when asked, since the test pins our counts alone. */
export async function runHeldout(dir: string, options: { peers: boolean }): Promise<PairResult[]> {
  const results: PairResult[] = [];
  for (const pair of readPairs(dir)) {
    const files = [documentOf(dir, pair, pair.base), documentOf(dir, pair, pair.revision)] as const;
    const skipped: ToolAnswer = { breaking: [], warning: [], error: 'not run' };
    results.push({
      pair,
      ours: await runOurs(...files),
      peers: {
        'api-smart-diff': options.peers ? await runApiSmartDiff(...files) : skipped,
        'openapi-diff': options.peers ? await runOpenapiDiff(...files) : skipped,
      },
    });
  }
  return results;
}

/** One side of a pair as every tool reads it: its text, and the file it is named by. */
interface PairDocument {
  file: string;
  text: string;
}

function documentOf(dir: string, pair: HeldoutPair, path: string): PairDocument {
  const text = readFileSync(join(dir, path), 'utf8');
  return { file: join(dir, path), text: pair.template ? renderFragment(readFileSync(join(dir, pair.template), 'utf8'), text) : text };
}

// Validation off, as in the conformance run: several upstream fixtures are not valid OpenAPI
// (an http scheme without `scheme`), and we measure the diff, not the validator.
async function runOurs(baseDoc: PairDocument, revisionDoc: PairDocument): Promise<ToolAnswer> {
  try {
    const load = (doc: PairDocument) => parseContract(quoteBareVersion(doc.text), doc.file, { validate: false });
    const [base, revision] = await Promise.all([load(baseDoc), load(revisionDoc)]);
    const { changes } = diffContracts(base, revision);
    const ids = (level: string) => [...new Set(changes.filter((c) => c.level === level).map((c) => c.id))].sort();
    return { breaking: ids('breaking'), warning: ids('warning') };
  } catch (e) {
    return { breaking: [], warning: [], error: firstLine(e) };
  }
}

/** `openapi: 3.0` unquoted is the YAML number 3, which our loader refuses on purpose (which 3.x was meant cannot be
 * told from the number); upstream's reader takes the text as written, so the measure reads it as the string it shows. */
function quoteBareVersion(text: string): string {
  return text.replace(/^openapi: (\d+\.\d+(?:\.\d+)?)[ \t]*$/m, 'openapi: "$1"');
}

async function runApiSmartDiff(baseDoc: PairDocument, revisionDoc: PairDocument): Promise<ToolAnswer> {
  try {
    const diffs = apiDiff(yaml.load(baseDoc.text), yaml.load(revisionDoc.text));
    const breaking = diffs.filter((d) => d.type === 'breaking').map((d) => `${d.action} ${d.path.join('/')}`);
    return { breaking: [...new Set(breaking)].sort(), warning: [] };
  } catch (e) {
    return { breaking: [], warning: [], error: firstLine(e) };
  }
}

async function runOpenapiDiff(baseDoc: PairDocument, revisionDoc: PairDocument): Promise<ToolAnswer> {
  try {
    const spec = ({ text: content, file }: PairDocument) => ({
      content,
      location: file,
      format: /^\s*"?swagger"?\s*:/m.test(content) ? ('swagger2' as const) : ('openapi3' as const),
    });
    const outcome = await openapiDiff.diffSpecs({ sourceSpec: spec(baseDoc), destinationSpec: spec(revisionDoc) });
    const breaking = outcome.breakingDifferencesFound ? [...new Set(outcome.breakingDifferences.map((d) => d.code))].sort() : [];
    return { breaking, warning: [] };
  } catch (e) {
    return { breaking: [], warning: [], error: firstLine(e) };
  }
}

export interface HeldoutCounts {
  incompatible: number;
  flagged: number;
  breaking: number;
  compatible: number;
  falsePositives: number;
}

/** The three numbers for one tool: flagged (breaking or warning), breaking, false positives. A risky pair
 * is incompatible, and its breaking column is met by a warning: upstream itself stops short of breaking there. */
export function countOf(results: PairResult[], answer: (r: PairResult) => ToolAnswer): HeldoutCounts {
  const bad = results.filter((r) => r.pair.expected !== 'compatible');
  const good = results.filter((r) => r.pair.expected === 'compatible');
  return {
    incompatible: bad.length,
    flagged: bad.filter((r) => isFlagged(answer(r))).length,
    breaking: bad.filter((r) => meetsUpstream(r.pair, answer(r))).length,
    compatible: good.length,
    falsePositives: good.filter((r) => answer(r).breaking.length > 0).length,
  };
}

export function isFlagged(a: ToolAnswer): boolean {
  return a.breaking.length + a.warning.length > 0;
}

/** Whether an answer is at the level upstream asserts for the pair. */
export function meetsUpstream(pair: HeldoutPair, a: ToolAnswer): boolean {
  if (pair.expected === 'breaking') return a.breaking.length > 0;
  if (pair.expected === 'risky') return isFlagged(a);
  return a.breaking.length === 0;
}
