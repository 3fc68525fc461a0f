// Store suite: the verdict audit and API tokens.

import { beforeEach, describe, expect, it } from 'vitest';
import { ANONYMOUS, type Store, type VerdictRecord } from '../../../../overseer/store/store.js';
import { makeVerdict, sha256 } from '../builders.js';
import { expectStoreError } from './assertions.js';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

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

    it('counts the same ask answered the same way on one record; another asker or another answer is a record of its own', async () => {
      const refused = makeVerdict('web-app', '1.0.0', 'production', false);
      const first = await store.recordVerdict(refused, 'ci-web');
      expect(first).toMatchObject({ count: 1, lastAskedAt: first.askedAt });
      const again = await store.recordVerdict(refused, 'ci-web');
      expect(again).toMatchObject({ id: first.id, count: 2, askedAt: first.askedAt });
      expect(again.lastAskedAt >= first.askedAt).toBe(true);

      const other = await store.recordVerdict(refused, ANONYMOUS);
      const answer = { ...refused, reasons: [{ ...refused.reasons[0], message: 'another reason' }] };
      const changed = await store.recordVerdict(answer, 'ci-web');
      expect(new Set([first.id, other.id, changed.id]).size).toBe(3);
      expect((await store.listVerdicts()).map((v) => [v.askedBy, v.count])).toEqual([
        ['ci-web', 1],
        [ANONYMOUS, 1],
        ['ci-web', 2],
      ]);
      expect(await store.getVerdict(first.id)).toEqual(again);
    });

    it('counts a reason resting on observed calls as the same answer when only its last-seen time moved', async () => {
      const observed = (lastSeen: string) => ({
        ...makeVerdict('users-service', '2.0.0', 'production', false),
        reasons: [
          {
            code: 'breaks-consumer' as const,
            severity: 'error' as const,
            message: `breaks web-app (observed, last seen ${lastSeen})`,
            consumer: 'web-app',
            basis: 'observed' as const,
            lastSeen,
          },
        ],
      });
      const first = await store.recordVerdict(observed('2026-01-01T00:00:00.000Z'), 'ci');
      expect(await store.recordVerdict(observed('2026-01-01T00:05:00.000Z'), 'ci')).toMatchObject({ id: first.id, count: 2 });
    });

    it('starts a new record once the window has passed, and keeps every ask apart with a window of 0', async () => {
      const verdict = makeVerdict('web-app', '1.0.0', 'production', true);
      const first = await store.recordVerdict(verdict, 'ci', undefined, 1);
      // Asked again well after a 1 ms window: a new record, which the next ask within a wider window joins.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const later = await store.recordVerdict(verdict, 'ci', undefined, 1);
      expect(later.id).not.toBe(first.id);
      expect(await store.recordVerdict(verdict, 'ci', undefined, 60_000)).toMatchObject({ id: later.id, count: 2 });
      expect(await store.getVerdict(first.id)).toMatchObject({ count: 1 });

      const apart = [await store.recordVerdict(verdict, 'nightly', undefined, 0), await store.recordVerdict(verdict, 'nightly', undefined, 0)];
      expect(apart.map((v) => v.count)).toEqual([1, 1]);
      expect(apart[0].id).not.toBe(apart[1].id);
    });

    it('makes one record of identical asks that arrive at once, with or without notifications', async () => {
      const verdict = makeVerdict('web-app', '1.0.0', 'production', false);
      await Promise.all(Array.from({ length: 20 }, () => store.recordVerdict(verdict, 'ci')));
      const outbox = (r: VerdictRecord) =>
        r.count > 1 ? [] : [{ key: `refused:${r.id}`, event: 'gate.refused', channel: 'webhook' as const, target: 'x', payload: {} }];
      await Promise.all(Array.from({ length: 20 }, () => store.recordVerdict(verdict, 'deployer', outbox)));
      const all = await store.listVerdicts();
      expect(all.map((v) => [v.askedBy, v.count])).toEqual([
        ['deployer', 20],
        ['ci', 20],
      ]);
      expect((await store.listNotifications()).map((n) => n.key)).toEqual([`refused:${all[0].id}`]);
    });

    it('forgets verdicts last asked before a time, and says how many', async () => {
      const old = await store.recordVerdict(makeVerdict('web-app', '1.0.0', 'production', true), 'ci');
      expect(await store.pruneVerdicts('2000-01-01T00:00:00.000Z')).toBe(0);
      expect(await store.pruneVerdicts(new Date(Date.parse(old.lastAskedAt) + 1).toISOString())).toBe(1);
      expect(await store.listVerdicts()).toEqual([]);
      expect(await store.getVerdict(old.id)).toBeUndefined();
    });

    it("never gives a pruned verdict's id to a new one, so an old link cannot open another verdict", async () => {
      const old = await store.recordVerdict(makeVerdict('web-app', '1.0.0', 'production', false), 'ci');
      expect(await store.pruneVerdicts(new Date(Date.parse(old.lastAskedAt) + 1).toISOString())).toBe(1);
      const next = await store.recordVerdict(makeVerdict('users-service', '2.0.0', 'staging', true), 'ci');
      expect(next.id).toBeGreaterThan(old.id);
      expect(await store.getVerdict(old.id)).toBeUndefined();
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

    it('revokes a token by name, keeping when and by whom, so a second revoke and the token itself are told "revoked"', async () => {
      const created = await store.createToken({ name: 'ci-web', service: 'web-app', hash: sha256('a') });
      const first = await store.revokeToken('ci-web', 'admin');
      expect(first).toEqual({
        already: false,
        token: { id: expect.any(Number), ...created, revokedAt: expect.stringMatching(ISO_TIME), revokedBy: 'admin' },
      });
      expect(await store.revokeToken('ci-web', 'root')).toEqual({ already: true, token: first?.token });
      const { id: _id, ...tombstone } = first!.token;
      expect(await store.findTokenByHash(sha256('a'))).toEqual(tombstone);
      expect(await store.listTokens()).toEqual([]);
      expect(await store.revokeToken('never-issued', 'admin')).toBeUndefined();
    });

    it('issues a revoked name again, and keeps every tombstone of it in the order revoked', async () => {
      await store.createToken({ name: 'ci', service: null, hash: sha256('first') });
      const first = (await store.revokeToken('ci', 'admin'))!.token;
      const again = await store.createToken({ name: 'ci', service: null, hash: sha256('second') });
      expect(await store.findTokenByHash(sha256('second'))).toEqual(again);
      expect(await store.listTokens()).toEqual([again]);
      const second = await store.revokeToken('ci', 'root');
      expect(second?.already).toBe(false);
      expect(second?.token.id).toBeGreaterThan(first.id);
      expect((await store.listRevokedTokens()).map((t) => [t.name, t.hash, t.revokedBy])).toEqual([
        ['ci', sha256('first'), 'admin'],
        ['ci', sha256('second'), 'root'],
      ]);
      expect((await store.listRevokedTokens({ after: first.id, limit: 5 })).map((t) => t.hash)).toEqual([sha256('second')]);
      // The first token is still known as revoked, and a third revoke of the name answers with the latest tombstone.
      expect((await store.findTokenByHash(sha256('first')))?.revokedBy).toBe('admin');
      expect(await store.revokeToken('ci', 'admin')).toEqual({ already: true, token: second?.token });
    });
  });
}
