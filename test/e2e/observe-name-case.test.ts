// Service names in the registry are lower-case kebab-case, but a span's `service.name` and `peer.service` are what
// someone typed in an SDK's settings: `Web-App` calling `Users-Service` is web-app calling users-service. Before,
// such calls counted for no one and the gate said yes to removing the operation they call (a wrong yes).

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deployCaller, publishUsersRemoval, useObserveSession } from './observe-session.js';

const session = useObserveSession('overseer-observe-case-');
const { cli, ok } = session;

beforeAll(async () => {
  await publishUsersRemoval(session);
  await deployCaller(session, 'web-app');
}, 120_000);

describe('a span naming services in another case', () => {
  it('is a call of the services those names are, and the gate counts it', async () => {
    const call = {
      consumer: 'Web-App',
      environment: 'production',
      provider: 'Users-Service',
      method: 'GET',
      url: 'https://elsewhere.example/api/users/7?fields=email',
    };
    await session.postCalls([call]);

    const gate = await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production', '--format', 'json');
    expect(gate.code, gate.stdout).toBe(1);
    const reasons = JSON.parse(gate.stdout).reasons as { code: string; consumer?: string; basis?: string }[];
    expect(reasons).toContainEqual(expect.objectContaining({ code: 'breaks-consumer', consumer: 'web-app', basis: 'observed' }));
    const usage = await ok('usage', '--service', 'users-service', '--as-provider', '--environment', 'production');
    expect(usage.stdout).toContain('  web-app\n    GET /users/{userId}: observed, not declared (1x');
  });
});

describe('a span naming its environment in another case', () => {
  it('is a call in the environment the registry spells so (it holds no twin differing in case), and the gate counts it', async () => {
    await writeFile(join(session.dir, 'admin.yaml'), 'service: admin-app\nowners: ["@acme/admin"]\n');
    await ok('publish', '--manifest', 'admin.yaml', '--version', '1.0.0');
    await ok('record-deployment', '--service', 'admin-app', '--version', '1.0.0', '--env', 'production');
    // postCalls asks for an empty partial success: before, it was `unknown-environment 1 ... did you mean production?`.
    await session.postCalls([
      { consumer: 'admin-app', environment: 'Production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/9' },
    ]);

    const gate = await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production', '--format', 'json');
    expect(gate.code, gate.stdout).toBe(1);
    const reasons = JSON.parse(gate.stdout).reasons as { code: string; consumer?: string; basis?: string }[];
    expect(reasons).toContainEqual(expect.objectContaining({ code: 'breaks-consumer', consumer: 'admin-app', basis: 'observed' }));
  });
});
