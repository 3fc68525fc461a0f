// Store suite: services, publishing versions and their order.

import { beforeEach, describe, expect, it } from 'vitest';
import { contractFromBytes, encodeOwnUtf8 } from '../../../../overseer/store/contract-bytes.js';
import type { Store } from '../../../../overseer/store/store.js';
import { declare, makeContract, seed, sha256 } from '../builders.js';
import { expectStoreError } from './assertions.js';

const USERS_V1 = makeContract(['/users/{id}']);
const USERS_V2 = makeContract(['/users/{id}', '/users']);
const GIT_SHAS = ['f3c1a9e', '0a1b2c3', '9d4e5f6', 'c0ffee1'];

export function describeCatalog(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  describe('services', () => {
    it('creates, keeps and updates a service, clearing absent optional fields', async () => {
      const first = await store.upsertService({ name: 'users-service', owners: ['@acme/users'], slack: '#users', repository: 'acme/users' });
      expect(first.status).toBe('created');
      expect(first.service).toMatchObject({ name: 'users-service', owners: ['@acme/users'], slack: '#users', repository: 'acme/users' });

      const again = await store.upsertService({ name: 'users-service', owners: ['@acme/users'], slack: '#users', repository: 'acme/users' });
      expect(again.status).toBe('unchanged');

      const updated = await store.upsertService({ name: 'users-service', owners: ['@acme/users', '@alice'] });
      expect(updated.status).toBe('updated');
      expect(updated.service.createdAt).toBe(first.service.createdAt);
      expect(await store.getService('users-service')).toEqual(updated.service);
      expect(updated.service).not.toHaveProperty('slack');
      expect(updated.service).not.toHaveProperty('repository');
    });

    it('keeps whom Slack mentions for a service, and a new mention is an update', async () => {
      await store.upsertService({ name: 'users-service', owners: ['@acme/users'], slackMention: 'S0USERS' });
      expect(await store.getService('users-service')).toMatchObject({ slackMention: 'S0USERS' });
      expect((await store.upsertService({ name: 'users-service', owners: ['@acme/users'], slackMention: 'S0USERS' })).status).toBe('unchanged');
      const changed = await store.upsertService({ name: 'users-service', owners: ['@acme/users'], slackMention: 'U0ALICE' });
      expect(changed).toMatchObject({ status: 'updated', service: { slackMention: 'U0ALICE' } });
      expect((await store.listServices())[0].slackMention).toBe('U0ALICE');
    });

    it('keeps the host names a service is reached at, replaced as a whole, and refuses what is no host name', async () => {
      const hosts = ['users.internal', 'users.example.com'];
      const created = await store.upsertService({ name: 'users-service', owners: ['@acme/users'], hosts });
      expect(created.service.hosts).toEqual(hosts);
      expect((await store.upsertService({ name: 'users-service', owners: ['@acme/users'], hosts })).status).toBe('unchanged');
      const fewer = await store.upsertService({ name: 'users-service', owners: ['@acme/users'], hosts: ['users.internal'] });
      expect(fewer).toMatchObject({ status: 'updated', service: { hosts: ['users.internal'] } });
      const cleared = await store.upsertService({ name: 'users-service', owners: ['@acme/users'] });
      expect(cleared.status).toBe('updated');
      expect((await store.listServices())[0]).not.toHaveProperty('hosts');
      for (const bad of [
        ['https://users.internal'],
        ['users.internal:8080'],
        ['Users.Internal'],
        ['a', 'a'],
        Array.from({ length: 51 }, (_, i) => `h${i}.internal`),
      ]) {
        await expectStoreError(store.upsertService({ name: 'users-service', owners: [], hosts: bad }), 'ERR_SERVICE_INVALID');
      }
    });

    it('refuses a host another service lists, on its own and in a publication, and lets one of eight simultaneous claims win', async () => {
      await store.upsertService({ name: 'users-service', owners: ['@acme/users'], hosts: ['users.internal', 'users.example.com'] });
      const taken = { code: 'ERR_SERVICE_HOST_TAKEN', details: { host: 'users.example.com', service: 'users-service' } };
      await expect(store.upsertService({ name: 'orders-service', owners: ['@acme/orders'], hosts: ['users.example.com'] })).rejects.toMatchObject(taken);
      expect(await store.getService('orders-service')).toBeUndefined();
      const describe = { owners: ['@acme/orders'], hosts: ['orders.internal', 'users.example.com'] };
      await expect(store.publishVersion({ service: 'orders-service', describe, version: '1.0.0', contract: USERS_V1 })).rejects.toMatchObject(taken);
      expect(await store.getService('orders-service')).toBeUndefined();
      // The owner may keep, reorder or drop its own hosts; once dropped, another service may list them.
      expect((await store.upsertService({ name: 'users-service', owners: ['@acme/users'], hosts: ['users.example.com'] })).status).toBe('updated');
      expect((await store.upsertService({ name: 'orders-service', owners: ['@acme/orders'], hosts: ['users.internal'] })).status).toBe('created');

      // Connections opened first (PostgreSQL), so that the claims run side by side rather than one per new connection.
      await Promise.all(Array.from({ length: 8 }, () => store.listServices()));
      const claims = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => store.upsertService({ name: `claimant-${i}`, owners: ['@acme/x'], hosts: ['shared.internal'] })),
      );
      expect(claims.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
      expect(claims.find((c) => c.status === 'rejected')).toMatchObject({ reason: { code: 'ERR_SERVICE_HOST_TAKEN' } });
      expect((await store.listServices()).filter((s) => s.hosts?.includes('shared.internal'))).toHaveLength(1);
    });

    it('lists services by name and finds nothing for an unknown name', async () => {
      await seed(store).service('orders-service').service('auth-service').service('users-service').done();
      expect((await store.listServices()).map((s) => s.name)).toEqual(['auth-service', 'orders-service', 'users-service']);
      expect(await store.getService('ghost-service')).toBeUndefined();
    });

    it("lists each service's first owner by name, without the rest of its record", async () => {
      await store.upsertService({ name: 'users-service', owners: ['@acme/users', '@acme/platform'] });
      await store.upsertService({ name: 'auth-service', owners: [] });
      await store.upsertService({ name: 'orders-service', owners: ['@acme/orders'] });
      expect(await store.listServiceOwners()).toEqual([
        { name: 'auth-service' },
        { name: 'orders-service', owner: '@acme/orders' },
        { name: 'users-service', owner: '@acme/users' },
      ]);
    });

    it('moves the service generation with every write of a service record, and only then', async () => {
      const seen = [await store.readServiceGeneration()];
      const expectMoved = async (moved: boolean) => {
        const now = await store.readServiceGeneration();
        expect(now !== seen.at(-1), `the service generation ${moved ? 'moved' : 'stayed'}`).toBe(moved);
        seen.push(now);
      };
      await store.upsertService({ name: 'users-service', owners: ['@acme/users'] });
      await expectMoved(true);
      await store.upsertService({ name: 'users-service', owners: ['@acme/users'] });
      await seed(store)
        .publish('users-service', '1.0.0', { contract: makeContract(['/users']) })
        .done();
      await expectMoved(false);
      await store.upsertService({ name: 'users-service', owners: ['@acme/identity'] });
      await expectMoved(true);
      expect(await store.listServiceOwners()).toEqual([{ name: 'users-service', owner: '@acme/identity' }]);
      await store.publishVersion({ service: 'orders-service', version: '1.0.0', describe: { owners: ['@acme/orders'] } });
      await expectMoved(true);
    });

    it("lists each service's latest version, the one the edges without a scope are read from", async () => {
      await seed(store)
        .service('users-service')
        .service('web-app')
        .publish('users-service', '1.0.0')
        .publish('users-service', '1.10.0')
        .publish('users-service', '1.9.0')
        .publish('web-app', '2.0.0')
        .service('auth-service')
        .done();
      expect(await store.listLatestVersions()).toEqual([
        { service: 'users-service', version: '1.10.0' },
        { service: 'web-app', version: '2.0.0' },
      ]);
    });

    it('pages the services by name, filtered by a name or owner containing the text in any case, and counts them', async () => {
      await store.upsertService({ name: 'users-service', owners: ['@acme/Identity', '@acme/platform'] });
      await store.upsertService({ name: 'auth-service', owners: [] });
      await store.upsertService({ name: 'orders-service', owners: ['@acme/orders'] });
      await store.upsertService({ name: 'identity-web', owners: ['@acme/web'] });
      const names = (page: { services: { name: string }[] }) => page.services.map((s) => s.name);
      const all = await store.findServices();
      expect(all).toMatchObject({ matching: 4, total: 4 });
      expect(all.services).toEqual(await store.listServices());
      const identity = await store.findServices({ text: ' IDENTITY ' });
      expect([names(identity), identity.matching, identity.total]).toEqual([['identity-web', 'users-service'], 2, 4]);
      expect(names(await store.findServices({ offset: 1, limit: 2 }))).toEqual(['identity-web', 'orders-service']);
      const second = await store.findServices({ text: 'service', offset: 2, limit: 2 });
      expect([names(second), second.matching]).toEqual([['users-service'], 3]);
      const chosen = await store.findServices({ names: ['users-service', 'ghost-service', 'auth-service'] });
      expect([names(chosen), chosen.matching]).toEqual([['auth-service', 'users-service'], 2]);
      const both = await store.findServices({ names: ['users-service', 'auth-service'], text: 'platform' });
      expect([names(both), both.matching]).toEqual([['users-service'], 1]);
      expect(await store.findServices({ text: '%' })).toMatchObject({ services: [], matching: 0, total: 4 });
      expect(await store.findServices({ names: [] })).toMatchObject({ services: [], matching: 0 });
    });

    it('refuses names that are not kebab-case and owners that are not strings', async () => {
      await expectStoreError(store.upsertService({ name: 'Users_Service', owners: [] }), 'ERR_SERVICE_INVALID');
      await expectStoreError(store.upsertService({ name: 'users', owners: [''] }), 'ERR_SERVICE_INVALID');
      expect(await store.listServices()).toEqual([]);
    });
  });

  describe('publishing versions', () => {
    beforeEach(async () => {
      await seed(store).service('users-service').service('web-app').done();
    });

    it('creates a version, then treats the same content as unchanged', async () => {
      const declarations = [declare('web-app', 'users-service', ['GET /users/{id}']), declare('web-app', 'orders-service', '*')];
      const input = { service: 'web-app', version: '1.0.0', branch: 'main', commit: 'abc123', contract: USERS_V1, declarations };
      const created = await store.publishVersion(input);
      expect(created.status).toBe('created');
      expect(created.version).toMatchObject({ service: 'web-app', version: '1.0.0', branches: ['main'], commit: 'abc123', contractHash: USERS_V1.hash });

      // Another order of providers and other manifest lines are the same content.
      const reordered = [declare('web-app', 'orders-service', '*'), declare('web-app', 'users-service', [{ operation: 'GET /users/{id}', line: 12 }])];
      const again = await store.publishVersion({ ...input, declarations: reordered });
      expect(again).toEqual({ status: 'unchanged', version: created.version });
      expect(await store.listVersions('web-app')).toHaveLength(1);
    });

    it('creates the service with its first version in one transaction, and leaves nothing when the publication fails', async () => {
      const describe = { owners: ['@acme/orders'], slack: '#orders' };
      const created = await store.publishVersion({ service: 'orders-service', describe, version: '1.0.0', contract: USERS_V1 });
      expect(created.status).toBe('created');
      expect(await store.getService('orders-service')).toMatchObject({ name: 'orders-service', ...describe });

      // A conflict found inside the transaction, after the description was written: the description is rolled back with it.
      const before = await store.getService('orders-service');
      const conflict = store.publishVersion({ service: 'orders-service', describe: { owners: ['@someone-else'] }, version: '1.0.0', contract: USERS_V2 });
      await expectStoreError(conflict, 'ERR_VERSION_CONFLICT');
      expect(await store.getService('orders-service')).toEqual(before);
    });

    it('keeps who published a version first, and nothing for a version published without a name', async () => {
      const first = await store.publishVersion({ service: 'web-app', version: '1.0.0', publisher: 'release-bot', contract: USERS_V1 });
      expect(first.version.publisher).toBe('release-bot');
      // Publishing again is idempotent: the first publisher stays.
      await store.publishVersion({ service: 'web-app', version: '1.0.0', publisher: 'someone-else', contract: USERS_V1 });
      expect((await store.getVersion('web-app', '1.0.0'))?.publisher).toBe('release-bot');
      await store.publishVersion({ service: 'web-app', version: '1.0.1', contract: USERS_V1 });
      const listed = await store.listVersions('web-app');
      expect(listed.map((v) => v.publisher)).toEqual(['release-bot', undefined]);
      expect(listed[1]).not.toHaveProperty('publisher');
    });

    it('rejects the same version with another contract, no contract, or other declarations', async () => {
      const declarations = [declare('users-service', 'auth-service', ['POST /tokens'])];
      await store.publishVersion({ service: 'users-service', version: '1.0.0', contract: USERS_V1, declarations });

      const contract = await expectStoreError(
        store.publishVersion({ service: 'users-service', version: '1.0.0', contract: USERS_V2, declarations }),
        'ERR_VERSION_CONFLICT',
      );
      expect(contract.details).toMatchObject({ service: 'users-service', version: '1.0.0', differs: 'contract' });
      await expectStoreError(store.publishVersion({ service: 'users-service', version: '1.0.0', declarations }), 'ERR_VERSION_CONFLICT');
      const uses = await expectStoreError(
        store.publishVersion({ service: 'users-service', version: '1.0.0', contract: USERS_V1, declarations: [declare('users-service', 'auth-service', '*')] }),
        'ERR_VERSION_CONFLICT',
      );
      expect(uses.details).toMatchObject({ differs: 'declarations' });
      expect((await store.getVersion('users-service', '1.0.0'))?.contractHash).toBe(USERS_V1.hash);
      expect(await store.getDeclarations('users-service', '1.0.0')).toEqual(declarations);
    });

    it('stores a contract once by its hash, keeping the first text', async () => {
      const yaml = { ...USERS_V1, text: 'openapi: 3.0.3\n', format: 'yaml' as const };
      await store.publishVersion({ service: 'users-service', version: '1.0.0', contract: yaml });
      await store.publishVersion({ service: 'users-service', version: '1.0.1', contract: USERS_V1 });
      const [v1, v2] = await store.listVersions('users-service');
      expect(v1.contractHash).toBe(USERS_V1.hash);
      expect(v2.contractHash).toBe(USERS_V1.hash);
      const stored = await store.getContract(USERS_V1.hash);
      expect(stored).toMatchObject({ hash: USERS_V1.hash, canonical: USERS_V1.canonical, text: 'openapi: 3.0.3\n', format: 'yaml' });
      expect(stored?.size).toBe(Buffer.byteLength(USERS_V1.canonical));
      expect(await store.getContract(sha256('nothing'))).toBeUndefined();
    });

    it('publishes a version without a contract', async () => {
      const { version } = await store.publishVersion({ service: 'web-app', version: '0.1.0' });
      expect(version).toMatchObject({ contractHash: null, branches: [] });
      expect(version).not.toHaveProperty('commit');
      expect(await store.getDeclarations('web-app', '0.1.0')).toEqual([]);
    });

    it('adds a branch when the same version is published on another one', async () => {
      await store.publishVersion({ service: 'users-service', version: GIT_SHAS[0], branch: 'feature-x', contract: USERS_V1 });
      const merged = await store.publishVersion({ service: 'users-service', version: GIT_SHAS[0], branch: 'main', contract: USERS_V1 });
      expect(merged.status).toBe('unchanged');
      expect(merged.version.branches).toEqual(['feature-x', 'main']);
      expect((await store.latestVersion('users-service', 'main'))?.version).toBe(GIT_SHAS[0]);
    });

    it('returns declarations by provider and refuses declarations of another consumer', async () => {
      const declarations = [
        declare('web-app', 'users-service', [{ operation: 'getUser', params: ['expand'], response: ['id', 'items[].sku'] }]),
        declare('web-app', 'auth-service', '*'),
      ];
      await store.publishVersion({ service: 'web-app', version: '1.0.0', declarations });
      expect(await store.getDeclarations('web-app', '1.0.0')).toEqual([declarations[1], declarations[0]]);
      await expectStoreError(
        store.publishVersion({ service: 'web-app', version: '1.0.1', declarations: [declare('other-app', 'users-service', '*')] }),
        'ERR_DECLARATION_INVALID',
      );
      await expectStoreError(
        store.publishVersion({
          service: 'web-app',
          version: '1.0.1',
          declarations: [declare('web-app', 'a-service', '*'), declare('web-app', 'a-service', [])],
        }),
        'ERR_DECLARATION_INVALID',
      );
    });

    it('refuses a contract whose hash is not its canonical JSON, and keeps nothing of it', async () => {
      const forged = { ...USERS_V1, hash: sha256('something else') };
      await expectStoreError(store.publishVersion({ service: 'users-service', version: '1.0.0', contract: forged }), 'ERR_CONTRACT_INVALID');
      expect(await store.getVersion('users-service', '1.0.0')).toBeUndefined();
      expect(await store.getContract(forged.hash)).toBeUndefined();
      await expectStoreError(store.publishVersion({ service: 'users-service', version: 'has space' }), 'ERR_VERSION_INVALID');
    });

    it('stores a contract of megabytes as sent, and keeps nothing of one whose publication fails', async () => {
      // Megabytes go to SQLite's writer thread; both stores must answer alike.
      const big = (tag: string) => makeContract(Array.from({ length: 8000 }, (_, i) => `/${tag}/${i}/${'x'.repeat(60)}`));
      const first = big('a');
      expect(first.text.length + first.canonical.length).toBeGreaterThan(1024 * 1024);
      expect((await store.publishVersion({ service: 'users-service', version: '1.0.0', contract: first })).status).toBe('created');
      expect(await store.getContract(first.hash)).toMatchObject({ hash: first.hash, canonical: first.canonical, text: first.text });

      const other = big('b');
      await expectStoreError(store.publishVersion({ service: 'users-service', version: '1.0.0', contract: other }), 'ERR_VERSION_CONFLICT');
      await expectStoreError(store.publishVersion({ service: 'users-service', version: 'has space', contract: other }), 'ERR_VERSION_INVALID');
      await expectStoreError(
        store.publishVersion({ service: 'users-service', version: '2.0.0', contract: { ...other, hash: sha256('x') } }),
        'ERR_CONTRACT_INVALID',
      );
      expect(await store.getContract(other.hash)).toBeUndefined();
      expect(await store.getContract(sha256('x'))).toBeUndefined();

      // The same megabytes again, under another version, are the stored row.
      expect((await store.publishVersion({ service: 'users-service', version: '1.0.1', contract: first })).version.contractHash).toBe(first.hash);
    });

    it('stores a contract of megabytes given as the UTF-8 bytes a worker encoded, and can read it again after', async () => {
      // A large publication reaches the store as bytes (overseer/store/contract-bytes.ts); text beyond Latin-1 included.
      const paths = Array.from({ length: 8000 }, (_, i) => `/café/${i}/${'ü'.repeat(60)}`);
      const plain = makeContract(paths, { text: `# überblick ☕\n${makeContract(paths).text}` });
      const encoded = () => ({ text: encodeOwnUtf8(plain.text), canonical: encodeOwnUtf8(plain.canonical) });
      const forged = contractFromBytes(sha256('x'), 'json', encoded());
      await expectStoreError(store.publishVersion({ service: 'users-service', version: '1.0.0', contract: forged }), 'ERR_CONTRACT_INVALID');
      expect(forged.canonical).toBe(plain.canonical);

      const contract = contractFromBytes(plain.hash, 'json', encoded());
      expect((await store.publishVersion({ service: 'users-service', version: '1.0.0', contract })).status).toBe('created');
      expect(await store.getContract(plain.hash)).toMatchObject({ hash: plain.hash, canonical: plain.canonical, text: plain.text, format: 'json' });
      // Whatever a store did with the bytes, the contract it was given still reads as it was.
      expect(contract.text).toBe(plain.text);
      expect(contract.canonical).toBe(plain.canonical);
    });

    it('refuses versions and branches with lone surrogates, NUL, bidirectional or zero-width characters, the same in every store', async () => {
      for (const version of ['1\ud800', '1\udc00.0', '1.0.0\u202e', '1.0\u200b.0', '1\u0000', '1.0.0\u2066']) {
        await expectStoreError(store.publishVersion({ service: 'users-service', version }), 'ERR_VERSION_INVALID');
      }
      await expectStoreError(store.publishVersion({ service: 'users-service', version: '1.0.0', branch: 'main\ud800' }), 'ERR_VERSION_INVALID');
      await expectStoreError(store.publishVersion({ service: 'users-service', version: '1.0.0', branch: 'ma\u200fin' }), 'ERR_VERSION_INVALID');
      expect(await store.listVersions('users-service')).toEqual([]);
    });

    it('reports unknown services and versions', async () => {
      await expectStoreError(store.publishVersion({ service: 'ghost-service', version: '1.0.0' }), 'ERR_SERVICE_UNKNOWN');
      await expectStoreError(store.listVersions('ghost-service'), 'ERR_SERVICE_UNKNOWN');
      await expectStoreError(store.latestVersion('ghost-service'), 'ERR_SERVICE_UNKNOWN');
      await expectStoreError(store.getDeclarations('ghost-service', '1.0.0'), 'ERR_SERVICE_UNKNOWN');
      await expectStoreError(store.getDeclarations('users-service', '9.9.9'), 'ERR_VERSION_UNKNOWN');
      expect(await store.getVersion('users-service', '9.9.9')).toBeUndefined();
      expect(await store.latestVersion('users-service')).toBeUndefined();
    });
  });

  describe('version order', () => {
    beforeEach(async () => {
      await seed(store).service('users-service').done();
    });

    it('orders semantic versions by precedence, prereleases before their release', async () => {
      for (const version of ['1.10.0', '1.2.0', '1.2.0-rc.1', '1.0.0', '1.2.0-beta.11', '1.2.0-beta.2', 'v0.9.0']) {
        await store.publishVersion({ service: 'users-service', version });
      }
      const order = (await store.listVersions('users-service')).map((v) => v.version);
      expect(order).toEqual(['v0.9.0', '1.0.0', '1.2.0-beta.2', '1.2.0-beta.11', '1.2.0-rc.1', '1.2.0', '1.10.0']);
      expect((await store.latestVersion('users-service'))?.version).toBe('1.10.0');
    });

    it('orders other versions (git SHAs) by publish time', async () => {
      for (const version of GIT_SHAS) await store.publishVersion({ service: 'users-service', version, branch: 'main' });
      await store.publishVersion({ service: 'users-service', version: 'abcdef0', branch: 'feature-y' });
      expect((await store.listVersions('users-service')).map((v) => v.version)).toEqual([...GIT_SHAS, 'abcdef0']);
      expect((await store.latestVersion('users-service'))?.version).toBe('abcdef0');
      expect((await store.latestVersion('users-service', 'main'))?.version).toBe(GIT_SHAS.at(-1));
      expect(await store.latestVersion('users-service', 'no-such-branch')).toBeUndefined();
    });
  });
}
