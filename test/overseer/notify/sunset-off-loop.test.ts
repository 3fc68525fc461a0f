// The sunset and migration checks of `overseer serve` (at start, then every OVERSEER_SUNSET_CHECK_MS) read every deployed
// contract in the registry's worker threads: the event loop receives the parts ending and whom they reach, not the
// contracts parsed, which crossed to it whole (a JSON.parse of each document, hourly, for every deployed service).
// The tests run the check as the timer does (RunningServer.checkSunsets) once what it must read is written.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseContract } from '../../../contracts/index.js';
import { parseConfig } from '../../../overseer/config.js';
import { type RunningServer, startServer } from '../../../overseer/server.js';
import { waitForCaller } from '../../e2e/usage-wait.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { reusedWorkPool } from '../../helpers/app-work.js';
import { listenForLoopParses } from '../../helpers/loop-parses.js';
import { traceExport } from '../../helpers/otlp.js';
import { waitUntil } from '../../helpers/webhook-receiver.js';
import { USERS_V1 } from '../routes/fixtures.js';
import { sendTo } from '../routes/harness.js';
import { ADMIN_TOKEN, deployAll, describeEnv, makeDbFile, publishUsers, type Receivers, type Registry, seedServices, startReceivers } from './harness.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('the sunset check of a running registry', () => {
  let receivers: Receivers;
  let db: Awaited<ReturnType<typeof makeDbFile>>;
  let server: RunningServer;
  // Every contract parsed on this thread, the registry's event loop, while a test publishes and the checks run.
  let loopParses: ReturnType<typeof listenForLoopParses>;
  beforeEach(() => {
    loopParses = listenForLoopParses();
  });
  afterEach(() => loopParses.stop());

  beforeAll(async () => {
    receivers = await startReceivers();
    db = await makeDbFile();
    const env = describeEnv(receivers, { OVERSEER_USAGE_FLUSH_MS: '100', OVERSEER_LOG_LEVEL: 'silent' });
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
    expect(await server.checkSunsets()).toBeGreaterThan(0);
    const warning = () => receivers.slack.posts.find((p) => p.channel === '#checkout-alerts' && JSON.stringify(p).includes(sunset));
    await waitUntil(
      () => warning() !== undefined,
      30_000,
      () => `a sunset warning to #checkout-alerts among ${JSON.stringify(receivers.slack.posts)}`,
    );
    expect(JSON.stringify(warning())).toContain('checkout-web still uses GET /users/{id} of users-service');
    expect(loopParses.files()).toEqual([]);
    // What the listener would have heard: a contract parsed on this thread.
    await parseContract(USERS_V1, 'here.yaml');
    expect(loopParses.files()).toEqual(['here.yaml']);
  });

  it('warns the consumers seen calling the operation in traces that do not declare it, with no contract parsed for the event loop', async () => {
    const r = { send: sendTo(server.app, ADMIN_TOKEN) } as Registry;
    // Spans show both calling GET /users/{id} (getUser, deprecated above): report-job declares only POST /users of
    // users-service, audit-job (a provider itself) declares nothing of it.
    receivers.slack.createChannels('#report-alerts', '#audit-alerts');
    const audit = 'openapi: 3.0.3\ninfo: { title: audit, version: 1.0.0 }\npaths: {}\n';
    for (const [service, slack, published] of [
      ['report-job', '#report-alerts', { manifest: 'service: report-job\nconsumes:\n  users-service:\n    - POST /users\n' }],
      ['audit-job', '#audit-alerts', { contract: audit }],
    ] as const) {
      await r.send('PUT', `/v1/services/${service}`, { owners: ['@acme/jobs'], slack });
      expect((await r.send('POST', `/v1/services/${service}/versions`, { version: '1.0.0', branch: 'main', ...published })).statusCode).toBeLessThan(300);
      expect((await r.send('POST', '/v1/deployments', { service, version: '1.0.0', environment: 'production' })).statusCode).toBeLessThan(300);
    }
    const call = (consumer: string) => ({
      consumer,
      consumerVersion: '1.0.0',
      environment: 'production',
      provider: 'users-service',
      method: 'GET',
      url: 'http://users-service/users/7',
    });
    expect((await r.send('POST', '/v1/traces', traceExport([call('report-job'), call('audit-job')]))).statusCode).toBe(200);
    // The calls are written every 100 ms: the check reads them once both are.
    for (const consumer of ['report-job', 'audit-job']) await waitForCaller(server.url, 'users-service', consumer, 'production');
    expect(await server.checkSunsets()).toBeGreaterThan(0);
    const warning = (channel: string) => receivers.slack.posts.find((p) => p.channel === channel);
    await waitUntil(
      () => warning('#report-alerts') !== undefined && warning('#audit-alerts') !== undefined,
      30_000,
      () => `sunset warnings to #report-alerts and #audit-alerts among ${JSON.stringify(receivers.slack.posts.map((p) => p.channel))}`,
    );
    expect(JSON.stringify(warning('#report-alerts'))).toContain('report-job was seen calling GET /users/{id} of users-service in traces');
    expect(JSON.stringify(warning('#audit-alerts'))).toContain('audit-job was seen calling GET /users/{id} of users-service in traces');
    expect(loopParses.files()).toEqual([]);
  });
});
