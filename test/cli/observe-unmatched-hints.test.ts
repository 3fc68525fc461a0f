// `overseer observe` offline, on spans an instrumentation left short: no route or URL, no method, no environment on
// the resource, a path the contract does not have. "Spans not used: no-method-or-path 1" named the reason in the
// registry's terms; each reason is now followed by the attribute to set or the option to give.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../e2e/cli-process.js';
import { runCliHere } from '../e2e/in-process.js';
import { traceExport } from '../helpers/otlp.js';

let dir: string;
const CONTRACT = `users-service=${join(REPO_ROOT, 'examples/users-service/openapi.yaml')}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-observe-hints-'));
  const call = { consumer: 'billing-worker', environment: 'production', provider: 'users-service', method: 'POST', url: 'http://users.internal/users' };
  const short = [{ ...call, url: undefined }, { ...call, environment: undefined }, { ...call, url: 'http://users.internal/users/7/avatar' }, call];
  await writeFile(join(dir, 'short.json'), JSON.stringify(traceExport(short)));
  const paths = ['/users/1/avatar', '/users/2/avatar', '/teams/7', '/teams/8', '/teams/9'];
  await writeFile(
    join(dir, 'unfitted.json'),
    JSON.stringify(traceExport(paths.map((path) => ({ ...call, method: 'GET', url: `http://users.internal${path}?size=2` })))),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('spans not used, offline', () => {
  it('follows each reason with what to set or give', async () => {
    const r = await runCliHere(['observe', '--traces', 'short.json', '--contract', CONTRACT], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Calls in short.json:');
    expect(lines.slice(2)).toEqual([
      'Spans not used: no-environment 1, no-method-or-path 1, no-matching-operation 1; no operation of the contract given fits POST /users/7/avatar to users-service in production',
      '  no-environment: the resource has no deployment.environment.name (or deployment.environment): set it in the SDK or with the Collector',
      '  no-method-or-path: the span has no http.request.method, or no url.template, http.route or url.full to take the path from',
      "  no-matching-operation: the method and path match no operation of the provider's contract (the one given with --contract)",
      '',
    ]);
  });
});

// The registry's answer names the first three calls no operation fits; offline, the same export named none of them.
describe('calls no operation fits, offline', () => {
  const fits =
    'GET /users/1/avatar to users-service in production, GET /users/2/avatar to users-service in production, GET /teams/7 to users-service in production';

  it('names the first three as sent, and how many more, as the registry does', async () => {
    const r = await runCliHere(['observe', '--traces', 'unfitted.json', '--contract', CONTRACT], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.split('\n')).toContain(`Spans not used: no-matching-operation 5; no operation of the contract given fits ${fits} and 2 more`);
  });

  it('lists them in the JSON output', async () => {
    const r = await runCliHere(['observe', '--traces', 'unfitted.json', '--contract', CONTRACT, '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ unmatched: { 'no-matching-operation': 5 }, unfitted: fits.split(', ') });
  });
});
