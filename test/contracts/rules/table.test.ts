// Every id of the rule table can be emitted: a schema id by the mutation matrix (which places each
// change where the table declares it and fails when the id does not come out), any other id by a rule
// test that expects it or by a case of the oasdiff conformance corpus that produces it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { corpusDirOf, hasCorpus, readCases } from '../../../bench/conformance-corpus.js';
import { diffContracts } from '../../../contracts/diff.js';
import { loadContract } from '../../../contracts/load/load.js';
import { RULE_TABLE } from '../../../contracts/rules/table.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));

/** Ids a rule test expects: quoted ids in the test files (their cases fail when an expected id is missing). */
function idsInRuleTests(): Set<string> {
  const ids = new Set<string>();
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.test.ts') && f !== 'table.test.ts')
    .map((f) => join(here, f));
  // The policy's own finding (the version bump) is tested where the policy is.
  files.push(join(root, 'test/contracts/policy/semver.test.ts'));
  for (const file of files) for (const m of readFileSync(file, 'utf8').matchAll(/'([a-z0-9-]+)'/g)) ids.add(m[1]);
  return ids;
}

async function idsOfCorpus(dir: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const c of readCases(dir)) {
    const [base, revision] = await Promise.all([
      loadContract(join(dir, c.base), { validate: false }),
      loadContract(join(dir, c.revision), { validate: false }),
    ]);
    for (const change of diffContracts(base, revision, { today: '2026-11-23' }).changes) ids.add(change.id);
  }
  return ids;
}

it('every declared id is emitted by a mutation, a rule test or a conformance case', async () => {
  const dir = corpusDirOf(root, process.env);
  const corpus = hasCorpus(dir) ? await idsOfCorpus(dir) : new Set<string>();
  const tests = idsInRuleTests();
  const never = RULE_TABLE.filter((r) => !('at' in r) && !tests.has(r.id) && !corpus.has(r.id)).map((r) => r.id);
  expect(never.join(' '), hasCorpus(dir) ? 'ids nothing emits' : `ids nothing emits (no oasdiff corpus at ${dir})`).toBe('');
}, 60_000);
