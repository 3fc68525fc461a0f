// Waivers at the gate (issue 15): published with a version and honoured by can-i-deploy, sent with check, and shown
// in the verdict, its audit record and the dashboard. Against the registry, run in the test's process
// (test/e2e/in-process.ts), on a fresh SQLite file.

import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from './cli-process.js';
import { startExamplesDeployed } from './examples-deployed.js';
import { type RegistryHere, runCliHere } from './in-process.js';

let dir: string;
let registry: RegistryHere;
let env: Record<string, string>;
const cli = (...args: string[]) => runCliHere(args, { env, cwd: dir });
const getJson = async (path: string) => (await fetch(new URL(path, registry.url))).json();

/** The removal of `email` from User, which checkout-web 1.0.0 reads through GET /users/{id} (operationId getUser). */
const EMAIL_WAIVER = [
  '- rule: response-optional-property-removed',
  '  operation: GET /users/{id}',
  '  consumer: checkout-web',
  '  field: email',
  '  reason: the receipt stops showing the e-mail address in checkout-web 4.2',
  '  expires: 2999-12-31',
];
const STALE_WAIVER = [
  '- rule: response-optional-property-removed',
  '  operation: GET /users/{id}',
  '  field: nickname',
  '  reason: a stale entry',
  '  expires: 2999-12-31',
];

async function writeWaivers(name: string, lines: string[]): Promise<string> {
  await writeFile(join(dir, name), `${lines.join('\n')}\n`);
  return name;
}

/** Publishes users-service at `version` with the contract that drops `email`, and `--waivers` when given. */
function publishRemoval(version: string, ...waivers: string[]) {
  const args = ['--manifest', 'users-service/overseer.yaml', '--contract', 'users-service/openapi.v2.yaml'];
  return cli('publish', ...args, '--version', version, ...(waivers.length > 0 ? ['--waivers', waivers[0]!] : []));
}

const canIDeploy = (version: string) => cli('can-i-deploy', '--service', 'users-service', '--version', version, '--to', 'production', '--format', 'json');

beforeAll(async () => {
  assertBuilt();
  ({ dir, registry, env } = await startExamplesDeployed('overseer-waivers-'));
}, 120_000);

