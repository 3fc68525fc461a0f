// Versions with their content-addressed contracts and their declarations; publishing is idempotent across replicas.

import type pg from 'pg';
import type { Declaration, Waiver } from '../../../contracts/index.js';
import { groupBy } from '../../group-by.js';
import { StoreError } from '../errors.js';
import type { ContractRecord, Outbox, PublishInput, PublishResult, VersionPage, VersionPageQuery, VersionRecord, VersionWithDeclarations } from '../store.js';
import { assertPublication, assertRepublishMatches, stringifyUses, toSourceColumns } from '../validate.js';
import { sortVersions } from '../version-order.js';
import { createVersionOrders, locateVersionPage } from '../version-page.js';
import { stringifyWaivers } from '../waivers.js';
import { type Queryable, type Transaction, transact } from './db.js';
import { refreshLatestVersions } from './latest-versions.js';
import { enqueueAfter } from './outbox.js';
import { prepareDeclarations } from './provided-apis.js';
import { requireService, writeService } from './services.js';

export interface VersionRow {
  service: string;
  version: string;
  commit_sha: string | null;
  published_by: string | null;
  contract_hash: string | null;
  waivers: Waiver[] | null;
  manifest_file: string | null;
  repository: string | null;
  createdAt: string;
  branches: string[];
}

// Branches come along in the same statement, so a version and its branches are one snapshot.
const VERSION_COLUMNS = `v.service, v.version, v.commit_sha, v.published_by, v.contract_hash, v.waivers, v.manifest_file, v.repository, v.created_at AS "createdAt",
  ARRAY(SELECT b.branch FROM version_branches b WHERE b.service = v.service AND b.version = v.version ORDER BY b.created_at, b.id) AS branches`;
const CONTRACT_COLUMNS = 'hash, canonical, text, format, size, created_at AS "createdAt"';

export function toVersion(row: VersionRow): VersionRecord {
  return {
    service: row.service,
    version: row.version,
    branches: row.branches,
    ...(row.commit_sha !== null && { commit: row.commit_sha }),
    ...(row.published_by !== null && { publisher: row.published_by }),
    contractHash: row.contract_hash,
    ...(row.waivers !== null && { waivers: row.waivers }),
    ...(row.manifest_file !== null && { manifestFile: row.manifest_file }),
    ...(row.repository !== null && { repository: row.repository }),
    createdAt: row.createdAt,
  };
}

