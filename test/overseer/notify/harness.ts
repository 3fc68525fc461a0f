// A registry with its delivery worker on a real SQLite file, Slack, GitHub and webhooks faked on loopback.
// `open()` again on the same file is a restart: a new app, a reopened store, a new worker.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach } from 'vitest';
import { buildApp } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import { type DeliveryWorker, startDeliveryWorker } from '../../../overseer/notify/worker.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import type { Store } from '../../../overseer/store/store.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { reusedWorkPool } from '../../helpers/app-work.js';
import { type FakeGithubStatuses, startFakeGithubStatuses } from '../../helpers/fake-github-statuses.js';
import { type FakeSlack, startFakeSlack } from '../../helpers/fake-slack.js';
import { writeMigratedSqlite } from '../../helpers/migrated-sqlite.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { BILLING_MANIFEST, CHECKOUT_MANIFEST, USERS_V1 } from '../routes/fixtures.js';
import { type Harness, sendTo } from '../routes/harness.js';

export const ADMIN_TOKEN = 'admin-token-for-notify-tests-0123';
export const COMMIT = '0123456789abcdef0123456789abcdef01234567';
export const PUBLIC_URL = 'https://overseer.example.com';

/** The routes' harness with the delivery worker beside it; `send` carries the admin token unless told otherwise. */
export interface Registry extends Harness {
  worker: DeliveryWorker;
}

export interface Receivers {
  slack: FakeSlack;
  github: FakeGithubStatuses;
  hooks: WebhookReceiver;
  close(): Promise<void>;
}

export async function startReceivers(): Promise<Receivers> {
  const [slack, github, hooks] = await Promise.all([startFakeSlack(), startFakeGithubStatuses(), startWebhookReceiver()]);
  // The workspace's channels: as Slack, the fake refuses a post to any other (channel_not_found).
  slack.createChannels('#users-alerts', '#checkout-alerts', '#mobile-alerts', '#shared', '#admin');
  return { slack, github, hooks, close: async () => void (await Promise.all([slack.close(), github.close(), hooks.close()])) };
}

/** Worker timings in milliseconds, short so that retries happen within a test. */
export function describeEnv(receivers: Receivers, extra: Record<string, string> = {}): Record<string, string> {
  return {
    OVERSEER_ADMIN_TOKEN: ADMIN_TOKEN,
    OVERSEER_PUBLIC_URL: PUBLIC_URL,
    OVERSEER_SLACK_TOKEN: 'xoxb-test-token',
    OVERSEER_SLACK_CHANNELS: '*',
    OVERSEER_SLACK_API_URL: receivers.slack.apiUrl,
    OVERSEER_GITHUB_TOKEN: 'ghp_test_token',
    OVERSEER_GITHUB_API_URL: receivers.github.url,
    OVERSEER_GITHUB_REPOSITORIES: 'acme/*',
    OVERSEER_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    OVERSEER_WEBHOOK_ALLOW_HTTP: 'true',
    OVERSEER_NOTIFY_POLL_MS: '20',
    OVERSEER_NOTIFY_BACKOFF_MS: '20',
    OVERSEER_NOTIFY_MAX_BACKOFF_MS: '100',
    OVERSEER_NOTIFY_MAX_ATTEMPTS: '6',
    OVERSEER_NOTIFY_LEASE_MS: '5000',
    OVERSEER_NOTIFY_TIMEOUT_MS: '2000',
    ...extra,
  };
}

