// `overseer observe` offline, with the contract given under a name the spans do not use (`--contract user-service=...`
// while spans call peer.service users-service): every call is unmatched, and the output says which name was meant.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../e2e/cli-process.js';
import { runCliHere } from '../e2e/in-process.js';
import { traceExport } from '../helpers/otlp.js';

let dir: string;
const CONTRACT = join(REPO_ROOT, 'examples/users-service/openapi.yaml');
const observe = (...args: string[]) => runCliHere(['observe', '--traces', 'export.json', ...args], { cwd: dir });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-observe-names-'));
  const call = { consumer: 'billing-worker', environment: 'production', method: 'POST', url: 'http://users.internal/users' };
  const calls = [
    { ...call, provider: 'users-service' },
    { ...call, provider: 'orders-service', url: 'http://orders.internal/orders' },
  ];
  await writeFile(join(dir, 'export.json'), JSON.stringify(traceExport(calls)));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a --contract named otherwise than the spans name the provider', () => {
  it('names the --contract a typo away from a provider the spans call', async () => {
    const r = await observe('--contract', `user-service=${CONTRACT}`);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.split('\n')).toEqual([
      'No calls matched in export.json.',
      'Spans not used: unknown-provider 2',
      '  unknown-provider: neither peer.service nor the host called names a provider: give --contract SERVICE=FILE, or --host HOST=SERVICE',
      'No --contract for orders-service, users-service: the calls to them cannot be matched',
      '--contract user-service matched no span: did you mean --contract users-service=FILE? (peer.service in the spans)',
      '',
    ]);
  });

  it('says "it" of a single provider, and nothing more once the name is right', async () => {
    const r = await observe('--contract', `users-service=${CONTRACT}`);
    expect(r.stdout.split('\n')).toEqual([
      'Calls in export.json:',
      expect.stringMatching(/^ {2}billing-worker -> users-service POST \/users in production: 1 call, last \d{4}-\d\d-\d\dT/),
      'Spans not used: unknown-provider 1',
      '  unknown-provider: neither peer.service nor the host called names a provider: give --contract SERVICE=FILE, or --host HOST=SERVICE',
      'No --contract for orders-service: the calls to it cannot be matched',
      '',
    ]);
  });
});
