// Lock order on PostgreSQL: publications, deployments, rollbacks, API claims and the edits they make to deployed
// versions all move generation rows at commit (migrations 11, 14, 15, 20, 21). Two writers taking two of them in
// opposite orders deadlock: PostgreSQL waits deadlock_timeout (a second), aborts one with 40P01, and the store runs it
// again, so the only trace the user has is a stalled write. This runs them at once, on two replicas, many times, and
// counts every 40P01 PostgreSQL answered. The order holds because deferred triggers fire at commit, after every
// advisory and row lock the body takes, in the order of the events: services, an environment's deployments, uses,
// version edits, latest versions. (A deployment made to move the latest versions' row first: 41 deadlocks in 25 rounds.)

import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import type { Declaration } from '../../../contracts/index.js';
import { openPostgresStore } from '../../../overseer/store/postgres/index.js';
import { isStoreError, type NotificationInput, type Store } from '../../../overseer/store/store.js';
import { usePostgres } from '../../helpers/use-postgres.js';
import { makeContract, makeVerdict } from './builders.js';

const cluster = usePostgres();

// Every statement of a transaction goes through Client#query (the pool's own queries too): the deadlocks it was told of.
type Query = (this: pg.Client, ...args: unknown[]) => unknown;
const prototype = pg.Client.prototype as unknown as { query: Query };
const query = prototype.query;
let deadlocks = 0;
const counted = (error: unknown) => {
  if ((error as { code?: unknown } | null)?.code === '40P01') deadlocks++;
};
prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const last = args.at(-1);
  if (typeof last === 'function') {
    args[args.length - 1] = (error: unknown, ...rest: unknown[]) => {
      counted(error);
      return (last as (...a: unknown[]) => unknown)(error, ...rest);
    };
  }
  const answer = query.apply(this, args);
  if (answer instanceof Promise) answer.catch(counted);
  return answer;
};
afterAll(() => {
  prototype.query = query;
});

const ROUNDS = 25;
const ENVIRONMENTS = ['production', 'staging'];
const note = (key: string): NotificationInput => ({ key, event: 'deployment', channel: 'slack', target: '#deploys', payload: { key } });
const uses = (provider: string): Declaration => ({ consumer: 'web-app', provider, uses: '*' });

/** users-service provides users-api (and accounts-api every other round); web-app declares both API names. */
async function setUp(store: Store): Promise<void> {
  await store.upsertService({ name: 'users-service', owners: ['@acme/users'] });
  await store.upsertService({ name: 'web-app', owners: ['@acme/web'] });
  await store.publishVersion({ service: 'users-service', version: '1.0.0', contract: makeContract(['/users/{id}']), providesApis: ['users-api'] });
  await store.publishVersion({ service: 'web-app', version: '1.0.0', declarations: [uses('users-api'), uses('accounts-api')] });
  for (const environment of ENVIRONMENTS) {
    await store.recordDeployment({ service: 'users-service', version: '1.0.0', environment });
    await store.recordDeployment({ service: 'web-app', version: '1.0.0', environment });
  }
}

/** One round's writers, half on each replica: every verb that takes more than one generation row, and a few that take one. */
function round(n: number, [a, b]: [Store, Store]): Promise<unknown>[] {
  const version = `1.${n}.0`;
  const previous = `1.${n - 1}.0`;
  const environment = ENVIRONMENTS[n % 2];
  return [
    // A publication that describes its service and claims or releases accounts-api: the claim rewrites web-app's
    // deployed declarations (version edits), the version moves the latest versions.
    a.publishVersion({
      service: 'users-service',
      version,
      contract: makeContract(['/users/{id}', `/round/${n}`]),
      describe: { owners: ['@acme/users'], slack: `#users-${n}` },
      providesApis: n % 2 === 0 ? ['users-api', 'accounts-api'] : ['users-api'],
    }),
    b.publishVersion({ service: 'web-app', version, declarations: [uses('users-api'), uses('accounts-api'), uses(`new-provider-${n}`)] }),
    a.recordDeployment({ service: 'web-app', version: previous, environment }, (r) => [note(`web ${r.deployment.id}`)]),
    b.recordDeployment({ service: 'users-service', version: previous, environment: 'production', mode: 'rolling' }),
    // A rollback: staging goes back to 1.0.0, then the rolling version ends.
    b.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'staging' }),
    // Before or after the rolling deployment it ends commits: when before, there is nothing to end yet.
    a.endDeployment({ service: 'users-service', version: previous, environment: 'production' }).catch((error: unknown) => {
      if (!isStoreError(error) || error.code !== 'ERR_DEPLOYMENT_UNKNOWN') throw error;
    }),
    b.upsertService({ name: 'web-app', owners: ['@acme/web'], slack: `#web-${n}` }),
    a.recordVerdict(makeVerdict('web-app', previous, environment, n % 3 !== 0), 'ci', (v) => [note(`verdict ${v.id}`)]),
    b.recordObservedCalls([
      { consumer: 'web-app', provider: 'users-service', operation: 'GET /users/{id}', environment, count: 1, firstSeen: SEEN, lastSeen: SEEN },
    ]),
  ];
}
const SEEN = '2026-01-10T10:00:00.000Z';

it('publishes, deploys, rolls back and claims APIs at once on two replicas without a deadlock', async () => {
  const url = await cluster().createDatabase();
  const replicas: [Store, Store] = [await openPostgresStore(url), await openPostgresStore(url)];
  try {
    await setUp(replicas[0]);
    // The first round deploys the 1.0.0 each service has; later ones the version the round before published.
    const outcomes = [];
    for (let n = 1; n <= ROUNDS; n++) outcomes.push(...(await Promise.allSettled(round(n, replicas))));
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(deadlocks, 'transactions PostgreSQL aborted as deadlocked (then run again)').toBe(0);
    // The writes happened: the last round's versions are published and the declarations follow the claims.
    expect((await replicas[1].getVersion('web-app', `1.${ROUNDS}.0`))?.version).toBe(`1.${ROUNDS}.0`);
    expect((await replicas[1].currentDeployment('web-app', ENVIRONMENTS[ROUNDS % 2]))?.version).toBe(`1.${ROUNDS - 1}.0`);
  } finally {
    await Promise.all(replicas.map((s) => s.close()));
  }
});