afterAll(async () => {
  await registry?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('waivers at the gate, against a real registry', () => {
  it('refuses the removal without a waiver, and lets it through with a published waiver naming the consumer and field', async () => {
    expect((await publishRemoval('2.0.0')).code).toBe(0);
    const refused = await canIDeploy('2.0.0');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).not.toHaveProperty('waived');

    const waivers = await writeWaivers('waivers.yaml', [...EMAIL_WAIVER, ...STALE_WAIVER]);
    const published = await publishRemoval('2.0.1', waivers);
    expect(published).toMatchObject({ code: 0, stdout: expect.stringContaining('2 waivers') });
    const stored = await getJson('/v1/services/users-service/versions/2.0.1');
    expect(stored.waivers).toEqual([
      expect.objectContaining({ rule: 'response-optional-property-removed', consumer: 'checkout-web', field: 'email', file: 'waivers.yaml', line: 1 }),
      expect.objectContaining({ field: 'nickname', file: 'waivers.yaml', line: 7 }),
    ]);

    const asked = await canIDeploy('2.0.1');
    expect(asked.code, asked.stdout).toBe(0);
    const verdict = JSON.parse(asked.stdout);
    expect(verdict).toMatchObject({ decision: 'deployable', reasons: [] });
    expect(verdict.waived).toEqual([
      expect.objectContaining({
        consumer: 'checkout-web',
        consumerVersion: '1.0.0',
        change: expect.objectContaining({ id: 'response-optional-property-removed', operation: 'GET /users/{id}' }),
        waiver: { reason: 'the receipt stops showing the e-mail address in checkout-web 4.2', expires: '2999-12-31', file: 'waivers.yaml', line: 1 },
      }),
    ]);
    // The stale entry matched nothing: a notice naming its file and line, which refuses nothing.
    expect(verdict.notices).toEqual([expect.objectContaining({ code: 'waiver-unused', file: 'waivers.yaml', line: 7 })]);

    const text = await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.1', '--to', 'production');
    expect(text.stdout).toContain('DEPLOYABLE: users-service 2.0.1 to production (1 change waived)');
    expect(text.stdout).toContain('~ waived for checkout-web 1.0.0: GET /users/{id}');
    expect(text.stdout).toContain('the receipt stops showing the e-mail address in checkout-web 4.2 (until 2999-12-31 24:00 UTC, waivers.yaml:1)');
    expect(text.stdout).toContain('notice: waivers.yaml:7: the waiver of response-optional-property-removed on GET /users/{id} field nickname');
  });

  it('keeps the waivers in the audit trail: the recorded verdict and its dashboard page say what was waived and why', async () => {
    const [latest] = (await getJson('/v1/verdicts?service=users-service&limit=1')).verdicts;
    expect(latest).toMatchObject({ version: '2.0.1', decision: 'deployable' });
    const recorded = await getJson(`/v1/verdicts/${latest.id}`);
    expect(recorded.waived).toHaveLength(1);
    expect(recorded.waived[0].waiver.reason).toBe('the receipt stops showing the e-mail address in checkout-web 4.2');
    expect(recorded.notices).toEqual([expect.objectContaining({ code: 'waiver-unused', line: 7 })]);

    const page = await (await fetch(new URL(`/verdicts/${latest.id}`, registry.url))).text();
    expect(page).toContain('Waived changes (1)');
    expect(page).toContain('the receipt stops showing the e-mail address in checkout-web 4.2');
    // A day holds to its end in UTC: said so, for readers in any time zone.
    expect(page).toContain('<td>2999-12-31 24:00 UTC</td>');
    expect(page).toContain('<code>waivers.yaml:1</code>');
    expect(page).toContain('Waiver notices (1)');
  });

  it('an expired waiver is a notice and waives nothing: the deploy is still refused', async () => {
    const expired = await writeWaivers(
      'expired.yaml',
      EMAIL_WAIVER.map((line) => line.replace('2999-12-31', '2020-01-31')),
    );
    expect((await publishRemoval('2.0.2', expired)).code).toBe(0);
    const asked = await canIDeploy('2.0.2');
    expect(asked.code).toBe(1);
    const verdict = JSON.parse(asked.stdout);
    expect(verdict.decision).toBe('refused');
    expect(verdict.reasons.map((r: { code: string }) => r.code)).toContain('breaks-consumer');
    expect(verdict.waived).toEqual([]);
    expect(verdict.notices).toEqual([
      expect.objectContaining({ code: 'waiver-expired', file: 'expired.yaml', line: 1, message: expect.stringContaining('expired on 2020-01-31') }),
    ]);
  });

  it('check --waivers passes a waived change that check alone blocks', async () => {
    const check = ['check', '--manifest', 'users-service/overseer.yaml', '--contract', 'users-service/openapi.v2.yaml', '--against', 'production'];
    expect((await cli(...check)).code).toBe(1);
    const waived = await cli(...check, '--waivers', 'waivers.yaml', '--format', 'json');
    expect(waived.code, waived.stdout).toBe(0);
    const verdict = JSON.parse(waived.stdout);
    expect(verdict.waived).toEqual([expect.objectContaining({ consumer: 'checkout-web', waiver: expect.objectContaining({ line: 1 }) })]);
    expect(verdict.notices).toEqual([expect.objectContaining({ code: 'waiver-unused', line: 7 })]);
  });

  it('a bad waivers file stops publish and check with exit 2 and its file and line, and publishes nothing', async () => {
    const bad = await writeWaivers('bad.yaml', [...EMAIL_WAIVER.slice(0, 5), '  expires: someday']);
    const published = await publishRemoval('2.0.3', bad);
    expect(published.code).toBe(2);
    expect(published.stderr).toContain('bad.yaml:6: expires "someday" is not a date: write it YYYY-MM-DD');
    expect((await fetch(new URL('/v1/services/users-service/versions/2.0.3', registry.url))).status).toBe(404);
    const checked = await cli('check', '--manifest', 'users-service/overseer.yaml', '--waivers', bad);
    expect(checked.code).toBe(2);
    expect(checked.stderr).toContain('bad.yaml:6:');
  });

  it('the registry refuses waivers of the wrong shape with a 400 naming the field', async () => {
    const contract = 'openapi: 3.0.3\ninfo: { title: t, version: "1" }\npaths: {}\n';
    const waiver = { rule: 'api-path-removed-without-deprecation', operation: 'GET /users', reason: 'r', expires: '2999-12-31', file: 'w.yaml', line: 1 };
    const post = (waivers: unknown) =>
      fetch(new URL('/v1/check', registry.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ service: 'users-service', contract, waivers }),
      });
    const wrongType = await post([{ ...waiver, reason: 42 }]);
    expect(wrongType.status).toBe(400);
    expect((await wrongType.json()).message).toContain('/waivers/0/reason');
    // A day the calendar lacks is refused as the CLI refuses it: it would never expire as its author meant.
    const noSuchDay = await post([{ ...waiver, expires: '2027-02-30' }]);
    expect(noSuchDay.status).toBe(400);
    expect((await noSuchDay.json()).message).toContain('waivers[0] (w.yaml:1): expires "2027-02-30" is neither a day YYYY-MM-DD');
    // So is a date-time without an offset, which names no instant; one with an offset is taken.
    expect((await post([{ ...waiver, expires: '2999-12-31T18:00:00' }])).status).toBe(400);
    expect((await post([{ ...waiver, expires: '2999-12-31T18:00:00+09:00' }])).status).toBe(200);
    const tooMany = await post(Array.from({ length: 501 }, () => waiver));
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).message).toContain('/waivers');
    expect((await post([waiver])).status).toBe(200);
  });
});
