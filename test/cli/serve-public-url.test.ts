// Every link in a notification starts at OVERSEER_PUBLIC_URL. Unset, it was http://127.0.0.1:4010 wherever the registry
// listened: one started on another port (`serve --port 8080`, or 0) sent links to nowhere. Unset, links now start where
// the registry listens; the start still warns when a channel is configured, since a loopback address is one nobody
// reading Slack can open; a registry whose OVERSEER_PUBLIC_URL names another host says nothing. Real `overseer serve`
// processes on port 0, and the loopback Slack fake.

import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN, runCli } from '../e2e/cli-process.js';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';
import { waitUntil } from '../helpers/webhook-receiver.js';

let dir = '';
let slack: FakeSlack;
const started: ChildProcess[] = [];

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-public-url-'));
  slack = await startFakeSlack();
  slack.createChannels('#checkout-alerts', '#identity-alerts');
});

afterAll(async () => {
  await slack?.close();
  for (const child of started) child.kill('SIGTERM');
  await Promise.all(started.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined)));
  await rm(dir, { recursive: true, force: true });
});

/** Starts `overseer serve` on port 0 with `env`; answers its URL and its log once it has answered a request and logged it. */
async function serveAndAsk(name: string, env: Record<string, string>): Promise<{ url: string; log: () => string[] }> {
  let output = '';
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', path.join(dir, `${name}.db`)], {
    env: { ...process.env, OVERSEER_PUBLIC_URL: '', OVERSEER_SLACK_TOKEN: '', OVERSEER_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const log = () =>
    output
      .trim()
      .split('\n')
      .map((line) => String((JSON.parse(line) as { msg?: string }).msg ?? ''));
  await waitUntil(
    () => /listening on (http:\/\/[^ "]+)/.test(output),
    60_000,
    () => `no start line: ${output}`,
  );
  const url = /listening on (http:\/\/[^ "]+)/.exec(output)![1]!;
  // The start's warnings are written before the first request is answered: once this request's line is there, all are.
  await fetch(`${url}/v1/services`);
  await waitUntil(
    () => output.includes('"path":"/v1/services"'),
    60_000,
    () => `no request line: ${output}`,
  );
  return { url, log };
}

describe('overseer serve at start, about the links in notifications', () => {
  it('says nothing of them when OVERSEER_PUBLIC_URL is not set and no channel is configured: they start where it listens', async () => {
    const { log } = await serveAndAsk('unset', {});
    expect(log().filter((msg) => msg.startsWith('notifications link to'))).toEqual([]);
  }, 90_000);

  it('links a Slack message to where it listens, and warns at start that a loopback address is one readers cannot open', async () => {
    const { url, log } = await serveAndAsk('slack', {
      OVERSEER_SLACK_TOKEN: 'xoxb-public-url-test',
      OVERSEER_SLACK_CHANNELS: '*',
      OVERSEER_SLACK_API_URL: slack.apiUrl,
      OVERSEER_NOTIFY_POLL_MS: '20',
    });
    expect(url).not.toContain(':4010');
    expect(log()).toContain(
      `notifications link to ${url}/... (where this registry listens: OVERSEER_PUBLIC_URL is not set), a loopback address nobody ` +
        'reading Slack or GitHub can open: set OVERSEER_PUBLIC_URL to the address people open the dashboard at',
    );
    // users-service 2.0.0 removes `email`, which checkout-web, deployed in production, reads: its owners hear of it.
    const work = path.join(dir, 'services');
    for (const service of ['users-service', 'checkout-web']) await cp(path.join('examples', service), path.join(work, service), { recursive: true });
    const cli = async (...args: string[]) => {
      const done = await runCli([...args, '--registry', url], { cwd: work });
      expect(done.code, `${args.join(' ')}: ${done.stderr}`).toBe(0);
    };
    await cli('environment', 'create', 'production');
    for (const service of ['users-service', 'checkout-web']) {
      await cli('publish', '--manifest', `${service}/overseer.yaml`, '--version', '1.0.0');
      await cli('record-deployment', '--service', service, '--version', '1.0.0', '--env', 'production');
    }
    await cli('publish', '--manifest', 'users-service/overseer.yaml', '--contract', 'users-service/openapi.v2.yaml', '--version', '2.0.0');
    const posts = await slack.waitForPosts(1, 60_000);
    const links = posts.flatMap((p) => p.blocks.flatMap((b) => (b.elements ?? []).map((e: { url?: string }) => e.url))).filter(Boolean);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link).toMatch(new RegExp(`^${url.replace(/[.]/g, '\\.')}/`));
    for (const post of posts) expect(post.text).toContain(`${url}/`);
  }, 120_000);

  it('says nothing of them once OVERSEER_PUBLIC_URL is set', async () => {
    const { log } = await serveAndAsk('set', {
      OVERSEER_PUBLIC_URL: 'https://overseer.example.com',
      OVERSEER_SLACK_TOKEN: 'xoxb-public-url-test',
      OVERSEER_SLACK_CHANNELS: '*',
    });
    expect(log().filter((msg) => msg.startsWith('notifications link to'))).toEqual([]);
    expect(log().some((msg) => msg.startsWith('overseer registry listening on'))).toBe(true);
  }, 90_000);
});
