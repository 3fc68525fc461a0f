// A new user trying observed usage had no span to send: the README described the Collector's settings and OTLP's
// attributes, but a first try without a Collector meant writing an export by hand. The README's "A first span" posts
// examples/traces/orders-service-calls.json with curl; this does what it says, against the examples deployed as the
// walkthrough deploys them, and expects what it shows. A real registry over HTTP and the CLI.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useRegistry } from './registry-session.js';
import { waitForCaller } from './usage-wait.js';

const EXAMPLE = 'examples/traces/orders-service-calls.json';

const session = useRegistry({
  name: 'first-span',
  setup: [
    ['environment', 'create', 'production'],
    ...['users-service', 'orders-service'].flatMap((s) => [
      ['publish', '--manifest', `examples/${s}/overseer.yaml`, '--version', '1.0.0', '--branch', 'main'],
      ['record-deployment', '--service', s, '--version', '1.0.0', '--env', 'production'],
    ]),
  ],
});

describe("the README's first span, without a Collector", () => {
  it('is the command the README gives', async () => {
    const readme = await readFile('README.md', 'utf8');
    expect(readme).toContain(`curl -X POST "$OVERSEER_URL/v1/traces" -H 'content-type: application/json' --data-binary @${EXAMPLE}\n`);
  });

  it('is used whole, and overseer usage shows the call beside the declarations as the README shows it', async () => {
    const posted = await fetch(`${session.registry.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: await readFile(EXAMPLE),
    });
    expect(await posted.text()).toBe('{"partialSuccess":{}}');
    await waitForCaller(session.registry.url, 'users-service', 'orders-service', 'production');
    const usage = await session.cli('usage', '--service', 'orders-service', '--environment', 'production');
    expect(usage.code, usage.stderr).toBe(0);
    expect(usage.stdout).toMatch(
      /^What orders-service uses in production:\n {2}users-service\n {4}GET \/users: observed, not declared \(1x, last [0-9T:.Z-]+\)\n {4}GET \/users\/\{id\}: declared, never observed\n$/,
    );
  });
});
