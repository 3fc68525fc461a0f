// Store suite: publishing versions (contracts, branches, declarations, what is refused) and the order versions are listed in.

import { beforeEach, describe, expect, it } from 'vitest';
import { contractFromBytes, encodeOwnUtf8 } from '../../../../overseer/store/contract-bytes.js';
import type { Store } from '../../../../overseer/store/store.js';
import { declare, makeContract, seed, sha256 } from '../builders.js';
import { expectStoreError } from './assertions.js';

const USERS_V1 = makeContract(['/users/{id}']);
const USERS_V2 = makeContract(['/users/{id}', '/users']);
const GIT_SHAS = ['f3c1a9e', '0a1b2c3', '9d4e5f6', 'c0ffee1'];

export function describeVersions(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
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

    it("keeps where a version declares its uses: each entry's manifest line, the manifest's path and the repository (migration 23)", async () => {
      const describe = { owners: ['@acme/web'], repository: 'acme/web' };
      const uses = [{ operation: 'getUser', response: ['name'], line: 9 }];
      const declarations = [declare('web-app', 'users-service', uses)];
      const input = { service: 'web-app', describe, version: '1.0.0', commit: 'abc123', manifestFile: 'web/overseer.yaml', declarations };
      const created = await store.publishVersion(input);
      expect(created.version).toMatchObject({ manifestFile: 'web/overseer.yaml', repository: 'acme/web', commit: 'abc123' });
      expect(await store.getVersion('web-app', '1.0.0')).toMatchObject({ manifestFile: 'web/overseer.yaml', repository: 'acme/web' });
      expect((await store.getDeclarations('web-app', '1.0.0'))[0].uses).toEqual(uses);
      const [listed] = await store.listConsumersOf('users-service');
      expect(listed.declaration.uses).toEqual(uses);
      // An export carries them, so that a registry moved to the other store still says where each use is declared.
      const exported: unknown[] = [];
      for await (const record of store.exportRecords()) if (record.kind === 'version') exported.push(record);
      expect(exported).toEqual([expect.objectContaining({ version: '1.0.0', manifestFile: 'web/overseer.yaml', repository: 'acme/web' })]);
      // A version published without them has neither.
      const bare = await store.publishVersion({ service: 'web-app', version: '1.0.1', declarations });
      expect(bare.version).not.toHaveProperty('manifestFile');
      expect(bare.version).not.toHaveProperty('repository');
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
      // Its text alone, for the readers that parse it.
      expect(await store.readContractText(USERS_V1.hash)).toBe('openapi: 3.0.3\n');
      expect(await store.readContractText(sha256('nothing'))).toBeUndefined();
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
      expect(merged).toMatchObject({ status: 'unchanged', branchAdded: true });
      expect(merged.version.branches).toEqual(['feature-x', 'main']);
      // The same branch again adds nothing: the CLI then says "unchanged".
      const again = await store.publishVersion({ service: 'users-service', version: GIT_SHAS[0], branch: 'main', contract: USERS_V1 });
      expect(again.status).toBe('unchanged');
      expect(again).not.toHaveProperty('branchAdded');
      expect((await store.latestVersion('users-service', 'main'))?.version).toBe(GIT_SHAS[0]);
    });

    it('says the service was updated when the same version is published with another description', async () => {
      const describe = { owners: ['@acme/identity'] };
      await store.publishVersion({ service: 'users-service', version: '7.0.0', describe, contract: USERS_V1 });
      const same = await store.publishVersion({ service: 'users-service', version: '7.0.0', describe, contract: USERS_V1 });
      expect(same.status).toBe('unchanged');
      expect(same).not.toHaveProperty('serviceUpdated');
      const hosts = await store.publishVersion({
        service: 'users-service',
        version: '7.0.0',
        describe: { ...describe, hosts: ['users.internal'] },
        contract: USERS_V1,
      });
      expect(hosts).toMatchObject({ status: 'unchanged', serviceUpdated: true });
      expect((await store.getService('users-service'))?.hosts).toEqual(['users.internal']);
    });

    it('lists every branch some version was published on, once each, by name', async () => {
      expect(await store.listBranches()).toEqual([]);
      await store.publishVersion({ service: 'users-service', version: GIT_SHAS[0], branch: 'main', contract: USERS_V1 });
      await store.publishVersion({ service: 'users-service', version: GIT_SHAS[1], branch: 'Release-2', contract: USERS_V2 });
      await store.publishVersion({ service: 'web-app', version: '1.0.0', branch: 'main' });
      await store.publishVersion({ service: 'web-app', version: '1.0.1' });
      expect(await store.listBranches()).toEqual(['Release-2', 'main']);
    });

    it('knows a branch some version was published on, exactly as written', async () => {
      expect(await store.hasBranch('main')).toBe(false);
      await store.publishVersion({ service: 'users-service', version: GIT_SHAS[0], branch: 'main', contract: USERS_V1 });
      await store.publishVersion({ service: 'web-app', version: '1.0.0', branch: 'Release-2' });
      await store.publishVersion({ service: 'web-app', version: '1.0.1' });
      expect([await store.hasBranch('main'), await store.hasBranch('Release-2')]).toEqual([true, true]);
      expect([await store.hasBranch('release-2'), await store.hasBranch('mai'), await store.hasBranch('')]).toEqual([false, false, false]);
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

    it('reads the latest version of several services in one read, as each alone reads it, leaving out those with none', async () => {
      await seed(store).service('orders-service').service('empty-service').done();
      for (const version of ['1.10.0', '1.2.0', '2.0.0-rc.1']) await store.publishVersion({ service: 'users-service', version, branch: 'main' });
      await store.publishVersion({ service: 'users-service', version: '3.0.0', branch: 'feature-y' });
      for (const version of GIT_SHAS) await store.publishVersion({ service: 'orders-service', version, branch: 'main' });
      const names = ['users-service', 'orders-service', 'empty-service', 'ghost-service', 'users-service'];
      const versionsOf = (latest: Map<string, { version: string }>) => Object.fromEntries([...latest].map(([service, v]) => [service, v.version]));
      expect(versionsOf(await store.readLatestVersions(names))).toEqual({ 'users-service': '3.0.0', 'orders-service': GIT_SHAS.at(-1) });
      expect(versionsOf(await store.readLatestVersions(names, 'main'))).toEqual({ 'users-service': '2.0.0-rc.1', 'orders-service': GIT_SHAS.at(-1) });
      expect(versionsOf(await store.readLatestVersions(names, 'no-such-branch'))).toEqual({});
      expect(await store.readLatestVersions([])).toEqual(new Map());
      // The records themselves, as latestVersion reads them: the gate counts what either returns.
      expect((await store.readLatestVersions(['users-service'], 'main')).get('users-service')).toEqual(await store.latestVersion('users-service', 'main'));
    });
  });
}
