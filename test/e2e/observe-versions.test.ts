// Observed calls carry the caller's `service.version`: a consumer that deployed a version which stopped calling an
// operation no longer blocks its removal for the 30 days its old version's calls stay in the window (a wrong no),
// while calls from the live version, or from a version the registry never saw deployed there, still count.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClientCall } from '../helpers/otlp.js';
import { publishUsersRemoval, useObserveSession } from './observe-session.js';

const session = useObserveSession('overseer-observe-versions-');
const { cli, ok } = session;
const deployWeb = (version: string) => ok('record-deployment', '--service', 'web', '--version', version, '--env', 'production');

async function post(consumerVersion?: string): Promise<void> {
  const call: ClientCall = { consumer: 'web', environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/7' };
  await session.postCalls([{ ...call, ...(consumerVersion !== undefined && { consumerVersion }) }]);
}

/** The gate's answer on removing GET /users/{userId}, and the consumer versions its observed reasons name. */
async function removal(): Promise<{ code: number | null; observed: string[] }> {
  const gate = await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production', '--format', 'json');
  const reasons = JSON.parse(gate.stdout).reasons as { code: string; basis?: string; consumer?: string; consumerVersion?: string }[];
  const observed = reasons.filter((r) => r.basis === 'observed').map((r) => `${r.consumer} ${r.consumerVersion}`);
  return { code: gate.code, observed: [...new Set(observed)] };
}

beforeAll(async () => {
  await publishUsersRemoval(session);
  await writeFile(join(session.dir, 'web.yaml'), 'service: web\nowners: ["@acme/web"]\n');
  for (const version of ['1.0.0', '1.1.0']) await ok('publish', '--manifest', 'web.yaml', '--version', version);
}, 120_000);

describe('observed calls of a consumer version', () => {
  it('count while that version is live in the environment', async () => {
    await deployWeb('1.0.0');
    await post('1.0.0');
    expect(await removal()).toEqual({ code: 1, observed: ['web 1.0.0'] });
  });

  it('no longer count once the environment runs another version of the consumer, and count again after a rollback', async () => {
    await deployWeb('1.1.0');
    expect(await removal()).toEqual({ code: 0, observed: [] });
    await deployWeb('1.0.0');
    expect(await removal()).toEqual({ code: 1, observed: ['web 1.0.0'] });
    await deployWeb('1.1.0');
  });

  it('count from a version the environment never recorded (a canary the registry was not told of)', async () => {
    await post('1.2.0-canary');
    expect(await removal()).toEqual({ code: 1, observed: ['web 1.1.0'] });
  });
});
