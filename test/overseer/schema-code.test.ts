// The built registry takes its route validators and serializers from the code `npm run build` wrote instead of
// compiling them at start; that code must answer exactly as compiled functions do, and a schema changed since the
// build must still be checked as it says. Run in a child process on dist/, as `overseer serve` runs.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../e2e/cli-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;

beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'overseer-schema-code-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The script builds apps from dist/ on a SQLite file each; `record` forces every function to be compiled.
const PRELUDE = `
import { join } from 'node:path';
const { buildApp } = await import(join(process.cwd(), 'dist/overseer/app.js'));
const { parseConfig } = await import(join(process.cwd(), 'dist/overseer/config.js'));
const { openSqliteStore } = await import(join(process.cwd(), 'dist/overseer/store/sqlite/index.js'));
const { createSchemaController } = await import(join(process.cwd(), 'dist/overseer/validation.js'));
const { loadedSchemaCode } = await import(join(process.cwd(), 'dist/overseer/schema-code.js'));
let files = 0;
async function build(options, extra) {
  const config = parseConfig({ db: join(process.env.DIR, 'registry-' + ++files + '.db') }, {});
  const store = openSqliteStore(config.db);
  const app = buildApp({ config, store, schemaController: createSchemaController(options) });
  extra?.(app);
  await app.ready();
  return { app, close: async () => { await app.close(); await store.close(); } };
}
// Times differ from one app to the next; everything else must not.
const answer = (r) => ({ status: r.statusCode, body: r.body.replace(/\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z/g, 'TIME') });
`;

// One process for all three checks: each node start and import of the built app costs seconds of CPU.
const SCRIPT = `
const requests = [
  { method: 'PUT', url: '/v1/services/users', payload: { owners: ['@acme'], slack: '#users', hosts: ['users.internal'] } },
  { method: 'PUT', url: '/v1/services/orders', payload: { owners: 'not-a-list' } },
  { method: 'PUT', url: '/v1/services/orders', payload: { owners: ['@acme'], unknown: true } },
  { method: 'GET', url: '/v1/services' },
  { method: 'GET', url: '/v1/services/users' },
  { method: 'GET', url: '/v1/deployments?limit=2' },
  { method: 'GET', url: '/v1/deployments?limit=many' },
  { method: 'POST', url: '/v1/environments', payload: { name: 42 } },
];
const ask = async (built) => { const answers = []; for (const request of requests) answers.push(answer(await built.app.inject(request))); return answers; };
const result = { compiledAtStart: [], compiledWithoutTable: 0, compiledForAdded: [] };
const fromTable = await build({ onCompile: (kind, part) => result.compiledAtStart.push(kind + ' ' + (part.httpPart ?? part.httpStatus)) });
result.loadedAtStart = loadedSchemaCode();
result.fromTable = await ask(fromTable);
result.loadedByRequests = loadedSchemaCode();
await fromTable.close();
// Everything compiled at start, as without a build: what the table's functions must match.
const compiled = await build({ record: () => {}, onCompile: () => result.compiledWithoutTable++ });
result.compiled = await ask(compiled);
await compiled.close();
const schema = { body: { type: 'object', required: ['count'], additionalProperties: false, properties: { count: { type: 'integer' } } } };
const added = await build({ onCompile: (kind, part) => result.compiledForAdded.push(kind + ' ' + (part.httpPart ?? part.httpStatus)) }, (app) =>
  app.post('/v1/added-since-the-build', { schema }, async (request) => ({ count: request.body.count })),
);
const send = (payload) => added.app.inject({ method: 'POST', url: '/v1/added-since-the-build', payload });
result.added = [answer(await send({ count: 3 })), answer(await send({ count: '3' }))];
await added.close();
console.log(JSON.stringify(result));
`;

type Answer = { status: number; body: string };
let result: {
  loadedAtStart: number;
  loadedByRequests: number;
  compiledAtStart: string[];
  compiledWithoutTable: number;
  compiledForAdded: string[];
  fromTable: Answer[];
  compiled: Answer[];
  added: Answer[];
};

beforeAll(() => {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', PRELUDE + SCRIPT], { cwd: ROOT, env: { ...process.env, DIR: dir }, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  result = JSON.parse(run.stdout);
});

describe('route schemas compiled at build time', () => {
  it('leaves nothing of the registry to compile at start', () => {
    expect(result.compiledAtStart).toEqual([]);
    // Without the build's table every route's functions are compiled: the list above would not be empty.
    expect(result.compiledWithoutTable).toBeGreaterThan(20);
  });

  it("runs only the 5xx answers' serializers at start, and every other function at its route's first use", () => {
    // 500 and 503 share one schema across routes: a registry out of file descriptors (EMFILE) must still write its
    // 503 with our code, and reading that code then is what it could not do (worker-start-starved.test.ts).
    expect(result.loadedAtStart).toBeGreaterThan(0);
    expect(result.loadedAtStart).toBeLessThan(5);
    // Eight requests to five routes: their body and query validators and their answers' serializers, not all 71.
    expect(result.loadedByRequests).toBeGreaterThan(4);
    expect(result.loadedByRequests).toBeLessThan(30);
  });

  it('answers as the compiled functions do: refusals, coerced queries and serialized bodies', () => {
    expect(result.fromTable).toEqual(result.compiled);
    expect(result.fromTable.map((a) => a.status)).toEqual([201, 400, 400, 200, 200, 200, 400, 400]);
    expect(JSON.parse(result.fromTable[4]!.body)).toMatchObject({ name: 'users', owners: ['@acme'], hosts: ['users.internal'] });
  });

  it('compiles a schema the build did not see, and checks bodies against it without coercion', () => {
    expect(result.compiledForAdded).toEqual(['strict body']);
    expect(result.added[0]).toEqual({ status: 200, body: '{"count":3}' });
    expect(result.added[1]?.status).toBe(400);
  });
});
