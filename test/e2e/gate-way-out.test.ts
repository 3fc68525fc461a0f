// The gate's advice on a removal, from the README's services: users-service 1.1.0 deprecates `email`, rolls out beside
// 1.0.0, and 2.0.0 removes it. Each door must name the operation a consumer is broken through and, the part being
// deprecated in what runs, tell its consumers to move off it rather than the provider to deprecate it (again).

import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';
import { traceExport } from '../helpers/otlp.js';
import { useRegistry } from './registry-session.js';

let slack: FakeSlack;
const serveEnv: Record<string, string> = {};
beforeAll(async () => {
  slack = await startFakeSlack();
  slack.createChannels('#checkout-alerts', '#identity-alerts', '#orders-alerts');
  Object.assign(serveEnv, {
    OVERSEER_SLACK_TOKEN: 'xoxb-test-token',
    OVERSEER_SLACK_CHANNELS: '*',
    OVERSEER_SLACK_API_URL: slack.apiUrl,
    OVERSEER_NOTIFY_POLL_MS: '20',
  });
});
afterAll(() => slack?.close());

const session = useRegistry({ name: 'gate-way-out', serveEnv, inDir: true, setup: [['environment', 'create', 'production']] });
const ok = async (...args: string[]) => {
  const done = await session.cli(...args);
  expect(done.code, `${args.join(' ')}: ${done.stderr}`).toBe(0);
};
const SERVICES = ['users-service', 'checkout-web', 'billing-worker'];

beforeAll(async () => {
  for (const service of SERVICES) await cp(join('examples', service), join(session.dir, service), { recursive: true });
  for (const service of SERVICES) {
    await ok('publish', '--manifest', `${service}/overseer.yaml`, '--version', '1.0.0');
    await ok('record-deployment', '--service', service, '--version', '1.0.0', '--env', 'production');
  }
  // 1.1.0 deprecates `email`, with a sunset, and rolls out beside 1.0.0.
  const v11 = await readFile(join(session.dir, 'users-service/openapi.v1.1.yaml'), 'utf8');
  const deprecated = v11.replace(
    '        email: { type: string, format: email }\n        phone:',
    '        email: { type: string, format: email, deprecated: true, x-sunset: "2027-06-01" }\n        phone:',
  );
  expect(deprecated).not.toBe(v11);
  await writeFile(join(session.dir, 'users-service/openapi.v1.1.yaml'), deprecated);
  await ok('publish', '--manifest', 'users-service/overseer.yaml', '--contract', 'users-service/openapi.v1.1.yaml', '--version', '1.1.0');
  await ok('record-deployment', '--service', 'users-service', '--version', '1.1.0', '--env', 'production', '--rolling');
  // billing-worker declares GET /users (listUsers) without `email`, and is seen calling GET /users/42.
  const call = { consumer: 'billing-worker', consumerVersion: '1.0.0', environment: 'production', provider: 'users-service', method: 'GET' };
  const posted = await fetch(`${session.registry.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(traceExport([{ ...call, url: 'http://users.internal/users/42' }])),
  });
  expect(posted.status).toBe(200);
  await ok('publish', '--manifest', 'users-service/overseer.yaml', '--contract', 'users-service/openapi.v2.yaml', '--version', '2.0.0');
}, 120_000);

interface Reason {
  code: string;
  consumer?: string;
  message: string;
  wayOut?: string;
  deprecatedIn?: string;
  changes?: { operation?: string }[];
}

describe('users-service 2.0.0 removes `email`, deprecated in 1.1.0 rolling beside 1.0.0', () => {
  it('names the operation each consumer is broken through, and the way out of what runs', async () => {
    const asked = await session.cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production', '--format', 'json');
    expect(asked.code, asked.stdout).toBe(1);
    const reasons = (JSON.parse(asked.stdout) as { reasons: Reason[] }).reasons.filter((r) => r.code === 'breaks-consumer');
    const billing = reasons.find((r) => r.consumer === 'billing-worker')!;
    // Broken through the call seen, not through the listing it declares without reading `email`.
    expect(billing.message).toMatch(
      /^users-service 2\.0\.0 would break billing-worker 1\.0\.0: GET \/users\/\{id\}: response property `User\.email` was removed/,
    );
    expect(billing.message).not.toContain('GET /users:');
    expect(new Set(billing.changes!.map((c) => c.operation))).toEqual(new Set(['GET /users/{id}']));
    for (const r of reasons) {
      expect(r.message).toContain(
        `It is already deprecated in users-service 1.1.0 and ${r.consumer} 1.0.0 still uses it: ${r.consumer} 1.0.0 must stop using it before the removal`,
      );
      expect(r).toMatchObject({ wayOut: 'move-off', deprecatedIn: '1.1.0' });
    }
    expect(reasons.map((r) => r.consumer).sort()).toEqual(['billing-worker', 'checkout-web']);

    const text = await session.cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production');
    expect(text.stdout).toContain('would break billing-worker 1.0.0: GET /users/{id}: response property `User.email` was removed');
    expect(text.stdout).not.toContain('deprecate it first');

    // The dashboard's page of the recorded verdict says the same.
    const listed = (await (await fetch(`${session.registry.url}/v1/verdicts?environment=production`)).json()) as { verdicts: { id: number }[] };
    const page = await (await fetch(`${session.registry.url}/verdicts/${listed.verdicts[0]!.id}`)).text();
    expect(page).toContain('would break billing-worker 1.0.0: GET /users/{id}: response property');
    expect(page).toContain('It is already deprecated in users-service 1.1.0 and billing-worker 1.0.0 still uses it');
    expect(page).not.toContain('deprecate it first');
  });

  it('gives Slack the same advice, at publication and at the refusal', async () => {
    const wanted = (p: { text?: string }) => p.text?.startsWith('can-i-deploy said no: users-service 2.0.0');
    let posts = await slack.waitForPosts(1);
    for (let tries = 0; !posts.some(wanted) && tries < 200; tries++) posts = await slack.waitForPosts(posts.length + 1);
    const nextSteps = (p: { blocks?: { text?: { text?: string } }[] }) =>
      (p.blocks ?? []).map((b) => String(b.text?.text ?? '')).find((t) => t.startsWith('*Next step*'));
    const refusal = nextSteps(posts.find(wanted)!);
    const published = nextSteps(posts.find((p) => p.text?.startsWith('users-service 2.0.0 would break'))!);
    for (const step of [refusal, published]) {
      expect(step).toContain(
        'users-service: billing-worker and checkout-web still use what users-service 1.1.0 already deprecates: keep it until they move off it',
      );
      expect(step).not.toContain('deprecate it first');
    }
    // The refusal's bullet for billing-worker names the operation it is broken through.
    const billing = (posts.find(wanted)!.blocks ?? []).map((b) => String(b.text?.text ?? '')).find((t) => t.startsWith('*billing-worker*'));
    expect(billing).toContain('GET /users/{id}');
    expect(billing).not.toMatch(/GET \/users[^/]/);
  });
});
