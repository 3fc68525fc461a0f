// Calls of a consumer version no longer live are left out, and the notice says how it stopped: a release whose support
// ended was replaced by nothing (the releases beside it were supported already), and a canary withdrawn leaves the
// version it ran beside, which replaced nothing either. Both read "replaced by" the versions still live there.

import { describe, expect, it } from 'vitest';
import type { RegistryDeployment } from '../../contracts/index.js';
import { traceExport } from '../helpers/otlp.js';
import { useRegistry } from './registry-session.js';
import { publishFolder } from './service-folder.js';
import { waitForCaller } from './usage-wait.js';

const ok = { responses: { '200': { description: 'ok' } } };
const users = { openapi: '3.0.3', info: { title: 'users', version: '1' }, paths: { '/users': { get: ok } } };

const session = useRegistry({
  name: 'observe-ended-words',
  serveEnv: { OVERSEER_USAGE_FLUSH_MS: '100' },
  setup: [['environment', 'create', 'production']],
});
const cli = (...args: string[]) => session.cli(...args);

async function publishAll(service: string, versions: string[], parts: { contract?: object }): Promise<void> {
  for (const version of versions) expect((await publishFolder(cli, session.dir, service, version, parts)).code).toBe(0);
}

/** One call of `consumer` `version` to GET /users, accepted whole. */
async function postCall(consumer: string, version: string): Promise<void> {
  const call = { consumer, consumerVersion: version, environment: 'production', provider: 'users-service', method: 'GET', url: 'http://users.internal/users' };
  const posted = await fetch(`${session.registry.url}/v1/traces`, {
    method: 'POST',
    body: JSON.stringify(traceExport([call])),
    headers: { 'content-type': 'application/json' },
  });
  expect(await posted.json()).toEqual({ partialSuccess: {} });
  await waitForCaller(session.registry.url, 'users-service', consumer, 'production');
}

/** The day the registry recorded `service` `version` as no longer live there. */
async function endedOn(service: string, version: string): Promise<string> {
  const history = (await (await fetch(`${session.registry.url}/v1/deployments?service=${service}`)).json()) as { deployments: RegistryDeployment[] };
  return history.deployments.find((d) => d.version === version && d.replacedAt !== null)!.replacedAt!.slice(0, 10);
}

const usageNotices = async () => (await cli('usage', '--service', 'users-service', '--as-provider', '--environment', 'production')).stdout;

describe('the notice of calls left out, by how their version stopped', () => {
  it('says a release’s support ended, a withdrawn canary was undeployed, and a replaced version what replaced it', async () => {
    await publishAll('users-service', ['1.0.0'], { contract: users });
    expect((await cli('record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production')).code).toBe(0);
    await publishAll('mobile-app', ['4.1.0', '4.2.0'], {});
    await publishAll('web-app', ['1.0.0', '1.1.0', '1.2.0'], {});
    for (const version of ['4.1.0', '4.2.0']) {
      expect((await cli('record-release', '--service', 'mobile-app', '--version', version, '--env', 'production')).code).toBe(0);
    }
    expect((await cli('record-deployment', '--service', 'web-app', '--version', '1.0.0', '--env', 'production')).code).toBe(0);
    expect((await cli('record-deployment', '--service', 'web-app', '--version', '1.1.0', '--env', 'production', '--rolling')).code).toBe(0);
    await postCall('mobile-app', '4.1.0');
    await postCall('web-app', '1.1.0');

    expect((await cli('record-support-ended', '--service', 'mobile-app', '--version', '4.1.0', '--env', 'production')).code).toBe(0);
    expect((await cli('record-undeployment', '--service', 'web-app', '--version', '1.1.0', '--env', 'production')).code).toBe(0);
    const [mobileDay, canaryDay] = [await endedOn('mobile-app', '4.1.0'), await endedOn('web-app', '1.1.0')];
    expect(await usageNotices()).toBe(
      [
        'Uses of users-service in production: none.',
        `notice: 1 call from mobile-app 4.1.0 left out: its support ended in production on ${mobileDay}, and only a version live there counts`,
        `notice: 1 call from web-app 1.1.0 left out: undeployed in production on ${canaryDay}, and only a version live there counts`,
        '',
      ].join('\n'),
    );

    // A version that a later deployment took over from was replaced by it, and the notice names it.
    await postCall('web-app', '1.0.0');
    expect((await cli('record-deployment', '--service', 'web-app', '--version', '1.2.0', '--env', 'production')).code).toBe(0);
    expect(await usageNotices()).toContain(
      `notice: 1 call from web-app 1.0.0 left out: replaced by 1.2.0 in production on ${await endedOn('web-app', '1.0.0')}`,
    );
  }, 90_000);
});
