// `overseer diff` of two small files must not load packages it does not use: each is tens of milliseconds of
// start-up on every CI run (issue #19). The built CLI runs with a preload that records every package loaded.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(root, 'test/fixtures');

// ES modules are seen by a resolve hook, CommonJS ones (require, createRequire) in the require cache at exit.
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.OVERSEER_TEST_MODULE_LOG, result.url + '\\n');
  return result;
}`;
const PRELOAD = `import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => appendFileSync(process.env.OVERSEER_TEST_MODULE_LOG, Object.keys(cache).join('\\n') + '\\n'));`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-startup-'));
  await writeFile(path.join(dir, 'preload.mjs'), PRELOAD);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The npm packages a run of the built CLI loaded, by name. */
async function packagesLoadedBy(args: string[]): Promise<{ code: number | null; packages: Set<string> }> {
  const log = path.join(dir, `modules-${args[0]}.log`);
  const r = spawnSync(process.execPath, ['--import', path.join(dir, 'preload.mjs'), path.join(root, 'dist/cli/bin.js'), ...args], {
    cwd: path.join(fixtures, 'consumers'),
    encoding: 'utf8',
    env: { ...process.env, OVERSEER_TEST_MODULE_LOG: log },
  });
  const lines = (await readFile(log, 'utf8')).split('\n');
  // A package nested in another's node_modules counts as itself (swagger2openapi/node_modules/yaml is yaml).
  const names = lines.flatMap((line) => [...decodeURIComponent(line).matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((m) => m[1]!));
  return { code: r.status, packages: new Set(names) };
}

describe('what overseer diff loads', () => {
  it('reads two contracts with the js-yaml the engine carries and validates them, and loads no registry, manifest or semver package', async () => {
    const run = await packagesLoadedBy(['diff', 'users.base.yaml', 'users.rev.yaml', '--format', 'json']);
    expect(run.code).toBe(1);
    // The contracts are YAML, read by the js-yaml bundled into the engine (contracts/yaml-patches.mjs), not the package's.
    for (const unused of [
      'js-yaml',
      'yaml',
      'semver',
      'fastify',
      'pg',
      'better-sqlite3',
      '@octokit/rest',
      '@slack/web-api',
      '@apidevtools/swagger-parser',
      'swagger2openapi',
    ]) {
      expect(run.packages.has(unused), `${unused} is not needed to diff two OpenAPI 3 files`).toBe(false);
    }
  });

  it("reads the consumers' manifests with the contracts' YAML parser, not a second one", async () => {
    const args = ['diff', 'users.base.yaml', 'users.rev.yaml', '--service', 'users-service', '--consumers', 'consumers/*.yaml', '--format', 'json'];
    const run = await packagesLoadedBy(args);
    expect(run.code).toBe(1);
    expect(run.packages.has('js-yaml'), 'the engine carries js-yaml').toBe(false);
    expect(run.packages.has('yaml')).toBe(false);
  });

  it('converts Swagger 2.0 with the bundled converter, which carries no YAML parser or fetch client of its own', async () => {
    const swagger = path.join(fixtures, 'load/swagger2.yaml');
    const run = await packagesLoadedBy(['diff', swagger, swagger, '--format', 'json']);
    expect(run.code).toBe(0);
    for (const unused of ['js-yaml', 'yaml', 'node-fetch-h2', 'swagger2openapi']) {
      expect(run.packages.has(unused), `${unused} is loaded from node_modules`).toBe(false);
    }
  });
});
