// Versions with their content-addressed contracts and their declarations; publishing is idempotent.

import type Database from 'better-sqlite3';
import type { Declaration, Waiver } from '../../../contracts/index.js';
import { groupBy } from '../../group-by.js';
import { StoreError } from '../errors.js';
import type { ContractRecord, PublishInput, PublishResult, VersionPage, VersionPageQuery, VersionRecord, VersionWithDeclarations } from '../store.js';
import { assertPublication, assertRepublishMatches, stringifyUses, toSourceColumns } from '../validate.js';
import { sortVersions } from '../version-order.js';
import { createVersionOrders, locateVersionPage } from '../version-page.js';
import { stringifyWaivers } from '../waivers.js';
import { prepareLatestRefresh } from './latest-versions.js';
import { createApiClaims } from './provided-apis.js';
import type { createServices } from './services.js';
import { watchVersionWrites } from './version-writes.js';

export interface VersionRow {
  service: string;
  version: string;
  commit_sha: string | null;
  published_by: string | null;
  contract_hash: string | null;
  waivers: string | null;
  manifest_file: string | null;
  repository: string | null;
  createdAt: string;
}

interface ContractRow {
  hash: string;
  canonical: string;
  text: string;
  format: 'yaml' | 'json';
  size: number;
  created_at: string;
}

export const VERSION_COLUMNS =
  'v.service, v.version, v.commit_sha, v.published_by, v.contract_hash, v.waivers, v.manifest_file, v.repository, v.created_at AS createdAt';

export function toVersion(row: VersionRow, branches: string[]): VersionRecord {
  return {
    service: row.service,
    version: row.version,
    branches,
    ...(row.commit_sha !== null && { commit: row.commit_sha }),
    ...(row.published_by !== null && { publisher: row.published_by }),
    contractHash: row.contract_hash,
    ...(row.waivers !== null && { waivers: JSON.parse(row.waivers) as Waiver[] }),
    ...(row.manifest_file !== null && { manifestFile: row.manifest_file }),
    ...(row.repository !== null && { repository: row.repository }),
    createdAt: row.createdAt,
  };
}

