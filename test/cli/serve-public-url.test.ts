// Every link in a notification starts at OVERSEER_PUBLIC_URL, http://127.0.0.1:4010 unless set. A registry started on
// another port (or on a server, where Slack's readers cannot open a loopback address) sent links to nowhere, and
// nothing said so. `overseer serve` now warns at start; a registry whose OVERSEER_PUBLIC_URL names another host does not.
// Real `overseer serve` processes on port 0.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN } from '../e2e/cli-process.js';
import { waitUntil } from '../helpers/webhook-receiver.js';

let dir = '';
const started: ChildProcess[] = [];

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-public-url-'));
});

afterAll(async () => {
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
  it('warns that they lead to port 4010 when it listens on another port and OVERSEER_PUBLIC_URL is not set', async () => {
    const { url, log } = await serveAndAsk('unset', {});
    expect(log()).toContain(
      `notifications link to http://127.0.0.1:4010/... (OVERSEER_PUBLIC_URL), but this registry listens at ${url}: ` +
        'set OVERSEER_PUBLIC_URL to the address people open the dashboard at',
    );
  }, 90_000);

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
