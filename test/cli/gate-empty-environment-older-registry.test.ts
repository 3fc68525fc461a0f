// A registry from before round 25 answers a yes about an environment where nothing was ever deployed with no
// `environment-empty` notice, and the CLI had stopped looking for itself: upgraded apart from its registry, it printed
// a plain DEPLOYABLE that judged nobody. Such a registry is played by a loopback proxy in front of a real one that takes
// that notice out of the verdicts, as its answers were (test/helpers/older-registry.ts); the CLI must then look, and
// say it in every format.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';
import { startOlderRegistry } from '../helpers/older-registry.js';

const session = useRegistry({
  name: 'gate-empty-environment-older-registry',
  setup: [
    ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0'],
    ['publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.0'],
    ['environment', 'create', 'production'],
    ['environment', 'create', 'staging'],
    ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'],
    ['record-deployment', '--service', 'checkout-web', '--version', '1.0.0', '--env', 'production'],
  ],
});

let older: { url: string; asked: string[]; close(): Promise<void> };
let olderUrl: string;
// The same registry as it answers today, watched on the wire by the same proxy passing everything.
let current: { url: string; asked: string[]; close(): Promise<void> };

beforeAll(async () => {
  older = await startOlderRegistry(session.registry.url);
  olderUrl = older.url;
  current = await startOlderRegistry(session.registry.url, { older: false });
});

afterAll(async () => {
  await older?.close();
  await current?.close();
});

const NOTE =
  'no deployment is recorded in staging, so no consumer was judged there: if staging is right, record what runs ' +
  'there with overseer record-deployment --env staging; services are recorded in production';

describe('a newer CLI asking an older registry about an environment where nothing runs', () => {
  it('still says that nobody was judged there, in text and JSON, for can-i-deploy and check --against', async () => {
    const ask = (...more: string[]) =>
      session.cli('can-i-deploy', '--registry', olderUrl, '--service', 'users-service', '--version', '1.0.0', '--to', 'staging', ...more);
    const plain = await ask();
    expect(plain).toMatchObject({
      code: 0,
      stdout: `DEPLOYABLE: users-service 1.0.0 to staging (nobody judged: no deployment is recorded there, below)\n  notice: ${NOTE}\n`,
    });
    const json = await ask('--format', 'json');
    expect(JSON.parse(json.stdout)).toMatchObject({ decision: 'deployable', notices: [{ code: 'environment-empty', message: NOTE }] });

    const checked = await session.cli('check', '--registry', olderUrl, '--manifest', 'examples/users-service/overseer.yaml', '--against', 'staging');
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toContain(`notice: ${NOTE}`);
  });

  it('says nothing of the kind where services run, having read one row of history to learn it', async () => {
    older.asked.length = 0;
    const fine = await session.cli('can-i-deploy', '--registry', olderUrl, '--service', 'users-service', '--version', '1.0.0', '--to', 'production');
    expect(fine.code).toBe(0);
    expect(fine.stdout).toBe('DEPLOYABLE: users-service 1.0.0 to production (nothing deployed there is affected)\n');
    expect(older.asked).toEqual(['POST /v1/can-i-deploy', 'GET /v1/deployments?environment=production&limit=1']);
  });
});

describe('a CLI asking a current registry', () => {
  it('asks nothing more after a clean yes: the registry says it gives the notice itself', async () => {
    const ask = (...more: string[]) => session.cli('can-i-deploy', '--registry', current.url, '--service', 'users-service', '--version', '1.0.0', ...more);
    const fine = await ask('--to', 'production');
    expect(fine).toMatchObject({ code: 0, stdout: 'DEPLOYABLE: users-service 1.0.0 to production (nothing deployed there is affected)\n' });
    const checked = await session.cli('check', '--registry', current.url, '--manifest', 'examples/users-service/overseer.yaml', '--against', 'production');
    expect(checked.code, checked.stderr).toBe(0);
    // check of a manifest reads the service's record (is its name misspelled?), and no history.
    expect(current.asked).toEqual(['POST /v1/can-i-deploy', 'POST /v1/check', 'GET /v1/services/users-service']);
    // Where nobody was judged, the registry's own notice says it, with no read more either.
    current.asked.length = 0;
    const empty = await ask('--to', 'staging', '--format', 'json');
    expect(JSON.parse(empty.stdout)).toMatchObject({ decision: 'deployable', notices: [{ code: 'environment-empty', message: NOTE }] });
    expect(current.asked).toEqual(['POST /v1/can-i-deploy']);
  });
});
