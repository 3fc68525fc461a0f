// `overseer observe` offline keeps a caller's versions apart, as the registry does (service.version): each line names
// its version, or two lines of the same call read alike.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../e2e/cli-process.js';
import { runCliHere } from '../e2e/in-process.js';
import { traceExport } from '../helpers/otlp.js';

let dir: string;
const CONTRACT = join(REPO_ROOT, 'examples/users-service/openapi.yaml');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-observe-versions-'));
  const call = { consumer: 'billing-worker', environment: 'production', provider: 'users-service', method: 'POST', url: 'http://users.internal/users' };
  const calls = [{ ...call, consumerVersion: '1.0.0' }, { ...call, consumerVersion: '1.1.0' }, { ...call, consumerVersion: '1.1.0' }, call];
  await writeFile(join(dir, 'export.json'), JSON.stringify(traceExport(calls)));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("names each caller's version, apart from the calls naming none", async () => {
  const r = await runCliHere(['observe', '--traces', 'export.json', '--contract', `users-service=${CONTRACT}`], { cwd: dir });
  expect(r).toMatchObject({ code: 0, stderr: '' });
  const last = /, last \d{4}-\d\d-\d\dT\S+$/;
  expect(r.stdout.split('\n').map((line) => line.replace(last, ''))).toEqual([
    'Calls in export.json:',
    '  billing-worker 1.0.0 -> users-service POST /users in production: 1 call',
    '  billing-worker 1.1.0 -> users-service POST /users in production: 2 calls',
    '  billing-worker -> users-service POST /users in production: 1 call',
    '',
  ]);
});
