// can-i-deploy on PostgreSQL reads what one ask needs in a number of round trips that does not grow with the providers
// the candidate declares or the versions live of each: one at a time, a leaf with six providers cost about forty, and
// every contract text the pool lacked was one more. The statements are counted on the client's connections to this
// file's database (every other query passes by uncounted); the verdicts are the gate's as its other tests check them.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import { openPostgresStore } from '../../../overseer/store/postgres/index.js';
import type { Store } from '../../../overseer/store/store.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { reusedWorkPool } from '../../helpers/app-work.js';
import { logStatements, type StatementLog } from '../../helpers/postgres-statements.js';
import { usePostgres } from '../../helpers/use-postgres.js';
import { USERS_V1, USERS_V2_BREAKING } from './fixtures.js';
import { type Harness, sendTo } from './harness.js';

const cluster = usePostgres();
const PROVIDERS = 6;
const provider = (i: number) => `round-trip-provider-${i}`;
// Each provider's contract its own (its title names it): no thread of the pool has parsed it before this file.
const contractOf = (i: number, text = USERS_V1) => text.replace('title: users-service', `title: ${provider(i)}`);
const readsId = (consumer: string, providers: number) =>
  Array.from({ length: providers }, (_, i) => ({ consumer, provider: provider(i), uses: [{ operation: 'getUser', response: ['id'] }] }));

const readsEmailOfLast = (consumer: string) => [
  ...readsId(consumer, PROVIDERS - 1),
  { consumer, provider: provider(PROVIDERS - 1), uses: [{ operation: 'getUser', response: ['email'] }] },
];

describe('the round trips of one can-i-deploy on PostgreSQL', () => {
  let store: Store;
  let app: FastifyInstance;
  let send: Harness['send'];
  let statements: StatementLog | undefined;

  /** The gate's answer on `service` 1.1.0 in production, its first ask (nothing kept from another), and the statements it sent. */
  async function ask(service: string): Promise<{ decision: string; broken: string[]; statements: string[] }> {
    const { value, statements: sent } = await statements!.during(() => app.inject(`/v1/can-i-deploy?service=${service}&version=1.1.0&environment=production`));
    expect(value.statusCode, value.body).toBe(200);
    const verdict = value.json() as { decision: string; reasons: { code: string; provider?: string }[] };
    const broken = verdict.reasons.filter((r) => r.code !== 'deployable' && r.provider).map((r) => `${r.code}:${r.provider}`);
    return { decision: verdict.decision, broken, statements: sent };
  }

  const ok = async (res: Promise<{ statusCode: number; body: string }>) => expect((await res).statusCode, (await res).body).toBeLessThan(300);
  const deploy = (service: string, version: string, mode?: string) =>
    ok(send('POST', '/v1/deployments', { service, version, environment: 'production', ...(mode && { mode }) }));

  beforeAll(async () => {
    const url = await cluster().createDatabase();
    statements = logStatements(url);
    store = await openPostgresStore(url);
    const config = parseConfig({ db: 'unused.db' }, {});
    app = buildApp({ config, store, schemaController: reusedSchemaController(), work: reusedWorkPool(config, {}) });
    send = sendTo(app);
    await ok(send('POST', '/v1/environments', { name: 'production' }));
    for (let i = 0; i < PROVIDERS; i++) {
      await ok(
        send('POST', `/v1/services/${provider(i)}/versions`, { version: '1.0.0', branch: 'main', contract: contractOf(i), service: { owners: ['@acme/p'] } }),
      );
      await deploy(provider(i), '1.0.0');
    }
    // More versions live of the last providers: one rolling out beside the deployed one, and it drops `email`.
    for (let i = 2; i < PROVIDERS; i++) {
      await ok(send('POST', `/v1/services/${provider(i)}/versions`, { version: '1.1.0', branch: 'main', contract: contractOf(i, USERS_V2_BREAKING) }));
      await deploy(provider(i), '1.1.0', 'rolling');
    }
    for (const [leaf, declarations] of [
      ['leaf-alone', []],
      ['leaf-narrow', readsId('leaf-narrow', 1)],
      ['leaf-wide', readsId('leaf-wide', PROVIDERS)],
      ['leaf-breaking', readsEmailOfLast('leaf-breaking')],
    ] as const) {
      await ok(send('POST', `/v1/services/${leaf}/versions`, { version: '1.0.0', declarations: readsId(leaf, 1), service: { owners: ['@acme/leaf'] } }));
      await deploy(leaf, '1.0.0');
      await ok(send('POST', `/v1/services/${leaf}/versions`, { version: '1.1.0', declarations }));
    }
  }, 120_000);

  afterAll(async () => {
    statements?.stop();
    await app?.close();
    await store?.close();
  });

  it('sends as many statements for six providers, four of them with two versions live, as for one, and each contract text once', async () => {
    // The environment's own reads (the misdirected consumers' listing), kept for every ask after, are made here.
    expect((await ask('leaf-alone')).decision).toBe('deployable');
    const narrow = await ask('leaf-narrow');
    const wide = await ask('leaf-wide');
    expect([narrow.decision, wide.decision]).toEqual(['deployable', 'deployable']);
    expect(wide.statements.length).toBe(narrow.statements.length);
    // Every provider's contract, new to the pool, is read in one statement; none twice.
    const contractReads = wide.statements.filter((sql) => /FROM contracts/.test(sql));
    expect(contractReads).toHaveLength(1);

    // The versions rolling out are judged against too: the leaf that reads `email` of the last provider is refused for it.
    const breaking = await ask('leaf-breaking');
    expect(breaking.decision).toBe('refused');
    expect(breaking.broken.some((reason) => reason.endsWith(`:${provider(PROVIDERS - 1)}`))).toBe(true);
    expect(breaking.statements.length).toBeLessThanOrEqual(wide.statements.length);
  });

  it('on a branch, and on every latest version, sends as many statements for six providers as for one', async () => {
    for (const branch of ['main', undefined]) {
      /** The check of a candidate that declares `declarations`, against the providers' latest versions (on `branch`). */
      const check = async (service: string, declarations: ReturnType<typeof readsId>) => {
        const sent = await statements!.during(() => send('POST', '/v1/check', { service, declarations, ...(branch && { branch }) }));
        expect(sent.value.statusCode, sent.value.body).toBe(200);
        return { decision: (sent.value.json() as { decision: string }).decision, statements: sent.statements.length };
      };
      // The scope's own reads, kept for every ask after, are made here.
      await check('leaf-alone', []);
      const narrow = await check('leaf-narrow', readsId('leaf-narrow', 1));
      const wide = await check('leaf-wide', readsId('leaf-wide', PROVIDERS));
      // The latest versions drop `email`: the leaf reading it is refused, so the providers' latest were read indeed.
      const breaking = await check('leaf-breaking', readsEmailOfLast('leaf-breaking'));
      expect([narrow.decision, wide.decision, breaking.decision]).toEqual(['deployable', 'deployable', 'refused']);
      expect(wide.statements).toBe(narrow.statements);
    }
  });
});
