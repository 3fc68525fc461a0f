// Spans whose service.name is misspelled (`billing-wroker`) are kept as calls of a caller the registry does not know:
// the gate never counts them, so the real consumer looks as if it called nothing. `overseer usage` names such a
// caller as not registered, with the service it most likely meant, rather than as a consumer merely not deployed.

import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';
import { waitForCaller } from '../e2e/usage-wait.js';
import { traceExport } from '../helpers/otlp.js';

const session = useRegistry({
  name: 'usage-unknown-caller',
  serveEnv: { OVERSEER_USAGE_FLUSH_MS: '100' },
  setup: [
    ['environment', 'create', 'production'],
    ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0'],
    ['publish', '--manifest', 'examples/billing-worker/overseer.yaml', '--version', '1.0.0'],
    ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'],
    ['record-deployment', '--service', 'billing-worker', '--version', '1.0.0', '--env', 'production'],
  ],
});

const call = { environment: 'production', provider: 'users-service', method: 'POST', url: 'http://users.internal/users' };

async function postSpans(): Promise<void> {
  const calls = [
    { ...call, consumer: 'billing-wroker' },
    { ...call, consumer: 'ledger-cron' },
  ];
  const answer = await fetch(`${session.registry.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(traceExport(calls)),
  });
  expect(answer.status).toBe(200);
}

const usage = (...more: string[]) => session.cli('usage', '--service', 'users-service', '--as-provider', ...more);

describe('a caller the registry does not know', () => {
  it('is named as not registered, with the service a typo away, in an environment', async () => {
    await postSpans();
    await waitForCaller(session.registry.url, 'users-service', 'billing-wroker');
    const r = await usage('--environment', 'production');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toContain(
      '  billing-wroker (not a registered service: did you mean billing-worker? Check service.name in its spans; the gate does not count these calls)',
    );
    expect(lines).toContain('  ledger-cron (not a registered service: publish it, or check service.name in its spans; the gate does not count these calls)');
    expect(lines).toContain('  billing-worker');
  });

  it('is named the same without an environment, where no caller is otherwise marked', async () => {
    const r = await usage();
    expect(r.stdout.split('\n')).toContain(
      '  billing-wroker (not a registered service: did you mean billing-worker? Check service.name in its spans; the gate does not count these calls)',
    );
  });
});

// A script reading --format json saw the misspelt caller as one more consumer: the marks the text shows are in the JSON.
describe('a caller the registry does not know, as JSON', () => {
  it('is marked unregistered, with the service a typo away, beside the consumers the gate counts', async () => {
    await waitForCaller(session.registry.url, 'users-service', 'billing-wroker');
    const r = await usage('--environment', 'production', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const uses = (JSON.parse(r.stdout) as { uses: Record<string, unknown>[] }).uses;
    const byConsumer = Object.fromEntries(uses.map(({ consumer, unregistered, didYouMean, notLiveIn }) => [consumer, { unregistered, didYouMean, notLiveIn }]));
    expect(byConsumer).toEqual({
      'billing-worker': { unregistered: undefined, didYouMean: undefined, notLiveIn: undefined },
      'billing-wroker': { unregistered: true, didYouMean: 'billing-worker', notLiveIn: undefined },
      'ledger-cron': { unregistered: true, didYouMean: undefined, notLiveIn: undefined },
    });
  });
});

// A published caller with no version live in the environment: the gate does not count its calls either, for another
// reason with another fix (record its deployment); the JSON says which, on the use or, for its own listing, on the listing.
describe('a registered caller not live in the environment', () => {
  it("is marked notLiveIn, in the text and in the JSON, as a provider's caller and in its own listing", async () => {
    expect((await session.cli('publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.0')).code).toBe(0);
    const answer = await fetch(`${session.registry.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(traceExport([{ ...call, consumer: 'checkout-web', method: 'GET', url: 'http://users.internal/users/7' }])),
    });
    expect(answer.status).toBe(200);
    await waitForCaller(session.registry.url, 'users-service', 'checkout-web');
    const text = await usage('--environment', 'production');
    expect(text.stdout.split('\n')).toContain('  checkout-web (not live in production: the gate does not count these calls)');
    const uses = (JSON.parse((await usage('--environment', 'production', '--format', 'json')).stdout) as { uses: Record<string, unknown>[] }).uses;
    expect(uses.filter((u) => u.consumer === 'checkout-web').map((u) => [u.notLiveIn, u.unregistered])).toEqual([['production', undefined]]);
    const own = await session.cli('usage', '--service', 'checkout-web', '--environment', 'production', '--format', 'json');
    expect(own.code, own.stderr).toBe(0);
    expect(JSON.parse(own.stdout)).toMatchObject({ consumer: 'checkout-web', environment: 'production', notLiveIn: 'production' });
  });
});
