// The hub gate keeps what it derives from observed calls (callers that declare nothing, the listing they extend, the
// form sent to the pool) between asks: every write that changes them must show in the very next answer.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { publishUsersRemoval, useObserveSession } from './observe-session.js';

const session = useObserveSession('overseer-gate-kept-');
const { ok } = session;

interface Reason {
  code: string;
  consumer?: string;
  consumerVersion?: string;
  basis?: string;
}

/** GET /v1/can-i-deploy of users-service `version` to production: the decision and who it breaks, as sent. */
async function ask(version: string): Promise<{ decision: string; broken: string[] }> {
  const response = await fetch(`${session.registry.url}/v1/can-i-deploy?service=users-service&version=${version}&environment=production`);
  expect(response.status).toBe(200);
  const verdict = (await response.json()) as { decision: string; reasons: Reason[] };
  const broken = verdict.reasons.filter((r) => r.code === 'breaks-consumer').map((r) => `${r.consumer} ${r.consumerVersion} ${r.basis ?? 'declared'}`);
  return { decision: verdict.decision, broken: broken.sort() };
}

function postCalls(...calls: { consumer: string; url: string }[]): Promise<void> {
  return session.postCalls(calls.map((c) => ({ ...c, environment: 'production', provider: 'users-service', method: 'GET' })));
}

beforeAll(async () => {
  await publishUsersRemoval(session);
  const dir = session.dir;
  // 2.1.0 makes the same removal and also calls mobile-app, which makes mobile-app a version the gate judges against.
  await writeFile(join(dir, 'users-2.1.yaml'), 'service: users-service\nprovides: ./users.v2-no-get-user.yaml\nconsumes:\n  mobile-app: "*"\n');
  await writeFile(join(dir, 'web.yaml'), 'service: web-app\nowners: ["@acme/web"]\nconsumes:\n  users-service:\n    - GET /users\n');
  await writeFile(join(dir, 'web-1.1.yaml'), 'service: web-app\nconsumes:\n  users-service:\n    - GET /users/{userId}\n');
  await writeFile(join(dir, 'mobile.yaml'), 'service: mobile-app\nowners: ["@acme/mobile"]\n');
  await writeFile(join(dir, 'ios.yaml'), 'service: ios-app\nowners: ["@acme/ios"]\n');
  for (const [manifest, service, version] of [
    ['web.yaml', 'web-app', '1.0.0'],
    ['mobile.yaml', 'mobile-app', '4.1.0'],
    ['ios.yaml', 'ios-app', '7.0.0'],
  ] as const) {
    await ok('publish', '--manifest', manifest, '--version', version);
    await ok('record-deployment', '--service', service, '--version', version, '--env', 'production');
  }
  await postCalls({ consumer: 'mobile-app', url: 'https://users.internal/api/users/7' });
});

describe("a hub's gate asked again after writes", () => {
  it('answers a repeated ask the same, from the caller seen calling', async () => {
    const first = await ask('2.0.0');
    expect(first).toEqual({ decision: 'refused', broken: ['mobile-app 4.1.0 observed'] });
    expect(await ask('2.0.0')).toEqual(first);
  });

  it('sees a new deployment of a caller that declares nothing', async () => {
    await ok('publish', '--manifest', 'mobile.yaml', '--version', '4.2.0');
    await ok('record-deployment', '--service', 'mobile-app', '--version', '4.2.0', '--env', 'production');
    expect(await ask('2.0.0')).toEqual({ decision: 'refused', broken: ['mobile-app 4.2.0 observed'] });
  });

  it('sees a new caller in the next export', async () => {
    await postCalls({ consumer: 'ios-app', url: 'https://users.internal/api/users/8' });
    expect(await ask('2.0.0')).toEqual({ decision: 'refused', broken: ['ios-app 7.0.0 observed', 'mobile-app 4.2.0 observed'] });
  });

  it('sees a declaring consumer deployed anew, beside the callers', async () => {
    await ok('publish', '--manifest', 'web-1.1.yaml', '--version', '1.1.0');
    await ok('record-deployment', '--service', 'web-app', '--version', '1.1.0', '--env', 'production');
    expect(await ask('2.0.0')).toEqual({
      decision: 'refused',
      broken: ['ios-app 7.0.0 observed', 'mobile-app 4.2.0 observed', 'web-app 1.1.0 declared'],
    });
  });

  it('counts a caller once in a version that also judges against it, asked between asks of one that does not', async () => {
    await ok('publish', '--manifest', 'users-2.1.yaml', '--version', '2.1.0');
    const expected = ['ios-app 7.0.0 observed', 'mobile-app 4.2.0 observed', 'web-app 1.1.0 declared'];
    for (const version of ['2.1.0', '2.0.0', '2.1.0']) expect(await ask(version)).toEqual({ decision: 'refused', broken: expected });
  });
});
