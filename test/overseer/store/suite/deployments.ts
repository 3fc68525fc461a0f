// Store suite: environments, deployments and the consumers they count.

import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../../overseer/store/store.js';
import { declare, seed } from '../builders.js';
import { expectStoreError } from './assertions.js';

export function describeDeployments(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  describe('deployments', () => {
    beforeEach(async () => {
      await seed(store)
        .service('users-service')
        .publish('users-service', '1.0.0')
        .publish('users-service', '1.1.0')
        .service('web-app')
        .publish('web-app', '2.0.0')
        .done();
    });

    it('creates an environment on its first deployment', async () => {
      expect(await store.listEnvironments()).toEqual([]);
      const { status, deployment } = await store.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'staging' });
      expect(status).toBe('created');
      expect(deployment).toMatchObject({ service: 'users-service', version: '1.0.0', environment: 'staging', replacedAt: null });
      await store.recordDeployment({ service: 'web-app', version: '2.0.0', environment: 'production' });
      expect((await store.listEnvironments()).map((e) => e.name)).toEqual(['production', 'staging']);
    });

    it('creates an environment on purpose, once (again is unchanged), before anything is deployed there', async () => {
      const first = await store.createEnvironment('production');
      expect(first).toMatchObject({ status: 'created', environment: { name: 'production' } });
      expect(await store.createEnvironment('production')).toEqual({ status: 'unchanged', environment: first.environment });
      expect(await store.listEnvironments()).toEqual([first.environment]);
      expect(await store.currentDeployments('production')).toEqual([]);
      await expectStoreError(store.createEnvironment('prod env'), 'ERR_ENVIRONMENT_INVALID');
    });

    it('pages what runs in an environment by service, then id, each live version of a service a row', async () => {
      await store.recordDeployment({ service: 'web-app', version: '2.0.0', environment: 'production' });
      await store.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'production' });
      await store.recordDeployment({ service: 'users-service', version: '1.1.0', environment: 'production', mode: 'rolling' });
      await store.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'staging' });
      const all = await store.currentDeployments('production');
      expect(all.map((d) => `${d.service}@${d.version}`)).toEqual(['users-service@1.0.0', 'users-service@1.1.0', 'web-app@2.0.0']);
      const first = await store.pageCurrentDeployments('production', { limit: 2 });
      expect(first).toEqual(all.slice(0, 2));
      // A page may end between two live versions of one service: the next starts at the other.
      expect(await store.pageCurrentDeployments('production', { after: all[0]!.id, limit: 2 })).toEqual(all.slice(1));
      expect(await store.pageCurrentDeployments('production', { after: first[1]!.id, limit: 2 })).toEqual(all.slice(2));
      // The row a cursor names may have been replaced since: the page still starts after it.
      await store.recordDeployment({ service: 'users-service', version: '1.1.0', environment: 'production' });
      expect((await store.pageCurrentDeployments('production', { after: all[0]!.id })).map((d) => `${d.service}@${d.version}`)).toEqual([
        'users-service@1.1.0',
        'web-app@2.0.0',
      ]);
      expect(await store.pageCurrentDeployments('staging', {})).toEqual(await store.currentDeployments('staging'));
    });

    it('refuses an environment that differs from one only in case, also when both are created at once', async () => {
      // Sent together, as two pipelines or two replicas do: a check made before the write let both through on PostgreSQL.
      const asked = await Promise.allSettled(['production', 'Production', 'PRODUCTION'].map((name) => store.createEnvironment(name)));
      expect(asked.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
      const [kept] = await store.listEnvironments();
      expect(await store.listEnvironments()).toHaveLength(1);
      const twin = kept!.name === 'production' ? 'Production' : 'production';
      await expectStoreError(store.createEnvironment(twin), 'ERR_ENVIRONMENT_CONFLICT');
      expect(await store.createEnvironment(kept!.name)).toMatchObject({ status: 'unchanged' });
    });

    it('reads one environment by its name as written', async () => {
      const { environment } = await store.createEnvironment('production');
      await store.createEnvironment('staging');
      expect(await store.getEnvironment('production')).toEqual(environment);
      expect(await store.getEnvironment('Production')).toBeUndefined();
      expect(await store.getEnvironment('prod')).toBeUndefined();
    });

    it('replaces the current version and keeps both in the history', async () => {
      const first = await store.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'production' });
      const second = await store.recordDeployment({ service: 'users-service', version: '1.1.0', environment: 'production' });
      expect(second.status).toBe('created');
      expect(await store.currentDeployment('users-service', 'production')).toEqual(second.deployment);

      const history = await store.deploymentHistory({ service: 'users-service', environment: 'production' });
      expect(history.map((d) => [d.version, d.replacedAt === null])).toEqual([
        ['1.1.0', true],
        ['1.0.0', false],
      ]);
      expect(history[1].id).toBe(first.deployment.id);
      expect(history[1].replacedAt).toBe(second.deployment.deployedAt);
    });

    it("lists only the named services' live versions in an environment, and counts as live the services running somewhere", async () => {
      await store.upsertService({ name: 'auth-service', owners: [] });
      await store.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'production' });
      await store.recordDeployment({ service: 'users-service', version: '1.1.0', environment: 'production', mode: 'rolling' });
      await store.recordDeployment({ service: 'web-app', version: '2.0.0', environment: 'production' });
      const users = await store.currentDeployments('production', ['users-service', 'ghost-service']);
      expect(users.map((d) => [d.service, d.version])).toEqual([
        ['users-service', '1.0.0'],
        ['users-service', '1.1.0'],
      ]);
      expect(await store.currentDeployments('production', [])).toEqual([]);
      const live = await store.findServices({ liveOr: [] });
      expect([live.services.map((s) => s.name), live.matching, live.total]).toEqual([['users-service', 'web-app'], 2, 3]);
      const withRefused = await store.findServices({ liveOr: ['auth-service'], limit: 2 });
      expect([withRefused.services.map((s) => s.name), withRefused.matching]).toEqual([['auth-service', 'users-service'], 3]);
    });

    it('reads the replaced deployments of several services in one read, as their histories list them', async () => {
      const deploy = (service: string, version: string, environment = 'production') => store.recordDeployment({ service, version, environment });
      await deploy('users-service', '1.0.0');
      await deploy('users-service', '1.1.0');
      await deploy('users-service', '1.0.0');
      await deploy('web-app', '2.0.0');
      await deploy('users-service', '1.1.0', 'staging');
      const replaced = await store.listReplacedDeployments('production', ['web-app', 'users-service', 'ghost-service', 'users-service']);
      const history = (await store.deploymentHistory({ service: 'users-service', environment: 'production' })).filter((d) => d.replacedAt !== null);
      expect(replaced).toEqual(history);
      expect(replaced.map((d) => d.version)).toEqual(['1.1.0', '1.0.0']);
      expect(await store.listReplacedDeployments('staging', ['users-service'])).toEqual([]);
      expect(await store.listReplacedDeployments('production', [])).toEqual([]);
    });

    it('records the current version again as one deployment', async () => {
      const first = await store.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'production' });
      const again = await store.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'production' });
      expect(again).toEqual({ status: 'unchanged', deployment: first.deployment });
      expect(await store.deploymentHistory({ service: 'users-service' })).toHaveLength(1);
    });

    it('records a rollback to an earlier version as a new deployment', async () => {
      await store.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'production' });
      await store.recordDeployment({ service: 'users-service', version: '1.1.0', environment: 'production' });
      const back = await store.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'production' });
      expect(back.status).toBe('created');
      expect((await store.currentDeployment('users-service', 'production'))?.version).toBe('1.0.0');
      expect(await store.deploymentHistory({ environment: 'production' })).toHaveLength(3);
    });

    it('keeps environments apart and lists what is deployed in one', async () => {
      await store.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'production' });
      await store.recordDeployment({ service: 'users-service', version: '1.1.0', environment: 'staging' });
      await store.recordDeployment({ service: 'web-app', version: '2.0.0', environment: 'production' });
      const production = await store.currentDeployments('production');
      expect(production.map((d) => [d.service, d.version])).toEqual([
        ['users-service', '1.0.0'],
        ['web-app', '2.0.0'],
      ]);
      expect((await store.currentDeployment('users-service', 'staging'))?.version).toBe('1.1.0');
      expect(await store.currentDeployment('web-app', 'staging')).toBeUndefined();
      expect(await store.currentDeployments('nowhere')).toEqual([]);
      expect(await store.deploymentHistory()).toHaveLength(3);
      expect(await store.deploymentHistory({ limit: 2 })).toHaveLength(2);
    });

    it('reports unknown services, versions and invalid environments', async () => {
      await expectStoreError(store.recordDeployment({ service: 'ghost-service', version: '1.0.0', environment: 'production' }), 'ERR_SERVICE_UNKNOWN');
      await expectStoreError(store.recordDeployment({ service: 'users-service', version: '9.0.0', environment: 'production' }), 'ERR_VERSION_UNKNOWN');
      await expectStoreError(store.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'prod env' }), 'ERR_ENVIRONMENT_INVALID');
      await expectStoreError(store.deploymentHistory({ service: 'ghost-service' }), 'ERR_SERVICE_UNKNOWN');
      expect(await store.listEnvironments()).toEqual([]);
    });
  });

  describe('consumers of a provider', () => {
    const webV1 = declare('web-app', 'users-service', ['GET /users/{id}']);
    const webV2 = declare('web-app', 'users-service', [{ operation: 'GET /users/{id}', response: ['id', 'name'] }]);
    const mobile = declare('mobile-app', 'users-service', '*');

    beforeEach(async () => {
      await seed(store)
        .service('users-service')
        .service('web-app')
        .service('mobile-app')
        .service('admin-app')
        .publish('web-app', '1.0.0', { branch: 'main', declarations: [webV1] })
        .publish('web-app', '2.0.0', { branch: 'feature-z', declarations: [webV2] })
        .publish('mobile-app', '1.0.0', { declarations: [mobile] })
        .publish('admin-app', '1.0.0', { declarations: [declare('admin-app', 'orders-service', '*')] })
        .deploy('web-app', '1.0.0', 'production')
        .deploy('mobile-app', '1.0.0', 'production')
        .deploy('admin-app', '1.0.0', 'production')
        .deploy('web-app', '2.0.0', 'staging')
        .done();
    });

    it('lists the latest declarations of each consumer', async () => {
      expect(await store.listConsumersOf('users-service')).toEqual([
        { consumer: 'mobile-app', version: '1.0.0', declaration: mobile },
        { consumer: 'web-app', version: '2.0.0', declaration: webV2 },
      ]);
      expect((await store.listConsumersOf('users-service', { branch: 'main' })).map((c) => [c.consumer, c.version])).toEqual([['web-app', '1.0.0']]);
    });

    it('lists the declarations of the consumer versions deployed in an environment', async () => {
      expect(await store.listConsumersOf('users-service', { environment: 'production' })).toEqual([
        { consumer: 'mobile-app', version: '1.0.0', declaration: mobile, live: 'deployed' },
        { consumer: 'web-app', version: '1.0.0', declaration: webV1, live: 'deployed' },
      ]);
      expect(await store.listConsumersOf('users-service', { environment: 'staging' })).toEqual([
        { consumer: 'web-app', version: '2.0.0', declaration: webV2, live: 'deployed' },
      ]);
      expect(await store.listConsumersOf('users-service', { environment: 'nowhere' })).toEqual([]);
    });

    it('leaves out a consumer whose counted version no longer declares the provider', async () => {
      await seed(store).publish('web-app', '3.0.0').deploy('web-app', '3.0.0', 'staging').done();
      expect((await store.listConsumersOf('users-service')).map((c) => c.consumer)).toEqual(['mobile-app']);
      expect(await store.listConsumersOf('users-service', { environment: 'staging' })).toEqual([]);
      expect(await store.listConsumersOf('billing-service')).toEqual([]);
    });

    it('lists the same consumers with their uses as the JSON text published, for the gate to parse off the event loop', async () => {
      const read = async (scope?: Parameters<Store['listConsumerTexts']>[1]) =>
        (await store.listConsumerTexts('users-service', scope)).map((row) => {
          expect(typeof row.uses).toBe('string');
          return { ...row, uses: JSON.parse(row.uses) as unknown };
        });
      expect(await read({ environment: 'production' })).toEqual([
        { consumer: 'mobile-app', version: '1.0.0', uses: '*', live: 'deployed' },
        { consumer: 'web-app', version: '1.0.0', uses: webV1.uses, live: 'deployed' },
      ]);
      expect(await read()).toEqual([
        { consumer: 'mobile-app', version: '1.0.0', uses: '*' },
        { consumer: 'web-app', version: '2.0.0', uses: webV2.uses },
      ]);
      expect(await read({ branch: 'main' })).toEqual([{ consumer: 'web-app', version: '1.0.0', uses: webV1.uses }]);
      expect(await read({ environment: 'nowhere' })).toEqual([]);
      expect(await store.listConsumerTexts('billing-service')).toEqual([]);
    });

    it('lists the same consumer versions without their texts, and reads the texts of the versions asked for alone', async () => {
      for (const scope of [{ environment: 'production' }, {}, { branch: 'main' }, { environment: 'nowhere' }]) {
        const texts = await store.listConsumerTexts('users-service', scope);
        expect(await store.listConsumerEntries('users-service', scope)).toEqual(texts.map(({ uses: _uses, ...entry }) => entry));
      }
      // In the order asked, a version asked twice twice; one that declares nothing of the provider has no text.
      const asked = [
        { consumer: 'web-app', version: '2.0.0' },
        { consumer: 'mobile-app', version: '1.0.0' },
        { consumer: 'web-app', version: '1.0.0' },
        { consumer: 'web-app', version: '2.0.0' },
        { consumer: 'web-app', version: '9.9.9' },
      ];
      const read = await store.readConsumerTexts('users-service', asked);
      expect(read.map((text) => text && (JSON.parse(text) as unknown))).toEqual([webV2.uses, '*', webV1.uses, webV2.uses, undefined]);
      expect(await store.readConsumerTexts('billing-service', asked.slice(0, 1))).toEqual([undefined]);
      expect(await store.readConsumerTexts('users-service', [])).toEqual([]);
    });

    it('moves the use generation with every write that changes a listing, and only then', async () => {
      const listing = async () => [await store.listConsumerTexts('users-service'), await store.listConsumerTexts('users-service', { environment: 'staging' })];
      const seen = [await store.readUseGeneration()];
      const expectMoved = async (moved: boolean) => {
        const now = await store.readUseGeneration();
        expect(now !== seen.at(-1)).toBe(moved);
        seen.push(now);
      };
      const before = await listing();
      await store.upsertService({ name: 'web-app', owners: ['@acme/web'] });
      await store.recordVerdict({ decision: 'deployable', deployable: true, service: 'web-app', version: '1.0.0', environment: 'staging', reasons: [] }, 'ci');
      await expectMoved(false);
      expect(await listing()).toEqual(before);
      await seed(store)
        .publish('web-app', '3.0.0', { declarations: [webV1] })
        .done();
      await expectMoved(true);
      await store.recordDeployment({ service: 'web-app', version: '3.0.0', environment: 'staging' });
      await expectMoved(true);
      await store.endDeployment({ service: 'web-app', version: '3.0.0', environment: 'staging' });
      await expectMoved(true);
      expect(await listing()).toEqual([[before[0][0], { consumer: 'web-app', version: '3.0.0', uses: JSON.stringify(webV1.uses) }], []]);
      await expectMoved(false);
      expect(new Set(seen).size).toBe(4);
    });

    it("moves an environment's generation with its own deployments only, and the latest scope's with a new latest version only", async () => {
      const scopes = { production: { environment: 'production' }, staging: { environment: 'staging' }, latest: {}, main: { branch: 'main' } } as const;
      type Name = keyof typeof scopes;
      const read = async () =>
        Object.fromEntries(await Promise.all(Object.entries(scopes).map(async ([name, scope]) => [name, await store.readScopeGeneration(scope)]))) as Record<
          Name,
          number
        >;
      let seen = await read();
      const expectMoved = async (...moved: Name[]) => {
        const now = await read();
        const changed = (Object.keys(scopes) as Name[]).filter((name) => now[name] !== seen[name]);
        expect(changed, 'the scopes whose generation moved').toEqual(moved);
        seen = now;
      };
      const listings = async () => [
        await store.currentDeployments('production'),
        await store.listConsumersOf('users-service'),
        await store.listLatestVersions(),
      ];
      const before = await listings();
      await store.upsertService({ name: 'web-app', owners: ['@acme/web'] });
      await store.createEnvironment('qa');
      await expectMoved();
      // A version older than the latest: no listing of any scope but the use generation's can change.
      await seed(store)
        .publish('web-app', '0.9.0', { branch: 'main', declarations: [webV1] })
        .done();
      await expectMoved('main');
      expect(await listings()).toEqual(before);
      await seed(store)
        .publish('web-app', '3.0.0', { declarations: [webV1] })
        .done();
      await expectMoved('latest', 'main');
      await store.recordDeployment({ service: 'web-app', version: '3.0.0', environment: 'production' });
      await expectMoved('production', 'main');
      await store.recordDeployment({ service: 'web-app', version: '3.0.0', environment: 'production' });
      await expectMoved();
      await store.endDeployment({ service: 'web-app', version: '3.0.0', environment: 'production' });
      await expectMoved('production', 'main');
      await store.recordDeployment({ service: 'web-app', version: '3.0.0', environment: 'staging' });
      await expectMoved('staging', 'main');
      expect(await store.readScopeGeneration({ environment: 'nowhere' })).toBe(await store.readScopeGeneration({ environment: 'qa' }));
    });
  });
}