export function createVersions(db: Database.Database, now: () => string, services: ReturnType<typeof createServices>) {
  const selectVersion = db.prepare<[string, string], VersionRow>(`SELECT ${VERSION_COLUMNS} FROM versions v WHERE v.service = ? AND v.version = ?`);
  // Publish order (id) so that sorting, being stable, breaks ties between equal timestamps by it.
  const selectVersions = db.prepare<[string], VersionRow>(`SELECT ${VERSION_COLUMNS} FROM versions v WHERE v.service = ? ORDER BY v.id`);
  const selectVersionsOnBranch = db.prepare<[string, string], VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM versions v
     JOIN version_branches b ON b.service = v.service AND b.version = v.version
     WHERE v.service = ? AND b.branch = ? ORDER BY v.id`,
  );
  const selectBranches = db.prepare<[string], { version: string; branch: string }>(
    'SELECT version, branch FROM version_branches WHERE service = ? ORDER BY created_at, rowid',
  );
  const selectAllVersions = db.prepare<[], VersionRow>(`SELECT ${VERSION_COLUMNS} FROM versions v ORDER BY v.service, v.id`);
  const selectAllBranches = db.prepare<[], { service: string; version: string; branch: string }>(
    'SELECT service, version, branch FROM version_branches ORDER BY created_at, rowid',
  );
  // The same two reads for a list of services, passed as one JSON array.
  const selectVersionsOf = db.prepare<[string], VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM versions v WHERE v.service IN (SELECT value FROM json_each(?)) ORDER BY v.service, v.id`,
  );
  const selectBranchesOfServices = db.prepare<[string], { service: string; version: string; branch: string }>(
    'SELECT service, version, branch FROM version_branches WHERE service IN (SELECT value FROM json_each(?)) ORDER BY created_at, rowid',
  );
  const selectBranchNames = db.prepare<[], string>('SELECT DISTINCT branch FROM version_branches ORDER BY branch').pluck();
  const selectBranchKnown = db.prepare<[string], number>('SELECT EXISTS (SELECT 1 FROM version_branches WHERE branch = ?)').pluck();
  const selectBranchesOf = db
    .prepare<[string, string], string>('SELECT branch FROM version_branches WHERE service = ? AND version = ? ORDER BY created_at, rowid')
    .pluck();
  const insertVersion = db.prepare<[string, string, string | null, string | null, string | null, string | null, string | null, string | null, string]>(
    'INSERT INTO versions (service, version, commit_sha, published_by, contract_hash, waivers, manifest_file, repository, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertBranch = db.prepare<[string, string, string, string]>(
    'INSERT OR IGNORE INTO version_branches (service, version, branch, created_at) VALUES (?, ?, ?, ?)',
  );
  const selectContract = db.prepare<[string], ContractRow>('SELECT hash, canonical, text, format, size, created_at FROM contracts WHERE hash = ?');
  const selectContractText = db.prepare<[string], string>('SELECT text FROM contracts WHERE hash = ?').pluck();
  // Content-addressed: a contract already stored under its hash is the same contract.
  const insertContract = db.prepare<[string, string, string, string, number, string]>(
    'INSERT OR IGNORE INTO contracts (hash, canonical, text, format, size, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const hasContract = db.prepare<[string], number>('SELECT 1 FROM contracts WHERE hash = ?').pluck();
  // A contract the writer thread stored for a publication that then failed: kept only if some version uses it.
  const deleteUnused = db.prepare<[string, string]>('DELETE FROM contracts WHERE hash = ? AND NOT EXISTS (SELECT 1 FROM versions WHERE contract_hash = ?)');
  const selectDeclarations = db.prepare<[string, string], { provider: string; uses: string; api: string | null }>(
    'SELECT provider, uses, api FROM declarations WHERE service = ? AND version = ? ORDER BY provider',
  );
  const insertDeclaration = db.prepare<[string, string, string, string, string | null]>(
    'INSERT INTO declarations (service, version, provider, uses, api) VALUES (?, ?, ?, ?, ?)',
  );
  const apiClaims = createApiClaims(db);
  const refreshLatest = prepareLatestRefresh(db);

  function readDeclarations(service: string, version: string): Declaration[] {
    return selectDeclarations.all(service, version).map((row) => ({
      consumer: service,
      provider: row.provider,
      uses: JSON.parse(row.uses) as Declaration['uses'],
      ...(row.api !== null && { api: row.api }),
    }));
  }

  function readVersion(row: VersionRow): VersionRecord {
    return toVersion(row, selectBranchesOf.all(row.service, row.version));
  }

  function requireVersion(service: string, version: string): VersionRow {
    const row = selectVersion.get(service, version);
    if (row) return row;
    services.requireService(service);
    throw new StoreError('ERR_VERSION_UNKNOWN', `unknown version ${version} of ${service}`, { service, version });
  }

  function assertSameContent(existing: VersionRow, input: PublishInput): void {
    const waivers = toVersion(existing, []).waivers;
    assertRepublishMatches(input, { hash: existing.contract_hash, declarations: readDeclarations(existing.service, existing.version), waivers });
  }

  // `stored`: the writer thread has checked and written the contract's row already (contract-writer.ts).
  const publish = db.transaction((asked: PublishInput, stored: boolean): PublishResult => {
    // Nested in this transaction (a savepoint): the service exists only if the publication is written.
    const described = asked.describe && services.upsertService({ ...asked.describe, name: asked.service });
    services.requireService(asked.service);
    const input = { ...asked, declarations: apiClaims.prepare(asked.service, asked.declarations ?? [], asked.providesApis) };
    const time = now();
    const existing = selectVersion.get(input.service, input.version);
    if (existing) {
      assertSameContent(existing, input);
      const branchAdded = input.branch !== undefined && insertBranch.run(input.service, input.version, input.branch, time).changes > 0;
      const serviceUpdated = described && described.status === 'updated';
      return { status: 'unchanged', version: readVersion(existing), ...(branchAdded && { branchAdded }), ...(serviceUpdated && { serviceUpdated }) };
    }
    const { contract } = input;
    // A stored row may have been removed since, by the failure of another publication of the same contract.
    if (contract && !(stored && hasContract.get(contract.hash))) {
      const size = Buffer.byteLength(contract.canonical, 'utf8');
      insertContract.run(contract.hash, contract.canonical, contract.text, contract.format, size, time);
    }
    const waivers = stringifyWaivers(input.waivers);
    const { manifest_file, repository } = toSourceColumns(input);
    insertVersion.run(
      input.service,
      input.version,
      input.commit ?? null,
      input.publisher ?? null,
      contract?.hash ?? null,
      waivers,
      manifest_file,
      repository,
      time,
    );
    if (input.branch !== undefined) insertBranch.run(input.service, input.version, input.branch, time);
    for (const declaration of input.declarations ?? []) {
      insertDeclaration.run(input.service, input.version, declaration.provider, stringifyUses(declaration.uses), declaration.api ?? null);
    }
    refreshLatest(input.service);
    return { status: 'created', version: readVersion(selectVersion.get(input.service, input.version)!) };
  });

  const listVersions = db.transaction((service: string): VersionRecord[] => {
    services.requireService(service);
    const branches = new Map<string, string[]>();
    for (const { version, branch } of selectBranches.all(service)) {
      branches.set(version, [...(branches.get(version) ?? []), branch]);
    }
    return sortVersions(selectVersions.all(service)).map((row) => toVersion(row, branches.get(row.version) ?? []));
  });

  // Two reads for the whole registry, however many services: the dashboard lists them all at once.
  const listAllVersions = db.transaction((services?: readonly string[]): VersionRecord[] => {
    const names = services && JSON.stringify(services);
    const key = (service: string, version: string) => `${service}\u0000${version}`;
    const rows = names === undefined ? selectAllBranches.all() : selectBranchesOfServices.all(names);
    const branches = groupBy(
      rows,
      (row) => key(row.service, row.version),
      (row) => row.branch,
    );
    const out: VersionRecord[] = [];
    let group: VersionRow[] = [];
    const flush = () => {
      for (const row of sortVersions(group)) out.push(toVersion(row, branches.get(key(row.service, row.version)) ?? []));
      group = [];
    };
    for (const row of names === undefined ? selectAllVersions.all() : selectVersionsOf.all(names)) {
      if (group.length > 0 && group[0].service !== row.service) flush();
      group.push(row);
    }
    flush();
    return out;
  });

  // A page's reads: the service's stamp, its order only when that moved, then the page's own rows and branches.
  const orders = createVersionOrders();
  const selectStamp = db.prepare<[string], string>("SELECT count(*) || ':' || coalesce(max(id), 0) FROM versions WHERE service = ?").pluck();
  const selectOrderKeys = db.prepare<[string], { version: string; createdAt: string }>(
    'SELECT version, created_at AS createdAt FROM versions WHERE service = ? ORDER BY id',
  );
  const selectNamed = db.prepare<[string, string], VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM versions v WHERE v.service = ? AND v.version IN (SELECT value FROM json_each(?))`,
  );
  const selectNamedBranches = db.prepare<[string, string], { version: string; branch: string }>(
    'SELECT version, branch FROM version_branches WHERE service = ? AND version IN (SELECT value FROM json_each(?)) ORDER BY created_at, rowid',
  );
  const seen = watchVersionWrites(db);
  const readNames = (service: string): string[] => {
    // Read before anything else in the transaction: a commit after it moves it for the next read, never for a stale one.
    const mark = seen.get(service);
    services.requireService(service);
    const stamp = seen.stamp(service, mark, () => selectStamp.get(service)!);
    return orders.recall(service, stamp) ?? orders.remember(service, stamp, selectOrderKeys.all(service));
  };
  const listVersionNames = db.transaction(readNames);
  const listVersionPage = db.transaction((service: string, query: VersionPageQuery): VersionPage => {
    const names = readNames(service);
    const { start, page } = locateVersionPage(names, query);
    const named = JSON.stringify(page);
    const rows = new Map(selectNamed.all(service, named).map((row) => [row.version, row]));
    const branches = groupBy(
      selectNamedBranches.all(service, named),
      (row) => row.version,
      (row) => row.branch,
    );
    const versions = page.flatMap((version) => {
      const row = rows.get(version);
      return row ? [toVersion(row, branches.get(version) ?? [])] : [];
    });
    return { versions, start, total: names.length };
  });

  // Off any branch, the row publishing keeps (latest_versions): a consumers listing asks it of every consumer.
  const selectKeptLatest = db.prepare<[string], VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM latest_versions l JOIN versions v ON v.service = l.service AND v.version = l.version WHERE l.service = ?`,
  );
  const latestVersion = db.transaction((service: string, branch?: string): VersionRecord | undefined => {
    services.requireService(service);
    const latest = branch === undefined ? selectKeptLatest.get(service) : sortVersions(selectVersionsOnBranch.all(service, branch)).at(-1);
    return latest && readVersion(latest);
  });

  return {
    requireVersion,
    publishVersion(input: PublishInput, stored = false): PublishResult {
      assertPublication(stored ? { ...input, contract: undefined } : input);
      // IMMEDIATE takes the write lock before reading, so two publishers of one version cannot both insert.
      return publish.immediate(input, stored);
    },
    dropUnusedContract(hash: string): void {
      deleteUnused.run(hash, hash);
    },
    getVersion: db.transaction((service: string, version: string): VersionRecord | undefined => {
      const row = selectVersion.get(service, version);
      return row && readVersion(row);
    }),
    listVersions,
    listVersionPage,
    listVersionNames,
    listAllVersions,
    latestVersion,
    // One snapshot of them all, as PostgreSQL's one statement reads them.
    readLatestVersions: db.transaction((names: readonly string[], branch?: string): Map<string, VersionRecord> => {
      const latest = new Map<string, VersionRecord>();
      for (const service of new Set(names)) {
        const row = branch === undefined ? selectKeptLatest.get(service) : sortVersions(selectVersionsOnBranch.all(service, branch)).at(-1);
        if (row) latest.set(service, readVersion(row));
      }
      return latest;
    }),
    listBranches: (): string[] => selectBranchNames.all(),
    hasBranch: (branch: string): boolean => selectBranchKnown.get(branch) === 1,
    getContract(hash: string): ContractRecord | undefined {
      const row = selectContract.get(hash);
      return row && { hash: row.hash, canonical: row.canonical, text: row.text, format: row.format, size: row.size, createdAt: row.created_at };
    },
    readContractText: (hash: string): string | undefined => selectContractText.get(hash),
    readContractTexts: db.transaction((hashes: Iterable<string>): Map<string, string> => {
      const texts = new Map<string, string>();
      for (const hash of new Set(hashes)) {
        const text = selectContractText.get(hash);
        if (text !== undefined) texts.set(hash, text);
      }
      return texts;
    }),
    // One snapshot of the set, as PostgreSQL's one statement reads it.
    readVersionSet: db.transaction((refs: readonly { service: string; version: string }[]): (VersionWithDeclarations | undefined)[] =>
      refs.map(({ service, version }) => {
        const row = selectVersion.get(service, version);
        return row && { ...readVersion(row), declarations: readDeclarations(service, version) };
      }),
    ),
    getDeclarations: db.transaction((service: string, version: string): Declaration[] => {
      requireVersion(service, version);
      return readDeclarations(service, version);
    }),
  };
}
