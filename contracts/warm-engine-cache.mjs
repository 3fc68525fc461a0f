// Child of build-engine-bundle.mjs: runs the built engine on the oasdiff fixture pairs, as YAML and as JSON, then writes
// V8's code cache for it (dist/contracts/engine.cache). The cache then holds the functions a diff runs, not only the
// bundle's top level, which is all V8 has compiled before anything is called. Run with no V8 flags of its own: V8
// refuses a cache made under other flags, and `overseer` runs with none.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadEngineBundle, writeEngineCache } from '../dist/contracts/load/engine-cache.js';

const bundleUrl = new URL('../dist/contracts/engine.cjs', import.meta.url);
const cacheUrl = new URL('../dist/contracts/engine.cache', import.meta.url);
const fixtures = fileURLToPath(new URL('../test/fixtures/oasdiff/', import.meta.url));

const engine = loadEngineBundle(bundleUrl, new URL('file:///nonexistent/engine.cache'));
const { diffContracts, judgeDiff, loadContract, parseContract } = engine.exports;

/** The base and revision of every case in the manifest, each pair once. */
function fixturePairs() {
  const rows = readFileSync(`${fixtures}MANIFEST.tsv`, 'utf8').trim().split('\n').slice(1);
  const pairs = new Set(rows.map((row) => row.split('\t').slice(1, 3).join('\t')));
  return [...pairs].map((pair) => pair.split('\t').map((file) => fixtures + file));
}

async function diffBoth(base, revision, file) {
  const diff = diffContracts(base, revision);
  judgeDiff({ diff, base: { file }, revision: { file }, failOn: 'breaking' });
}

let runs = 0;
for (const [baseFile, revisionFile] of fixturePairs()) {
  let base;
  let revision;
  try {
    base = await loadContract(baseFile, {});
    revision = await loadContract(revisionFile, {});
  } catch {
    continue; // a case about a document the loader refuses: its code ran, nothing to diff
  }
  await diffBoth(base, revision, baseFile);
  // Large contracts are often JSON, whose lines are found by another scan (load/lines-json.ts).
  const asJson = (c, file) => parseContract(JSON.stringify(c.source, null, 2), `${file}.json`, {});
  await diffBoth(await asJson(base, baseFile), await asJson(revision, revisionFile), baseFile);
  runs += 1;
}
// The fixtures are OpenAPI 3.0: a small document of each other version loads its validator, which gets a cache too.
const schema = { type: 'object', required: ['id'], properties: { id: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } } };
const swagger20 = {
  swagger: '2.0',
  paths: {
    '/pets/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }], responses: { 200: { description: 'a pet', schema } } } },
  },
};
const openapi31 = {
  openapi: '3.1.0',
  paths: {
    '/pets/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { description: 'a pet', content: { 'application/json': { schema } } } },
      },
    },
  },
};
// Each version's yes/no validator answers for a valid document; only a refused one loads the validator that lists every
// error, so each document is also read with a parameter that has no `in`, which every version requires.
const refused = (doc) => ({ ...doc, paths: { ...doc.paths, '/refused': { parameters: [{ name: 'where' }] } } });
for (const doc of [swagger20, openapi31, refused(swagger20), refused(openapi31)]) {
  await parseContract(JSON.stringify({ ...doc, info: { title: 'warm', version: '1.0.0' } }), 'warm.json', {}).catch(() => {});
}
const bytes = writeEngineCache(engine, cacheUrl);
process.stdout.write(`engine code cache: ${runs} fixture pairs run, ${Math.round(bytes / 1024)} KB\n`);