async function selectVersion(db: Queryable, service: string, version: string): Promise<VersionRow | undefined> {
  const [row] = await db.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM versions v WHERE v.service = $1 AND v.version = $2`, [service, version]);
  return row;
}

async function readDeclarations(db: Queryable, service: string, version: string): Promise<Declaration[]> {
  const rows = await db.query<DeclarationRow>('SELECT provider, uses, api FROM declarations WHERE service = $1 AND version = $2 ORDER BY provider', [
    service,
    version,
  ]);
  return rows.map((row) => toDeclaration(service, row));
}

type DeclarationRow = { provider: string; uses: Declaration['uses']; api: string | null };

// The versions and their declarations in one statement: the gate's set cost three round trips per version one at a time.
async function readVersionSet(db: Queryable, refs: readonly { service: string; version: string }[]): Promise<(VersionWithDeclarations | undefined)[]> {
  if (refs.length === 0) return [];
  const rows = await db.query<VersionRow & { declarations: DeclarationRow[] }>(
    `SELECT ${VERSION_COLUMNS}, COALESCE((SELECT json_agg(json_build_object('provider', d.provider, 'uses', d.uses, 'api', d.api) ORDER BY d.provider)
       FROM declarations d WHERE d.service = v.service AND d.version = v.version), '[]'::json) AS declarations
     FROM versions v JOIN unnest($1::text[], $2::text[]) AS k (service, version) ON v.service = k.service AND v.version = k.version`,
    [refs.map((r) => r.service), refs.map((r) => r.version)],
  );
  const byKey = new Map(rows.map((row) => [JSON.stringify([row.service, row.version]), row]));
  return refs.map(({ service, version }) => {
    const row = byKey.get(JSON.stringify([service, version]));
    return row && { ...toVersion(row), declarations: row.declarations.map((d) => toDeclaration(service, d)) };
  });
}

function toDeclaration(consumer: string, row: DeclarationRow): Declaration {
  return { consumer, provider: row.provider, uses: row.uses, ...(row.api !== null && { api: row.api }) };
}

/** Throws ERR_SERVICE_UNKNOWN or ERR_VERSION_UNKNOWN. */
export async function requireVersion(db: Queryable, service: string, version: string): Promise<void> {
  if ((await db.query('SELECT 1 FROM versions WHERE service = $1 AND version = $2', [service, version])).length > 0) return;
  await requireService(db, service);
  throw new StoreError('ERR_VERSION_UNKNOWN', `unknown version ${version} of ${service}`, { service, version });
}

async function assertSameContent(tx: Transaction, existing: VersionRow, input: PublishInput): Promise<void> {
  const declarations = await readDeclarations(tx, existing.service, existing.version);
  assertRepublishMatches(input, { hash: existing.contract_hash, declarations, ...(existing.waivers !== null && { waivers: existing.waivers }) });
}

/** Whether the branch was new to the version. */
async function insertBranch(tx: Transaction, input: PublishInput): Promise<boolean> {
  if (input.branch === undefined) return false;
  const added = await tx.execute('INSERT INTO version_branches (service, version, branch, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
    input.service,
    input.version,
    input.branch,
    await tx.now(),
  ]);
  return added > 0;
}

async function insertVersion(tx: Transaction, input: PublishInput): Promise<void> {
  const { contract } = input;
  const time = await tx.now();
  if (contract) {
    // Content-addressed: a contract already stored under its hash is the same contract (the first text is kept).
    await tx.execute('INSERT INTO contracts (hash, canonical, text, format, size, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (hash) DO NOTHING', [
      contract.hash,
      contract.canonical,
      contract.text,
      contract.format,
      Buffer.byteLength(contract.canonical, 'utf8'),
      time,
    ]);
  }
  await tx.execute(
    'INSERT INTO versions (service, version, commit_sha, contract_hash, created_at, published_by, waivers, manifest_file, repository) VALUES ($1, $2, $3, $4, $5, $6, $7::json, $8, $9)',
    [
      input.service,
      input.version,
      input.commit ?? null,
      contract?.hash ?? null,
      time,
      input.publisher ?? null,
      stringifyWaivers(input.waivers),
      ...Object.values(toSourceColumns(input)),
    ],
  );
  const declarations = input.declarations ?? [];
  if (declarations.length === 0) return;
  await tx.execute(
    'INSERT INTO declarations (service, version, provider, uses, api) SELECT $1, $2, p, u::json, a FROM unnest($3::text[], $4::text[], $5::text[]) AS d (p, u, a)',
    [input.service, input.version, declarations.map((d) => d.provider), declarations.map((d) => stringifyUses(d.uses)), declarations.map((d) => d.api ?? null)],
  );
}

async function publish(tx: Transaction, asked: PublishInput): Promise<PublishResult> {
  // In this transaction: the service exists only if the publication is written.
  const described = asked.describe && (await writeService(tx, { ...asked.describe, name: asked.service }));
  await requireService(tx, asked.service);
  const input = { ...asked, declarations: await prepareDeclarations(tx, asked.service, asked.declarations ?? [], asked.providesApis) };
  const existing = await selectVersion(tx, input.service, input.version);
  let branchAdded = false;
  if (existing) {
    await assertSameContent(tx, existing, input);
    branchAdded = await insertBranch(tx, input);
  } else {
    await insertVersion(tx, input);
    await insertBranch(tx, input);
    await refreshLatestVersions(tx, [input.service]);
  }
  const row = await selectVersion(tx, input.service, input.version);
  const serviceUpdated = existing !== undefined && described !== undefined && described.status === 'updated';
  return {
    status: existing ? 'unchanged' : 'created',
    version: toVersion(row!),
    ...(branchAdded && { branchAdded }),
    ...(serviceUpdated && { serviceUpdated }),
  };
}

export function createVersions(pool: pg.Pool, db: Queryable) {
  const orders = createVersionOrders();
  // The service's stamp, one row written with its versions (migration 22), its order only when that moved (another
  // replica's publication moves it too).
  async function readNames(service: string): Promise<string[]> {
    const [row] = await db.query<{ stamp: string }>('SELECT writes::text AS stamp FROM version_stamps WHERE service = $1', [service]);
    const stamp = row?.stamp ?? '0';
    if (stamp === '0') await requireService(db, service);
    const names = orders.recall(service, stamp);
    if (names) return names;
    const keys = await db.query<{ version: string; createdAt: string }>(
      'SELECT version, created_at AS "createdAt" FROM versions WHERE service = $1 ORDER BY id',
      [service],
    );
    return orders.remember(service, stamp, keys);
  }
  return {
    async publishVersion(input: PublishInput, outbox?: Outbox<PublishResult>): Promise<PublishResult> {
      assertPublication(input);
      // One publisher per service at a time, on any replica: no lost update, and publish times that follow publish order.
      return transact(pool, async (tx) => enqueueAfter(tx, await publish(tx, input), outbox), { lock: { space: 'version', key: input.service } });
    },
    async getVersion(service: string, version: string): Promise<VersionRecord | undefined> {
      const row = await selectVersion(db, service, version);
      return row && toVersion(row);
    },
    async listVersions(service: string): Promise<VersionRecord[]> {
      // Publish order (id) so that sorting, being stable, breaks ties between equal timestamps by it.
      const rows = await db.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM versions v WHERE v.service = $1 ORDER BY v.id`, [service]);
      if (rows.length === 0) await requireService(db, service);
      return sortVersions(rows).map(toVersion);
    },
    listVersionNames: readNames,
    // The names in order, then the page's rows.
    async listVersionPage(service: string, query: VersionPageQuery): Promise<VersionPage> {
      const names = await readNames(service);
      const { start, page } = locateVersionPage(names, query);
      const rows = await db.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM versions v WHERE v.service = $1 AND v.version = ANY($2::text[])`, [
        service,
        page,
      ]);
      const byName = new Map(rows.map((row) => [row.version, row]));
      const versions = page.flatMap((version) => {
        const row = byName.get(version);
        return row ? [toVersion(row)] : [];
      });
      return { versions, start, total: names.length };
    },
    async listAllVersions(services?: readonly string[]): Promise<VersionRecord[]> {
      const rows = await db.query<VersionRow>(
        `SELECT ${VERSION_COLUMNS} FROM versions v WHERE $1::text[] IS NULL OR v.service = ANY($1::text[]) ORDER BY v.service, v.id`,
        [services ? [...services] : null],
      );
      const out: VersionRecord[] = [];
      // Rows come grouped by service; each group is put in version order on its own.
      for (let start = 0; start < rows.length; ) {
        let end = start;
        while (end < rows.length && rows[end].service === rows[start].service) end++;
        for (const row of sortVersions(rows.slice(start, end))) out.push(toVersion(row));
        start = end;
      }
      return out;
    },
    async latestVersion(service: string, branch?: string): Promise<VersionRecord | undefined> {
      // Off any branch, the row publishing keeps (latest_versions): a consumers listing asks it of every consumer.
      if (branch === undefined) {
        const [kept] = await db.query<VersionRow>(
          `SELECT ${VERSION_COLUMNS} FROM latest_versions l JOIN versions v ON v.service = l.service AND v.version = l.version WHERE l.service = $1`,
          [service],
        );
        if (!kept) await requireService(db, service);
        return kept && toVersion(kept);
      }
      const rows = await db.query<VersionRow>(
        `SELECT ${VERSION_COLUMNS} FROM versions v WHERE v.service = $1 AND ($2::text IS NULL OR EXISTS (
           SELECT 1 FROM version_branches b WHERE b.service = v.service AND b.version = v.version AND b.branch = $2)) ORDER BY v.id`,
        [service, branch ?? null],
      );
      if (rows.length === 0) await requireService(db, service);
      const latest = sortVersions(rows).at(-1);
      return latest && toVersion(latest);
    },
    async readLatestVersions(services: readonly string[], branch?: string): Promise<Map<string, VersionRecord>> {
      const named = [...new Set(services)];
      if (named.length === 0) return new Map();
      if (branch === undefined) {
        const kept = await db.query<VersionRow>(
          `SELECT ${VERSION_COLUMNS} FROM latest_versions l JOIN versions v ON v.service = l.service AND v.version = l.version WHERE l.service = ANY($1::text[])`,
          [named],
        );
        return new Map(kept.map((row) => [row.service, toVersion(row)]));
      }
      const rows = await db.query<VersionRow>(
        `SELECT ${VERSION_COLUMNS} FROM versions v WHERE v.service = ANY($1::text[]) AND EXISTS (
           SELECT 1 FROM version_branches b WHERE b.service = v.service AND b.version = v.version AND b.branch = $2) ORDER BY v.service, v.id`,
        [named, branch],
      );
      return new Map([...groupBy(rows, (row) => row.service)].map(([service, versions]) => [service, toVersion(sortVersions(versions).at(-1)!)]));
    },
    async listBranches(): Promise<string[]> {
      const rows = await db.query<{ branch: string }>('SELECT DISTINCT branch COLLATE "C" AS branch FROM version_branches ORDER BY 1');
      return rows.map((r) => r.branch);
    },
    async hasBranch(branch: string): Promise<boolean> {
      const [row] = await db.query<{ known: boolean }>('SELECT EXISTS (SELECT 1 FROM version_branches WHERE branch = $1) AS known', [branch]);
      return row.known;
    },
    async getContract(hash: string): Promise<ContractRecord | undefined> {
      const [row] = await db.query<ContractRecord>(`SELECT ${CONTRACT_COLUMNS} FROM contracts WHERE hash = $1`, [hash]);
      return row && { ...row };
    },
    async readContractText(hash: string): Promise<string | undefined> {
      const [row] = await db.query<{ text: string }>('SELECT text FROM contracts WHERE hash = $1', [hash]);
      return row?.text;
    },
    async readContractTexts(hashes: Iterable<string>): Promise<Map<string, string>> {
      const asked = [...new Set(hashes)];
      if (asked.length === 0) return new Map();
      const rows = await db.query<{ hash: string; text: string }>('SELECT hash, text FROM contracts WHERE hash = ANY($1::text[])', [asked]);
      return new Map(rows.map((row) => [row.hash, row.text]));
    },
    readVersionSet: (refs: readonly { service: string; version: string }[]) => readVersionSet(db, refs),
    async getDeclarations(service: string, version: string): Promise<Declaration[]> {
      const declarations = await readDeclarations(db, service, version);
      if (declarations.length === 0) await requireVersion(db, service, version);
      return declarations;
    },
  };
}
