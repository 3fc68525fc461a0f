// The built engine runs with the V8 code cache `npm run build` made for it, and a cache V8 refuses, one made for another
// bundle, or none, changes nothing a user sees: the same report, the same exit code.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT, runCli, runProcess } from '../e2e/cli-process.js';

const dist = path.join(REPO_ROOT, 'dist/contracts');
const pair = ['test/fixtures/oasdiff/data/openapi-test1.yaml', 'test/fixtures/oasdiff/data/openapi-test3.yaml'].map((f) => path.join(REPO_ROOT, f));

// A child with no V8 flags, as `overseer` runs: loads the bundle with the cache file given, diffs the pair, prints both.
const PROBE = `import { loadEngineBundle } from ${JSON.stringify(path.join(dist, 'load/engine-cache.js'))};
import { pathToFileURL } from 'node:url';
const [cacheFile, oldFile, newFile] = process.argv.slice(2);
const engine = loadEngineBundle(pathToFileURL(${JSON.stringify(path.join(dist, 'engine.cjs'))}), pathToFileURL(cacheFile));
const { diffContracts, judgeDiff, loadContract, formatReportParts } = engine.exports;
const diff = diffContracts(await loadContract(oldFile), await loadContract(newFile));
const report = judgeDiff({ diff, base: { file: oldFile }, revision: { file: newFile }, failOn: 'breaking' });
const validators = Object.fromEntries([...engine.validators].map(([name, v]) => [name, v.cache]));
process.stdout.write(JSON.stringify({ cache: engine.cache, validators, report: formatReportParts(report, 'json').join('') }));`;

let dir: string;
beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-code-cache-'));
  await writeFile(path.join(dir, 'probe.mjs'), PROBE);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function probe(cacheFile: string, flags: string[] = []): Promise<{ cache: string; validators: Record<string, string>; report: string }> {
  const r = await runProcess(process.execPath, [...flags, path.join(dir, 'probe.mjs'), cacheFile, ...pair]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('the engine code cache', () => {
  it('is made by the build and taken by a plain node', async () => {
    const run = await probe(path.join(dist, 'engine.cache'));
    expect(run.cache).toBe('accepted');
    expect(JSON.parse(run.report).summary.breaking).toBeGreaterThan(0);
  });

  it("holds the OpenAPI validator the engine imports, each in a cache of its own beside the engine's", async () => {
    const run = await probe(path.join(dist, 'engine.cache'));
    // The pair is valid OpenAPI 3.0: only that version's yes/no validator is imported, not the one that lists errors.
    expect(run.validators).toEqual({ 'openapi-3-0-valid': 'accepted' });
    for (const version of ['2-0', '3-0', '3-1'])
      for (const name of [`openapi-${version}`, `openapi-${version}-valid`])
        await expect(readFile(path.join(dist, `engine.${name}.cache`))).resolves.toBeTruthy();
    // A validator cache made for another build is not given to V8, and the report is the same.
    const stale = await readFile(path.join(dist, 'engine.openapi-3-0-valid.cache'));
    stale[0] = (stale[0]! + 1) % 256;
    await copyFile(path.join(dist, 'engine.cache'), path.join(dir, 'mixed.cache'));
    await writeFile(path.join(dir, 'mixed.openapi-3-0-valid.cache'), stale);
    const mixed = await probe(path.join(dir, 'mixed.cache'));
    expect([mixed.cache, mixed.validators]).toEqual(['accepted', { 'openapi-3-0-valid': 'stale' }]);
    expect(mixed.report).toBe(run.report);
  });

  it('gives the same report when absent, refused by V8, made for another bundle, or run under other V8 flags', async () => {
    const good = await readFile(path.join(dist, 'engine.cache'));
    const otherBundle = Buffer.from(good);
    otherBundle[0] = (otherBundle[0]! + 1) % 256;
    await writeFile(path.join(dir, 'other-bundle.cache'), otherBundle);
    // This bundle's digest, then bytes that are not V8's.
    await writeFile(path.join(dir, 'garbage.cache'), Buffer.concat([good.subarray(0, 32), Buffer.alloc(4096, 7)]));
    await copyFile(path.join(dist, 'engine.cache'), path.join(dir, 'flags.cache'));
    await copyFile(path.join(dist, 'engine.openapi-3-0-valid.cache'), path.join(dir, 'flags.openapi-3-0-valid.cache'));

    const accepted = await probe(path.join(dist, 'engine.cache'));
    const runs = [
      await probe(path.join(dir, 'none.cache')),
      await probe(path.join(dir, 'other-bundle.cache')),
      await probe(path.join(dir, 'garbage.cache')),
      await probe(path.join(dir, 'flags.cache'), ['--max-semi-space-size=32']),
    ];
    expect(runs.map((r) => r.cache)).toEqual(['absent', 'stale', 'rejected', 'rejected']);
    expect(runs.map((r) => r.validators['openapi-3-0-valid'])).toEqual(['absent', 'absent', 'absent', 'rejected']);
    for (const run of runs) expect(run.report).toBe(accepted.report);
  });

  it('serves overseer diff: the built CLI reports the breaking change and exits 1', async () => {
    const r = await runCli(['diff', ...pair, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).summary.breaking).toBeGreaterThan(0);
  });
});
