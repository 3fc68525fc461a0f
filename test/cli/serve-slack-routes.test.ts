// Slack messages that reach nobody were silent: OVERSEER_SLACK_WEBHOOKS keyed by a misspelt service (`checkout-wbe`)
// left checkout-web's messages unsent, and the start log, seeing a Slack route configured, no longer said that the
// manifests' channels get nothing. `overseer serve` now names both at start. Real `overseer serve` processes.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN } from '../e2e/cli-process.js';
import { runCliHere, startRegistryHere } from '../e2e/in-process.js';
import { waitUntil } from '../helpers/webhook-receiver.js';

let dir = '';
let db = '';
const started: ChildProcess[] = [];
const HOOK = 'https://hooks.slack.com/services/T000/B000/secret';

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-slack-routes-'));
  db = path.join(dir, 'registry.db');
  // users-service and checkout-web of the examples: both name a Slack channel in their manifests.
  const seed = await startRegistryHere(db);
  try {
    for (const service of ['users-service', 'checkout-web']) {
      const r = await runCliHere(['publish', '--manifest', `examples/${service}/overseer.yaml`, '--version', '1.0.0', '--registry', seed.url]);
      expect(r.code, r.stderr).toBe(0);
    }
  } finally {
    await seed.stop();
  }
}, 60_000);

afterAll(async () => {
  for (const child of started) child.kill('SIGTERM');
  await Promise.all(started.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined)));
  await rm(dir, { recursive: true, force: true });
});

/** `overseer serve` on the seeded database with `env`; its log's messages once `expected` are among them (or time is up). */
async function serveUntil(env: Record<string, string>, expected: RegExp): Promise<string[]> {
  let output = '';
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', db], {
    env: { ...process.env, OVERSEER_PUBLIC_URL: 'https://overseer.example.com', OVERSEER_SLACK_TOKEN: '', OVERSEER_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const messages = () =>
    output
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => String((JSON.parse(line) as { msg?: string }).msg ?? ''));
  try {
    await waitUntil(
      () => messages().some((msg) => expected.test(msg)),
      30_000,
      () => `${expected} in the start log: ${output}`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
  }
  return messages();
}

describe('overseer serve at start, about Slack messages that reach nobody', () => {
  it('names an incoming webhook keyed by a name no service has, with the service meant, and the channels it leaves unreached', async () => {
    const log = await serveUntil({ OVERSEER_SLACK_WEBHOOKS: JSON.stringify({ 'checkout-wbe': HOOK }) }, /a Slack channel nothing reaches/);
    expect(log).toContain(
      'notifications: OVERSEER_SLACK_WEBHOOKS has an incoming webhook for checkout-wbe, which no service is named: did you mean checkout-web?: ' +
        'it gets nothing until a service of that name is published; correct the name and restart the registry',
    );
    expect(log).toContain(
      'notifications: 2 services name a Slack channel nothing reaches, checkout-web: #checkout-alerts, users-service: #identity-alerts: ' +
        'OVERSEER_SLACK_TOKEN is not set and OVERSEER_SLACK_WEBHOOKS has no incoming webhook for them; their Slack messages are not sent',
    );
  }, 60_000);

  it('names only the services left without a route once the webhook is keyed by the service', async () => {
    const log = await serveUntil({ OVERSEER_SLACK_WEBHOOKS: JSON.stringify({ 'checkout-web': HOOK }) }, /a Slack channel nothing reaches/);
    expect(log.filter((msg) => msg.includes('no service is named'))).toEqual([]);
    expect(log).toContain(
      'notifications: 1 service names a Slack channel nothing reaches, users-service: #identity-alerts: ' +
        'OVERSEER_SLACK_TOKEN is not set and OVERSEER_SLACK_WEBHOOKS has no incoming webhook for it; its Slack messages are not sent',
    );
  }, 60_000);
});
