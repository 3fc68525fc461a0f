// `overseer usage` and the service page mark declared against observed uses. Under OVERSEER_USAGE=declared the gate
// counts no call seen in traces, yet "observed, not declared" read (and the help said) as a use the gate counts; under
// `observed` a declaration never seen called counts for nothing, unsaid. Each such use now says it is not counted.
// A real registry, spans as OTLP/JSON, the CLI and the dashboard's page.

import { describe, expect, it } from 'vitest';
import type { UsageListing } from '../../contracts/index.js';
import { traceExport } from '../helpers/otlp.js';
import { useRegistry } from './registry-session.js';
import { publishFolder } from './service-folder.js';
import { waitForCaller } from './usage-wait.js';

const users = {
  openapi: '3.0.3',
  info: { title: 'users', version: '1.0.0' },
  paths: {
    '/users': { get: { responses: { '200': { description: 'users' } } } },
    '/users/{id}': {
      get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'a user' } } },
    },
  },
};

/** A registry under `policy` where web declares GET /users and was seen calling GET /users/{id} only. */
function webSeenCalling(policy: 'declared' | 'observed') {
  const session = useRegistry({
    name: `usage-${policy}`,
    serveEnv: { OVERSEER_USAGE: policy, OVERSEER_USAGE_FLUSH_MS: '100' },
    before: async (s) => {
      expect((await s.cli('environment', 'create', 'production')).code).toBe(0);
      for (const [service, parts] of [
        ['users', { contract: users }],
        ['web', { consumes: '  users:\n    - GET /users' }],
      ] as const) {
        expect((await publishFolder(s.cli, s.dir, service, '1.0.0', parts)).code).toBe(0);
        expect((await s.cli('record-deployment', '--service', service, '--version', '1.0.0', '--env', 'production')).code).toBe(0);
      }
      const call = { consumer: 'web', consumerVersion: '1.0.0', environment: 'production', provider: 'users', method: 'GET', url: 'http://users/users/7' };
      const posted = await fetch(`${s.registry.url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(traceExport([call])),
      });
      expect(await posted.json()).toEqual({ partialSuccess: {} });
      await waitForCaller(s.registry.url, 'users', 'web', 'production');
    },
  });
  return session;
}

const usageOfUsers = ['usage', '--service', 'users', '--as-provider', '--environment', 'production'];

describe('under OVERSEER_USAGE=declared', () => {
  const session = webSeenCalling('declared');

  it('overseer usage says the call seen in traces is not counted, and the JSON names the policy', async () => {
    const text = await session.cli(...usageOfUsers);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /\n {4}GET \/users\/\{id\}: observed, not declared \(1x, last [0-9T:.Z-]+; not counted: the registry runs with OVERSEER_USAGE=declared\)\n/,
    );
    expect(text.stdout).toContain('\n    GET /users: declared, never observed\n');
    const json = JSON.parse((await session.cli(...usageOfUsers, '--format', 'json')).stdout) as UsageListing;
    expect(json.policy).toBe('declared');
  });

  it("the service page marks the call not counted, not in a break's colour", async () => {
    const page = await (await fetch(`${session.registry.url}/services/users?environment=production`)).text();
    expect(page).toContain('<span class="badge observed">observed, not declared</span> <span class="muted observed">1 call, last seen');
    expect(page).toContain('<span class="muted uncounted">not counted: the registry runs with OVERSEER_USAGE=declared</span>');
    expect(page).not.toContain('<span class="badge breaking">observed, not declared</span>');
  });
});

describe('under OVERSEER_USAGE=observed', () => {
  const session = webSeenCalling('observed');

  it('overseer usage says the declaration never seen called is not counted', async () => {
    const text = await session.cli(...usageOfUsers);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('\n    GET /users: declared, never observed (not counted: the registry runs with OVERSEER_USAGE=observed)\n');
    expect(text.stdout).toMatch(/\n {4}GET \/users\/\{id\}: observed, not declared \(1x, last [0-9T:.Z-]+\)\n/);
  });

  it('the service page says so beside the declaration', async () => {
    const page = await (await fetch(`${session.registry.url}/services/users?environment=production`)).text();
    expect(page).toContain(
      '<span class="badge warning">declared, never observed</span> <span class="muted uncounted">not counted: the registry runs with OVERSEER_USAGE=observed</span>',
    );
  });
});