export async function makeDbFile(): Promise<{ file: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'overseer-notify-'));
  return { file: join(dir, 'registry.db'), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Fake receivers and a migrated SQLite file, new for each test of the file that calls it (read them inside a test). */
export function useReceiversAndDb(): { receivers: Receivers; db: Awaited<ReturnType<typeof makeDbFile>> } {
  const made = {} as ReturnType<typeof useReceiversAndDb>;
  beforeEach(async () => {
    made.receivers = await startReceivers();
    made.db = await makeDbFile();
    await writeMigratedSqlite(made.db.file);
  });
  afterEach(async () => {
    await made.receivers.close();
    await made.db.remove();
  });
  return made;
}

export async function openRegistry(file: string, env: Record<string, string>, options: { now?: () => Date } = {}): Promise<Registry> {
  const config = parseConfig({ db: file }, env);
  const store = openSqliteStore(file);
  let wake = () => {};
  const app = buildApp({ config, store, wakeWorker: () => wake(), schemaController: reusedSchemaController(), work: reusedWorkPool(config, env) });
  // The sunset and migration checks read stored contracts in the app's worker pool, as `overseer serve` has it.
  const worker = startDeliveryWorker({ store, config: config.notify!, work: app.work, ...(options.now && { now: options.now }) });
  wake = () => worker.wake();
  await app.ready();
  return {
    app,
    store,
    worker,
    config,
    send: sendTo(app, ADMIN_TOKEN),
    // The order of a server's shutdown: no new requests, deliveries under way recorded, then the store.
    close: async () => {
      await app.close();
      await worker.stop();
      await store.close();
    },
  };
}

async function expectOk(response: Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  const res = await response;
  if (res.statusCode >= 300) throw new Error(`request failed: ${res.statusCode} ${res.body}`);
  return res;
}

/** users-service 1.0.0 with checkout-web (reads `email`) and billing-worker using it, each with a Slack channel. */
export async function seedServices(r: Registry): Promise<void> {
  await expectOk(r.send('PUT', '/v1/services/users-service', { owners: ['@acme/users'], slack: '#users-alerts', repository: 'acme/users-service' }));
  await expectOk(r.send('PUT', '/v1/services/checkout-web', { owners: ['@acme/checkout'], slack: '#checkout-alerts' }));
  await expectOk(r.send('PUT', '/v1/services/billing-worker', { owners: ['@acme/billing'] }));
  await expectOk(r.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', branch: 'main', contract: USERS_V1 }));
  await expectOk(r.send('POST', '/v1/services/checkout-web/versions', { version: '1.0.0', branch: 'main', manifest: CHECKOUT_MANIFEST }));
  await expectOk(r.send('POST', '/v1/services/billing-worker/versions', { version: '1.0.0', branch: 'main', manifest: BILLING_MANIFEST }));
  for (const name of ['production', 'staging']) await expectOk(r.send('POST', '/v1/environments', { name }));
}

export async function deployAll(r: Registry, environment: string): Promise<void> {
  await expectOk(r.send('POST', '/v1/environments', { name: environment }));
  for (const service of ['users-service', 'checkout-web', 'billing-worker']) {
    await expectOk(r.send('POST', '/v1/deployments', { service, version: '1.0.0', environment }));
  }
}

export async function publishUsers(r: Registry, version: string, contract: string, commit = COMMIT, waivers?: Waiver[]): Promise<LightMyRequestResponse> {
  return expectOk(r.send('POST', '/v1/services/users-service/versions', { version, branch: 'main', commit, contract, ...(waivers && { waivers }) }));
}

type Waiver = ReturnType<typeof removalWaiver>;

/** A waiver, as the CLI sends it, of the removal USERS_V2_BREAKING makes: for every consumer unless one is named. */
export function removalWaiver(reason: string, where: { consumer?: string; file?: string; line?: number; expires?: string } = {}) {
  const { consumer, file = 'waivers.yaml', line = 1, expires = '2999-01-31' } = where;
  return { rule: 'response-optional-property-removed', operation: '*', ...(consumer && { consumer }), reason, expires, file, line };
}

/** Resolves once no notification is pending (each delivered or dead), or rejects after `timeoutMs`. */
export async function waitUntilSettled(store: Store, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await store.listNotifications({ status: 'pending' })).length > 0) {
    if (Date.now() > deadline) throw new Error('notifications still pending');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A registry with the example services deployed to production and real receivers, fresh for each test. */
interface DeployedRegistry {
  readonly r: Registry;
  readonly receivers: Receivers;
  /** The worker's clock, stopped when the test began: a sunset a test dates from it is as many days away for the
   * worker however long the test takes, and across midnight UTC too, where the wall clock would move a day. */
  readonly now: Date;
}

export function useDeployedRegistry(extraEnv: Record<string, string> = {}): DeployedRegistry {
  let receivers: Receivers | undefined;
  let db: Awaited<ReturnType<typeof makeDbFile>> | undefined;
  let r: Registry | undefined;
  let now = new Date();
  beforeEach(async () => {
    now = new Date();
    receivers = await startReceivers();
    db = await makeDbFile();
    await writeMigratedSqlite(db.file);
    r = await openRegistry(db.file, describeEnv(receivers, extraEnv), { now: () => now });
    await seedServices(r);
    await deployAll(r, 'production');
  });
  afterEach(async () => {
    await r?.close();
    await receivers?.close();
    await db?.remove();
  });
  return {
    get r() {
      return r!;
    },
    get receivers() {
      return receivers!;
    },
    get now() {
      return now;
    },
  };
}

export type SlackPost = { channel: string; blocks: Array<Record<string, any>> };

/** A Slack post's blocks as one text, each block a line, as a reader of the channel sees them. */
export const slackText = (post: SlackPost) =>
  post.blocks.map((b) => b.text?.text ?? b.elements?.map((e: { text?: string }) => e.text ?? '').join(' ')).join('\n');
