// A registry upgraded to allow-lists keeps the services stored before them: one naming a repository or a Slack channel
// off the lists is not refused at start, and its notifications would fail only when sent. The start log says so at once,
// and `overseer notifications`, GET /v1/notifications and the dashboard's audit page list them per service, kept
// current as services are republished and the registry restarted with other settings.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_INSTALL_TIMEOUT_MS, launchChromium } from '../helpers/chromium.js';
import { waitUntil } from '../helpers/webhook-receiver.js';
import { assertBuilt, type RunningRegistry, runCli, startRegistry } from './cli-process.js';

let dir: string;
let registry: RunningRegistry | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-notify-gaps-'));
}, 120_000);
afterAll(async () => {
  await browser?.close();
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

  it('are listed per service, with what to do, by overseer notifications, the API and the audit page, and leave once fixed', {
    timeout: CHROMIUM_INSTALL_TIMEOUT_MS + 120_000,
  }, async () => {
    const listed = await runCli(['notifications', '--registry', registry!.url]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toBe(
      [
        '3 services name what the registry will not notify:',
        "  orders-service (repository acme/platform): users-service names acme/platform too, and OVERSEER_GITHUB_STATUS_CONTEXT (overseer) names no {service}: their commit statuses overwrite each other's",
        '      to do: add {service} to OVERSEER_GITHUB_STATUS_CONTEXT (overseer/{service}) and restart the registry',
        '  payments (Slack channel #general): OVERSEER_SLACK_CHANNELS (#users-alerts) does not allow #general: its Slack messages fail when sent',
        "      to do: change slack: in payments's overseer.yaml and publish it, or add #general to OVERSEER_SLACK_CHANNELS and restart the registry",
        '  payments (repository victim-org/payments): OVERSEER_GITHUB_REPOSITORIES (acme/*) does not allow victim-org/payments: its commit statuses fail when sent',
        "      to do: change repository: in payments's overseer.yaml and publish it, or add the repository to OVERSEER_GITHUB_REPOSITORIES and restart the registry",
        "  users-service (repository acme/platform): orders-service names acme/platform too, and OVERSEER_GITHUB_STATUS_CONTEXT (overseer) names no {service}: their commit statuses overwrite each other's",
        '      to do: add {service} to OVERSEER_GITHUB_STATUS_CONTEXT (overseer/{service}) and restart the registry',
        '',
        'no notifications',
        '',
      ].join('\n'),
    );
    const gaps = async () => ((await (await fetch(`${registry!.url}/v1/notifications`)).json()) as { gaps: { service: string; kind: string }[] }).gaps;
    expect((await gaps()).map((g) => `${g.service} ${g.kind}`)).toEqual([
      'orders-service shared-repository',
      'payments slack-channel',
      'payments repository',
      'users-service shared-repository',
    ]);
    const json = await runCli(['notifications', '--gaps', '--format', 'json', '--registry', registry!.url]);
    expect(JSON.parse(json.stdout)).toEqual(await gaps());

    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(`${registry!.url}/audit?service=payments`);
    expect(await page.locator('#notification-gaps').textContent()).toBe(
      '1 service names what the registry will not notify: their notifications there fail when sent.',
    );
    const rows = await page.locator('table.gaps tbody tr').allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('payments\tSlack channel #general\tOVERSEER_SLACK_CHANNELS (#users-alerts) does not allow #general');
    expect(rows[1]).toContain("change repository: in payments's overseer.yaml and publish it");

    // Republished with what the lists allow: payments leaves the list at once.
    expect(await put('/v1/services/payments', { owners: ['@pay'], repository: 'acme/payments', slack: '#users-alerts' })).toBe(200);
    expect((await gaps()).map((g) => g.service)).toEqual(['orders-service', 'users-service']);
    await page.goto(`${registry!.url}/audit?service=payments`);
    expect(await page.locator('#notification-gaps').count()).toBe(0);

    // Restarted with a status context per service: the shared repository is no longer a gap.
    await registry!.stop();
    registry = await startRegistry(join(dir, 'registry.db'), {
      OVERSEER_GITHUB_TOKEN: 'ghp_token',
      OVERSEER_GITHUB_REPOSITORIES: 'acme/*',
      OVERSEER_SLACK_TOKEN: 'xoxb-token',
      OVERSEER_SLACK_CHANNELS: '#users-alerts',
    });
    expect(await gaps()).toEqual([]);
    expect((await runCli(['notifications', '--gaps', '--registry', registry.url])).stdout).toBe('every service can be notified where it asks\n');
    await page.goto(`${registry.url}/audit`);
    expect(await page.locator('#notification-gaps').count()).toBe(0);
  });
});
