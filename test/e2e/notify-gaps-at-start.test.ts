// A registry upgraded to allow-lists keeps the services stored before them: one naming a repository or a Slack channel
// off the lists is not refused at start, and its notifications would fail only when sent. The start log says so at once.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../helpers/webhook-receiver.js';
import { assertBuilt, type RunningRegistry, startRegistry } from './cli-process.js';

let dir: string;
let registry: RunningRegistry | undefined;

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-notify-gaps-'));
}, 120_000);
afterAll(async () => {
  await registry?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function put(path: string, body: unknown): Promise<number> {
  const answer = await fetch(`${registry!.url}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return answer.status;
}

describe('services stored before the allow-lists', () => {
  it('are named in the start log, and the registry starts', async () => {
    const db = join(dir, 'registry.db');
    // Before: no GitHub or Slack token, so nothing is checked against a list.
    registry = await startRegistry(db);
    expect(await put('/v1/services/payments', { owners: ['@pay'], repository: 'victim-org/payments', slack: '#general' })).toBe(201);
    expect(await put('/v1/services/users-service', { owners: ['@acme'], repository: 'acme/platform', slack: '#users-alerts' })).toBe(201);
    expect(await put('/v1/services/orders-service', { owners: ['@acme'] })).toBe(201);
    expect(await put('/v1/repositories/acme/platform', { service: 'orders-service', share: true })).toBe(200);
    await registry.stop();

    registry = await startRegistry(db, {
      OVERSEER_GITHUB_TOKEN: 'ghp_token',
      OVERSEER_GITHUB_REPOSITORIES: 'acme/*',
      OVERSEER_GITHUB_STATUS_CONTEXT: 'overseer',
      OVERSEER_SLACK_TOKEN: 'xoxb-token',
      OVERSEER_SLACK_CHANNELS: '#users-alerts',
    });
    const lines = [
      'notifications: 1 service names a Slack channel OVERSEER_SLACK_CHANNELS (#users-alerts) does not allow, payments: #general: their Slack messages fail when sent',
      'notifications: 1 service names a repository OVERSEER_GITHUB_REPOSITORIES (acme/*) does not allow, payments: victim-org/payments: their commit statuses fail when sent',
      "notifications: services share a repository, acme/platform (orders-service, users-service), and OVERSEER_GITHUB_STATUS_CONTEXT (overseer) names no {service}: their commit statuses overwrite each other's",
    ];
    await waitUntil(
      () => lines.every((line) => registry!.output().includes(line)),
      30_000,
      () => `the start log: ${registry!.output().slice(-2000)}`,
    );
    expect((await fetch(`${registry.url}/healthz`)).status).toBe(200);
  });
});
