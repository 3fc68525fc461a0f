// The sunset and migration checks of `overseer serve` (at start, then every OVERSEER_SUNSET_CHECK_MS) read every deployed
// contract in the registry's worker threads: the event loop receives the parts ending and whom they reach, not the
// contracts parsed, which crossed to it whole (a JSON.parse of each document, hourly, for every deployed service).

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../overseer/config.js';
import { type RunningServer, startServer } from '../../../overseer/server.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { reusedWorkPool } from '../../helpers/app-work.js';
import { USERS_V1 } from '../routes/fixtures.js';
import { sendTo } from '../routes/harness.js';
import { ADMIN_TOKEN, deployAll, describeEnv, makeDbFile, publishUsers, type Receivers, type Registry, seedServices, startReceivers } from './harness.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('the sunset check of a running registry', () => {
  let receivers: Receivers;
  let db: Awaited<ReturnType<typeof makeDbFile>>;
  let server: RunningServer;

  beforeAll(async () => {
    receivers = await startReceivers();
    db = await makeDbFile();
    const env = describeEnv(receivers, { OVERSEER_SUNSET_CHECK_MS: '100', OVERSEER_LOG_LEVEL: 'silent' });
    const config = parseConfig({ port: '0', db: db.file }, env);
    server = await startServer(config, { handleSignals: false, schemaController: reusedSchemaController(), work: reusedWorkPool(config, env) });
  });
  afterAll(async () => {
    await server?.close();
    await receivers?.close();
    await db?.remove();
  });

  it('warns the consumer of an operation whose sunset draws near, with no contract parsed for the event loop', async () => {
    // The seeding helpers need only `send`: here it goes to the served app.
    const r = { send: sendTo(server.app, ADMIN_TOKEN) } as Registry;
    await seedServices(r);
    await deployAll(r, 'production');
    const sunset = new Date(Date.now() + 3 * DAY_MS).toISOString().slice(0, 10);
    await publishUsers(
      r,
      '1.1.0',
      USERS_V1.replace('      operationId: getUser\n', `      operationId: getUser\n      deprecated: true\n      x-sunset: '${sunset}'\n`),
    );
    await r.send('POST', '/v1/deployments', { service: 'users-service', version: '1.1.0', environment: 'production' });
    const warning = () => receivers.slack.posts.find((p) => p.channel === '#checkout-alerts' && JSON.stringify(p).includes(sunset));
    // The check runs every 100 ms: the warning arrives within the test's time or the test fails.
    while (!warning()) await sleep(50);
    expect(JSON.stringify(warning())).toContain('checkout-web still uses GET /users/{id} of users-service');
    expect(server.app.contracts.size).toBe(0);
  });
});
