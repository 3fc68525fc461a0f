// Backups between stores: export, import, and every check import makes before it writes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DumpError, exportStore, importDump as importSealed } from '../../../overseer/store/dump.js';
import { openPostgresStore } from '../../../overseer/store/postgres/index.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import type { Store } from '../../../overseer/store/store.js';
import { usePostgres } from '../../helpers/use-postgres.js';
import { makeVerdict, sha256 } from './builders.js';
import { askGate, collect, REMOVAL_WAIVER, readEverything, sealDump, seedRegistry, USERS_V1, USERS_V2, USERS_V3 } from './dump-seed.js';

const cluster = usePostgres();

/**
 * The checks below change a dump's lines as a hand edit that knows the format would: the dump without its checksum
 * line (exportLines), sealed again before it is read (importDump). A changed line left unsealed is dump-checksum.test.ts's.
 */
async function exportLines(store: Store): Promise<string[]> {
  const lines = await collect(exportStore(store));
  expect(JSON.parse(lines.at(-1)!)).toMatchObject({ kind: 'checksum' });
  return lines.slice(0, -1);
}
const importDump = (lines: readonly string[], store: Store, options?: Parameters<typeof importSealed>[2]) => importSealed(sealDump(lines), store, options);

describe('dump: export and import', () => {
  let dir: string;
  const opened: Store[] = [];
  const openSqlite = (name: string) => {
    const store = openSqliteStore(join(dir, name));
    opened.push(store);
    return store;
  };
  const openPostgres = async () => {
    const store = await openPostgresStore(await cluster().createDatabase());
    opened.push(store);
    return store;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-dump-'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('moves a registry from SQLite to PostgreSQL and back with the same data and the same gate answers', async () => {
    const sqlite = openSqlite('source.db');
    await seedRegistry(sqlite);
    const dump = await exportLines(sqlite);
    expect(JSON.parse(dump[0])).toMatchObject({ kind: 'overseer-dump', format: 8 });
    const tokens = dump.filter((l) => l.includes('"kind":"token"')).map((l) => JSON.parse(l));
    expect(tokens.map((t) => [t.name, t.admin, t.scope])).toEqual([
      ['admin', true, undefined],
      ['ci-web', undefined, undefined],
      ['otel-collector', undefined, 'ingest'],
    ]);
    expect(JSON.parse(dump.find((l) => l.includes('"name":"users-service"'))!).hosts).toEqual(['users.internal', 'users.example.com']);
    expect(JSON.parse(dump.at(-1)!)).toEqual({
      kind: 'end',
      counts: { service: 4, contract: 4, version: 8, environment: 2, deployment: 8, verdict: 3, token: 3, webhook: 1, notification: 4, 'observed-call': 2 },
      lastIds: { deployment: 8, verdict: 3, webhook: 1, notification: 4 },
    });
    expect(dump.join('\n')).not.toContain('admin-secret');
    const verdicts = dump.filter((l) => l.includes('"kind":"verdict"')).map((l) => JSON.parse(l));
    expect(verdicts.map((v) => [v.service, v.count, v.lastAskedAt >= v.askedAt])).toEqual([
      ['users-service', 2, true],
      ['web-app', 1, true],
      ['users-service', 1, true],
    ]);
    // A dump written before repeats were counted holds one ask per verdict.
    const older = dump.map((l) => (l.includes('"kind":"verdict"') ? JSON.stringify({ ...JSON.parse(l), count: undefined, lastAskedAt: undefined }) : l));
    const fromOlder = openSqlite('older.db');
    await importDump(older, fromOlder);
    expect((await fromOlder.listVerdicts()).map((v) => [v.count, v.lastAskedAt === v.askedAt])).toEqual([
      [1, true],
      [1, true],
      [1, true],
    ]);

    const postgres = await openPostgres();
    const imported = await importDump(dump, postgres);
    expect(imported.counts.deployment).toBe(8);
    expect(await readEverything(postgres)).toEqual(await readEverything(sqlite));
    const answers = await askGate(sqlite);
    // Not a trivial comparison: the gate refuses some and allows others.
    expect(answers.find((a) => a.startsWith('users-service 2.0.0 production'))).toMatch(/: false .*operation-missing/);
    expect(answers.filter((a) => a.includes(': true')).length).toBeGreaterThan(4);
    expect(await askGate(postgres)).toEqual(answers);

    // Byte for byte, but for the export time: both implementations write the same dump.
    const again = await exportLines(postgres);
    expect(again.slice(1)).toEqual(dump.slice(1));
    const back = openSqlite('back.db');
    await importDump(again, back);
    expect((await exportLines(back)).slice(1)).toEqual(dump.slice(1));

    // Ids go on from the imported ones; imported leases are gone, so the pending notifications are free to claim.
    const next = await postgres.recordDeployment({ service: 'users-service', version: '1.1.0', environment: 'production' });
    expect(next.deployment.id).toBe(9);
    expect((await postgres.createWebhook({ url: 'https://x.example.com', events: ['*'], secret: 's' })).id).toBe(2);
    const claimed = await postgres.claimNotifications({ owner: 'worker-2', limit: 10, leaseMs: 60_000 });
    expect(claimed.map((n) => n.key).sort()).toEqual(['c', 'd']);
  });

  it("keeps a Backstage consumer's API name, and which service provides it, SQLite to PostgreSQL and back", async () => {
    const consumesApi = (consumer: string) => ({ consumer, provider: 'users-api', uses: '*' as const, api: 'users-api' });
    const sqlite = openSqlite('apis.db');
    for (const name of ['users-service', 'web-app', 'shop-web']) await sqlite.upsertService({ name, owners: ['@acme/team'] });
    await sqlite.publishVersion({ service: 'users-service', version: '1.0.0', providesApis: ['users-api'] });
    await sqlite.publishVersion({ service: 'web-app', version: '1.0.0', declarations: [consumesApi('web-app')] });
    const dump = await exportLines(sqlite);
    const resolved = { consumer: 'web-app', provider: 'users-service', uses: '*', api: 'users-api' };
    for (const target of [await openPostgres(), openSqlite('apis-back.db')]) {
      await importDump(dump, target);
      expect(await target.getDeclarations('web-app', '1.0.0')).toEqual([resolved]);
      // A consumer published after the restore is resolved; the claim is still users-service's, and can be given back.
      await target.publishVersion({ service: 'shop-web', version: '1.0.0', declarations: [consumesApi('shop-web')] });
      expect((await target.getDeclarations('shop-web', '1.0.0'))[0].provider).toBe('users-service');
      await target.publishVersion({ service: 'users-service', version: '2.0.0', providesApis: [] });
      expect(await target.getDeclarations('web-app', '1.0.0')).toEqual([consumesApi('web-app')]);
    }
  });

  it('keeps an API claim no consumer has used yet, and refuses a dump where two services provide one API', async () => {
    const sqlite = openSqlite('claims.db');
    for (const name of ['users-service', 'shop-web']) await sqlite.upsertService({ name, owners: ['@acme/team'] });
    await sqlite.publishVersion({ service: 'users-service', version: '1.0.0', providesApis: ['users-api'] });
    const dump = await exportLines(sqlite);
    for (const target of [await openPostgres(), openSqlite('claims-back.db')]) {
      await importDump(dump, target);
      await target.publishVersion({
        service: 'shop-web',
        version: '1.0.0',
        declarations: [{ consumer: 'shop-web', provider: 'users-api', uses: '*', api: 'users-api' }],
      });
      expect((await target.getDeclarations('shop-web', '1.0.0'))[0].provider).toBe('users-service');
    }
    const twice = dump.map((l) => (JSON.parse(l).name === 'shop-web' ? JSON.stringify({ ...JSON.parse(l), apis: ['users-api'] }) : l));
    const refused = await importDump(twice, openSqlite('claims-twice.db')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DumpError);
    expect((refused as DumpError).message).toMatch(/the API users-api is provided by (users-service|shop-web) too/);
  });

  it('goes on past every id the source gave, SQLite to PostgreSQL and back, and reads older dumps without marks', async () => {
    const sqlite = openSqlite('source.db');
    await seedRegistry(sqlite);
    expect(await sqlite.deleteWebhook(1)).toBe(true);
    const dump = await exportLines(sqlite);
    expect(JSON.parse(dump.at(-1)!).lastIds).toEqual({ deployment: 8, verdict: 3, webhook: 1, notification: 4 });
    const hook = (name: string) => ({ url: `https://hooks.example.com/${name}`, events: ['*'], secret: name });

    const postgres = await openPostgres();
    await importDump(dump, postgres);
    expect(await postgres.listWebhooks()).toEqual([]);
    const second = await postgres.createWebhook(hook('second'));
    expect(second.id).toBe(2);
    expect(await postgres.deleteWebhook(second.id)).toBe(true);
    const back = openSqlite('back.db');
    await importDump(await exportLines(postgres), back);
    expect((await back.createWebhook(hook('third'))).id).toBe(3);
    expect((await back.recordVerdict(makeVerdict('web-app', 'new', 'production', true), 'ci-web')).id).toBe(4);

    // A format 3 dump has no marks: its largest ids stand for them (a pruned id above them cannot be known).
    const end = JSON.parse(dump.at(-1)!);
    const older = [JSON.stringify({ ...JSON.parse(dump[0]), format: 3 }), ...dump.slice(1, -1), JSON.stringify({ ...end, lastIds: undefined })];
    const fromOlder = openSqlite('older.db');
    await importDump(older, fromOlder, { allowOldFormat: true });
    expect((await fromOlder.recordVerdict(makeVerdict('web-app', 'new', 'production', true), 'ci-web')).id).toBe(4);

    // A format 4 dump without marks, or with a mark below an id it holds, is refused.
    const target = openSqlite('target.db');
    const endLine = dump.length;
    await expect(importDump([...dump.slice(0, -1), JSON.stringify({ ...end, lastIds: undefined })], target)).rejects.toThrow(
      `line ${endLine} (end): lastIds must be an object with the largest id given to each of deployment, verdict, webhook, notification`,
    );
    const lowered = JSON.stringify({ ...end, lastIds: { ...end.lastIds, verdict: 2 } });
    await expect(importDump([...dump.slice(0, -1), lowered], target)).rejects.toThrow(
      `line ${endLine} (end): lastIds.verdict is 2, below verdict 3 of the dump: the dump is corrupted`,
    );
    expect(await target.listServices()).toEqual([]);
  });

  it('refuses a dump whose contract does not hash to its SHA-256, naming the record, and writes nothing', async () => {
    const sqlite = openSqlite('source.db');
    await seedRegistry(sqlite);
    const dump = await exportLines(sqlite);
    const line = dump.findIndex((l) => l.includes(`"hash":"${USERS_V2.hash}"`));
    const corrupted = dump.map((l, i) => (i === line ? l.replace('/users', '/uzers') : l));
    const postgres = await openPostgres();
    const error = await importDump(corrupted, postgres).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DumpError);
    expect(error).toMatchObject({ code: 'ERR_DUMP_INVALID' });
    expect((error as Error).message).toContain(`line ${line + 1} (contract ${USERS_V2.hash.slice(0, 12)})`);
    expect((error as Error).message).toContain('SHA-256');
    expect(await postgres.listServices()).toEqual([]);
  });

  it("refuses a contract whose text was replaced by another version's, naming the record, and writes nothing", async () => {
    const sqlite = openSqlite('source.db');
    await seedRegistry(sqlite);
    const dump = await exportLines(sqlite);
    // 2.0.0's text replaced by 1.0.0's: its hash and canonical form still agree with each other, not with the text.
    const line = dump.findIndex((l) => l.includes(`"hash":"${USERS_V3.hash}"`));
    const swapped = dump.map((l, i) => (i === line ? JSON.stringify({ ...JSON.parse(l), text: USERS_V1.text }) : l));
    const target = openSqlite('target.db');
    const error = await importDump(swapped, target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DumpError);
    expect((error as Error).message).toBe(
      `line ${line + 1} (contract ${USERS_V3.hash.slice(0, 12)}): its text parses to a contract whose SHA-256 is ${USERS_V1.hash}, ` +
        `not its hash ${USERS_V3.hash}: the text was altered, the dump is corrupted`,
    );
    expect(await target.listServices()).toEqual([]);

    // Text that is no contract at all, and a format that is not the text's.
    const garbage = dump.map((l, i) => (i === line ? JSON.stringify({ ...JSON.parse(l), text: 'openapi: [' }) : l));
    await expect(importDump(garbage, target)).rejects.toThrow(/\(contract [0-9a-f]{12}\): its text is not a contract the registry accepts/);
    const yamlSaid = dump.map((l, i) => (i === line ? JSON.stringify({ ...JSON.parse(l), format: 'yaml' }) : l));
    await expect(importDump(yamlSaid, target)).rejects.toThrow(/format must be json, the format of its text/);
    expect(await target.listServices()).toEqual([]);
  });

  it('refuses a version pointing at a contract not in the dump, a dangling verdict reference, and a notification on no known channel', async () => {
    const sqlite = openSqlite('source.db');
    await seedRegistry(sqlite);
    const dump = await exportLines(sqlite);
    const target = openSqlite('target.db');
    const edit = (match: (fields: Record<string, unknown>) => boolean, change: Record<string, unknown>) =>
      dump.map((l) => (match(JSON.parse(l)) ? JSON.stringify({ ...JSON.parse(l), ...change }) : l));

    const missing = sha256('not a contract of this dump');
    const pointed = edit((r) => r.kind === 'version' && r.service === 'users-service' && r.version === '2.0.0', { contractHash: missing });
    await expect(importDump(pointed, target)).rejects.toThrow(`(version 2.0.0 of users-service): its contract ${missing} is not in the dump before it`);
    const notified = edit((r) => r.kind === 'notification' && r.verdictId !== undefined, { verdictId: 99 });
    await expect(importDump(notified, target)).rejects.toThrow(/\(notification \d+\): its verdict 99 is not in the dump before it/);
    // A channel that is no string is named by the same message as a string that is no channel: the reader says what is allowed.
    for (const channel of ['email', 7]) {
      const misrouted = edit((r) => r.kind === 'notification', { channel });
      await expect(importDump(misrouted, target)).rejects.toThrow(/\(notification \d+\): channel must be one of slack, github, webhook/);
    }
    expect(await target.listServices()).toEqual([]);
  });

  it('carries the waivers of a version and of a verdict, and refuses them malformed, naming the record', async () => {
    const sqlite = openSqlite('source.db');
    await seedRegistry(sqlite);
    const dump = await exportLines(sqlite);
    const version = dump.map((l) => JSON.parse(l)).find((r) => r.kind === 'version' && r.version === '2.0.0');
    expect(version.waivers).toEqual([REMOVAL_WAIVER]);
    const verdict = dump.map((l) => JSON.parse(l)).find((r) => r.kind === 'verdict' && r.waived);
    expect(verdict).toMatchObject({ waived: [{ consumer: 'web-app', waiver: { file: 'waivers.yaml', line: 1 } }], notices: [{ code: 'waiver-unused' }] });

    const target = openSqlite('target.db');
    const edit = (kind: string, change: Record<string, unknown>) =>
      dump.map((l) => (JSON.parse(l).kind === kind && l.includes('waiver') ? JSON.stringify({ ...JSON.parse(l), ...change }) : l));
    const undated = edit('version', { waivers: [{ ...REMOVAL_WAIVER, expires: 'soon' }] });
    await expect(importDump(undated, target)).rejects.toThrow('(version 2.0.0 of users-service): invalid waivers of users-service 2.0.0: waiver 1: expires');
    await expect(importDump(edit('verdict', { waived: [{ consumer: 'web-app' }] }), target)).rejects.toThrow(/\(verdict 3\): waived must be/);
    await expect(importDump(edit('verdict', { notices: 'none' }), target)).rejects.toThrow(/\(verdict 3\): notices must be/);
    expect(await target.listServices()).toEqual([]);
  });

  it('imports a token without a service as admin only when the dump marks it so, and refuses a token of an unknown service', async () => {
    const sqlite = openSqlite('source.db');
    await seedRegistry(sqlite);
    const dump = await exportLines(sqlite);
    const target = openSqlite('target.db');
    const adminLine = dump.findIndex((l) => l.includes('"kind":"token"') && l.includes('"name":"admin"'));
    const unmarked = (lines: string[]) => lines.map((l, i) => (i === adminLine ? JSON.stringify({ ...JSON.parse(l), admin: undefined }) : l));

    await expect(importDump(unmarked(dump), target)).rejects.toThrow(
      new RegExp(
        `^line ${adminLine + 1} \\(token admin\\): service must be a service name: a token without a service is an admin token, imported only when its line says "admin": true`,
      ),
    );
    // A service taken off a service token does not make it an admin token.
    const webLine = dump.findIndex((l) => l.includes('"kind":"token"') && l.includes('"name":"ci-web"'));
    const nulled = dump.map((l, i) => (i === webLine ? JSON.stringify({ ...JSON.parse(l), service: null }) : l));
    await expect(importDump(nulled, target)).rejects.toThrow(`line ${webLine + 1} (token ci-web): service must be a service name`);
    const both = dump.map((l, i) => (i === webLine ? JSON.stringify({ ...JSON.parse(l), admin: true }) : l));
    await expect(importDump(both, target)).rejects.toThrow('(token ci-web): admin must be false or absent: the token is for service web-app');
    // An ingest token is neither an admin token nor one of a service, whatever its line is made to say.
    const ingestLine = dump.findIndex((l) => l.includes('"kind":"token"') && l.includes('"name":"otel-collector"'));
    const ingestAdmin = dump.map((l, i) => (i === ingestLine ? JSON.stringify({ ...JSON.parse(l), admin: true }) : l));
    await expect(importDump(ingestAdmin, target)).rejects.toThrow(
      `line ${ingestLine + 1} (token otel-collector): scope must be absent on an admin or service token`,
    );
    const ingestOfWeb = dump.map((l, i) => (i === ingestLine ? JSON.stringify({ ...JSON.parse(l), service: 'web-app' }) : l));
    await expect(importDump(ingestOfWeb, target)).rejects.toThrow(`line ${ingestLine + 1} (token otel-collector): scope must be absent`);
    const unscoped = dump.map((l, i) => (i === ingestLine ? JSON.stringify({ ...JSON.parse(l), scope: undefined }) : l));
    await expect(importDump(unscoped, target)).rejects.toThrow(`line ${ingestLine + 1} (token otel-collector): service must be a service name`);
    const ghost = dump.map((l, i) => (i === webLine ? JSON.stringify({ ...JSON.parse(l), service: 'ghost-service' }) : l));
    await expect(importDump(ghost, target)).rejects.toThrow(`line ${webLine + 1} (token ci-web): its service ghost-service is not in the dump before it`);

    // A format 1 dump (before the flag) is read: refused while its admin token is unmarked, imported once it is marked.
    const legacy = [JSON.stringify({ ...JSON.parse(dump[0]), format: 1 }), ...dump.slice(1)];
    await expect(importDump(unmarked(legacy), target, { allowOldFormat: true })).rejects.toThrow(
      'add "admin": true to the line if this token is meant to be an admin token',
    );
    expect(await target.listTokens()).toEqual([]);
    await importDump(legacy, target, { allowOldFormat: true });
    expect((await target.listTokens()).map((t) => [t.name, t.service])).toEqual((await sqlite.listTokens()).map((t) => [t.name, t.service]));
  });

  it('refuses a dump cut short, with a record missing or a reference dangling, and a store that is not empty', async () => {
    const sqlite = openSqlite('source.db');
    await seedRegistry(sqlite);
    const dump = await exportLines(sqlite);
    const target = openSqlite('target.db');
    const refusal = (lines: string[]) =>
      importDump(lines, target).then(
        () => '',
        (e: DumpError) => `${e.code}: ${e.message}`,
      );

    expect(await refusal(dump.slice(0, -3))).toMatch(/ERR_DUMP_INVALID: the dump has no end line after line \d+: it was cut short/);
    const tokenLine = dump.findIndex((l) => l.includes('"kind":"token"'));
    expect(await refusal(dump.filter((_, i) => i !== tokenLine))).toMatch(/end line counts 3 token records, the dump holds 2/);
    const webLine = dump.findIndex((l) => l.includes('"kind":"service"') && l.includes('"name":"web-app"'));
    expect(await refusal(dump.filter((_, i) => i !== webLine))).toMatch(/version f3c1a9e of web-app\): its service web-app is not in the dump/);
    expect(await refusal(['{"kind":"something"}', ...dump.slice(1)])).toMatch(/line 1: not an Overseer dump/);
    expect(await refusal([dump[0], 'not json', ...dump.slice(1)])).toMatch(/line 2: not JSON/);
    expect(await target.listServices()).toEqual([]);

    await importDump(dump, target);
    expect(await refusal(dump)).toBe('ERR_DUMP_TARGET_NOT_EMPTY: the target store is not empty: import into a new database or file');
  });

  // A tombstone edited into half of one (its revoker dropped) is damaged, not a token made live again.
  it('carries a revoked token as revoked, and refuses one that says when but not by whom', async () => {
    const sqlite = openSqlite('source.db');
    await sqlite.createToken({ name: 'leaked-ci', service: null, hash: sha256('leaked') });
    await sqlite.revokeToken('leaked-ci', 'admin');
    const dump = await exportLines(sqlite);
    const line = dump.findIndex((l) => l.includes('"kind":"token"'));
    expect(JSON.parse(dump[line])).toMatchObject({ name: 'leaked-ci', admin: true, revokedAt: expect.any(String), revokedBy: 'admin' });
    const half = dump.map((l, i) => (i === line ? JSON.stringify({ ...JSON.parse(l), revokedBy: undefined }) : l));
    const target = openSqlite('target.db');
    await expect(importDump(half, target)).rejects.toThrow(`line ${line + 1} (revoked token leaked-ci): revokedBy must be a string`);
    await importDump(dump, target);
    expect(await target.listTokens()).toEqual([]);
    expect((await target.findTokenByHash(sha256('leaked')))?.revokedBy).toBe('admin');
  });
});
