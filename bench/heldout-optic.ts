// Optic's vendored breaking-change tests (test/fixtures/heldout/optic/upstream/) turned into held-out pairs by running
// them: each test builds its before/after documents itself, so running it is the faithful way to get them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { HeldoutPair } from './heldout-run.js';

/** What Optic's TestHelpers.createEmptySpec returns (projects/openapi-utilities/src/openapi3/constants.ts). */
const emptySpec = () => ({ openapi: '3.1.0', paths: {}, info: { version: '0.0.0', title: 'Empty' } });

interface Captured {
  before: unknown;
  after: unknown;
  configured: boolean;
}

/** One run of one test: what the stand-in ruleset returns, what the test compared, whether an assertion failed. */
interface RunState {
  passed: boolean;
  captured: Captured[];
  failed: boolean;
}

interface UpstreamTest {
  name: string;
  body: () => unknown;
  /** The test function's text, to quote the assertion that decides its verdict. */
  text: string;
}

class BreakingChangesRuleset {
  // Upstream passes options such as `{ severity: 'info' }`, which change how a failure is reported, not whether.
  constructor(readonly options?: unknown) {}
  static fromOpticConfig(): BreakingChangesRuleset {
    return new ConfiguredRuleset();
  }
}
// A ruleset built from an Optic config file: those tests measure Optic's options, not a change's meaning.
class ConfiguredRuleset extends BreakingChangesRuleset {}

/** Jest's `%p` prints the value as pretty-format does: a string in double quotes. */
const jestTitle = (title: string, value: unknown) => title.replace('%p', JSON.stringify(value));

/** Collects the file's tests under their describe titles, as jest would name them. */
function collectTests(source: string): { tests: UpstreamTest[]; reset: (passed: boolean) => RunState } {
  const tests: UpstreamTest[] = [];
  const prefix: string[] = [];
  let state: RunState = { passed: true, captured: [], failed: false };
  const describe = (title: string, fn: () => void) => {
    prefix.push(title);
    fn();
    prefix.pop();
  };
  const add = (name: string, body: () => unknown, text = body.toString()) => tests.push({ name: [...prefix, name].join(' > '), body, text });
  const test = Object.assign(add, {
    each: (values: unknown[]) => (title: string, fn: (v: unknown) => unknown) => {
      for (const v of values) add(jestTitle(title, v), () => fn(v), fn.toString());
    },
  });
  const expect = (value: unknown) => ({
    toBe: (wanted: unknown) => {
      if (value !== wanted) state.failed = true;
    },
    toEqual: () => {},
    toBeInstanceOf: () => {},
    toMatchSnapshot: () => {},
  });
  const TestHelpers = {
    createEmptySpec: emptySpec,
    runRulesWithInputs: (rules: unknown[], before: unknown, after: unknown) => {
      state.captured.push({ before, after, configured: rules.some((r) => r instanceof ConfiguredRuleset) });
      return [{ passed: state.passed }];
    },
  };
  const withoutImports = source.replace(/^import .*;$/gm, '');
  const js = ts.transpileModule(withoutImports, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
  new Function('describe', 'test', 'expect', 'TestHelpers', 'BreakingChangesRuleset', js)(describe, test, expect, TestHelpers, BreakingChangesRuleset);
  return {
    tests,
    reset: (passed) => (state = { passed, captured: [], failed: false }),
  };
}

/** Runs one test with the stand-in's single result passing or not; the state says whether its assertions held. */
async function attempt(frame: ReturnType<typeof collectTests>, t: UpstreamTest, passed: boolean): Promise<RunState> {
  const state = frame.reset(passed);
  await t.body();
  return state;
}

const slug = (name: string) =>
  name
    .split(' > ')
    .pop()!
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The test's last assertion on `passed`, which decides its verdict. */
function verdictAssertion(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('expect(') && l.includes('passed'))
    .pop()!;
}

/** Where the vendored files sit upstream (opticdev/optic). */
const UPSTREAM_DIR = 'projects/standard-rulesets/src/breaking-changes/__tests__/';

/** Everything the extraction yields: the pairs, the documents by path below the suite, and the tests left out. */
interface OpticExtract {
  pairs: HeldoutPair[];
  documents: Map<string, string>;
  leftOut: string[];
}

async function extractFile(dir: string, file: string, into: OpticExtract): Promise<void> {
  const stem = file.replace(/\.test\.ts\.txt$/, '');
  const frame = collectTests(readFileSync(join(dir, 'upstream', file), 'utf8'));
  for (const t of frame.tests) {
    const failing = await attempt(frame, t, false);
    const passing = await attempt(frame, t, true);
    const captured = failing.captured[0];
    if (!captured || failing.captured.length > 1 || captured.configured) {
      into.leftOut.push(`${stem}: ${t.name} (${captured?.configured ? 'runs a configured ruleset' : 'compares no pair of documents'})`);
      continue;
    }
    if (failing.failed === passing.failed) throw new Error(`${stem}: ${t.name}: no single verdict satisfies its assertions`);
    const base = `pairs/${stem}/${slug(t.name)}/base.json`;
    const revision = `pairs/${stem}/${slug(t.name)}/revision.json`;
    into.documents.set(base, `${JSON.stringify(captured.before, null, 2)}\n`);
    into.documents.set(revision, `${JSON.stringify(captured.after, null, 2)}\n`);
    const test = `${UPSTREAM_DIR}${file.replace(/\.txt$/, '')}`;
    const id = `${stem}: ${t.name.split(' > ').pop()}`;
    into.pairs.push({ id, base, revision, expected: failing.failed ? 'compatible' : 'breaking', test, method: t.name, assertion: verdictAssertion(t.text) });
  }
}

/** Runs every vendored test file of the suite at `dir`, in name order. */
export async function extractOptic(dir: string): Promise<OpticExtract> {
  const into: OpticExtract = { pairs: [], documents: new Map(), leftOut: [] };
  for (const file of readdirSync(join(dir, 'upstream')).sort()) await extractFile(dir, file, into);
  return into;
}

/** expectations.json as the extraction writes it. */
export function opticExpectations(extract: OpticExtract): string {
  const note =
    "expected: the verdict each test's assertions require. Each test was run with a stand-in ruleset that returns one failing result, then one passing result; the test's assertions hold for exactly one of the two: a failing result (some rule did not pass: Optic calls the change breaking) -> breaking, only passing results -> compatible.";
  return `${JSON.stringify({ source: 'https://github.com/opticdev/optic', note, pairs: extract.pairs, leftOut: extract.leftOut }, null, 2)}\n`;
}
