// Store suite: the verdict audit and API tokens.

import { beforeEach, describe, expect, it } from 'vitest';
import { ANONYMOUS, type Store } from '../../../../overseer/store/store.js';
import { makeVerdict, sha256 } from '../builders.js';
import { expectStoreError } from './assertions.js';

export function describeAudit(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  describe('verdict audit', () => {
    it('records verdicts, newest first, whether or not the version exists', async () => {
      const refused = makeVerdict('web-app', '1.0.0', 'production', false);
      const first = await store.recordVerdict(refused, 'ci-web');
      expect(first).toMatchObject({ service: 'web-app', version: '1.0.0', environment: 'production', askedBy: 'ci-web', deployable: false });
      expect(first.reasons).toEqual(refused.reasons);
      expect(Number.isNaN(Date.parse(first.askedAt))).toBe(false);

      await store.recordVerdict(makeVerdict('web-app', '1.0.1', 'production', true), ANONYMOUS);
      await store.recordVerdict(makeVerdict('users-service', '2.0.0', 'staging', true), 'ci-users');

      const all = await store.listVerdicts();
      expect(all.map((v) => v.version)).toEqual(['2.0.0', '1.0.1', '1.0.0']);
      expect(all[1]).toMatchObject({ askedBy: ANONYMOUS, deployable: true, reasons: [] });
      expect((await store.listVerdicts({ service: 'web-app', limit: 1 })).map((v) => v.version)).toEqual(['1.0.1']);
      expect((await store.listVerdicts({ environment: 'staging' })).map((v) => v.service)).toEqual(['users-service']);
    });
  });

  describe('tokens', () => {
    it('finds a token by the hash of its secret, never by the secret', async () => {
      const secret = 'ovs_5up3r-s3cr3t';
      const created = await store.createToken({ name: 'ci-web', service: 'web-app', hash: sha256(secret) });
      expect(created).toMatchObject({ name: 'ci-web', service: 'web-app', hash: sha256(secret) });
      expect(await store.findTokenByHash(sha256(secret))).toEqual(created);
      expect(await store.findTokenByHash(secret)).toBeUndefined();

      const admin = await store.createToken({ name: 'admin', service: null, hash: sha256('other') });
      expect(admin.service).toBeNull();
      expect((await store.listTokens()).map((t) => t.name)).toEqual(['admin', 'ci-web']);
    });

    it('keeps an ingest token apart from admin tokens, and refuses a scope on a service token', async () => {
      const ingest = await store.createToken({ name: 'otel', service: null, scope: 'ingest', hash: sha256('ingest') });
      expect(ingest).toMatchObject({ name: 'otel', service: null, scope: 'ingest' });
      const admin = await store.createToken({ name: 'root', service: null, hash: sha256('root') });
      expect(await store.findTokenByHash(sha256('ingest'))).toEqual(ingest);
      // Tokens made without a scope come back without one: an admin token stays an admin token.
      expect(await store.findTokenByHash(sha256('root'))).toEqual(admin);
      expect(admin).not.toHaveProperty('scope');
      expect((await store.listTokens()).map((t) => [t.name, t.scope ?? null])).toEqual([
        ['otel', 'ingest'],
        ['root', null],
      ]);
      await expectStoreError(store.createToken({ name: 'web-otel', service: 'web-app', scope: 'ingest', hash: sha256('w') }), 'ERR_TOKEN_INVALID');
    });

    it('refuses a taken name or hash and a plain token where its hash belongs', async () => {
      await store.createToken({ name: 'ci-web', service: 'web-app', hash: sha256('a') });
      await expectStoreError(store.createToken({ name: 'ci-web', service: 'web-app', hash: sha256('b') }), 'ERR_TOKEN_CONFLICT');
      await expectStoreError(store.createToken({ name: 'ci-other', service: null, hash: sha256('a') }), 'ERR_TOKEN_CONFLICT');
      await expectStoreError(store.createToken({ name: 'ci-plain', service: null, hash: 'ovs_plain-token' }), 'ERR_TOKEN_INVALID');
    });

    it('revokes a token by name', async () => {
      await store.createToken({ name: 'ci-web', service: 'web-app', hash: sha256('a') });
      expect(await store.revokeToken('ci-web')).toBe(true);
      expect(await store.revokeToken('ci-web')).toBe(false);
      expect(await store.findTokenByHash(sha256('a'))).toBeUndefined();
    });
  });
}
