// Services: the names, owners and channels that everything else hangs from.

import type Database from 'better-sqlite3';
import { hostTaken, StoreError } from '../errors.js';
import { describeNearNames, keepNearNames } from '../near-names.js';
import { assertNameUnclaimed } from '../provided-apis.js';
import { findHolders, isNewRepository, repositoryTaken } from '../repository-holders.js';
import { readServiceQuery } from '../service-query.js';
import type { KeyPage, ServiceInput, ServicePage, ServiceQuery, ServiceRecord, WriteStatus } from '../store.js';
import { assertService, readKeyPage } from '../validate.js';
import { AFTER_NAME, PAGE_LIMIT, type PageBounds } from './key-pages.js';

export interface ServiceRow {
  name: string;
  owners: string;
  slack: string | null;
  slack_mention: string | null;
  repository: string | null;
  hosts: string | null;
  created_at: string;
  updated_at: string;
}

export const SERVICE_COLUMNS = 'name, owners, slack, slack_mention, repository, hosts, created_at, updated_at';

export function toService(row: ServiceRow): ServiceRecord {
  return {
    name: row.name,
    owners: JSON.parse(row.owners) as string[],
    ...(row.slack !== null && { slack: row.slack }),
    ...(row.slack_mention !== null && { slackMention: row.slack_mention }),
    ...(row.repository !== null && { repository: row.repository }),
    ...(row.hosts !== null && { hosts: JSON.parse(row.hosts) as string[] }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function createServices(db: Database.Database, now: () => string) {
  const select = db.prepare<[string], ServiceRow>(`SELECT ${SERVICE_COLUMNS} FROM services WHERE name = ?`);
  const selectAll = db.prepare<PageBounds<string>, ServiceRow>(`SELECT ${SERVICE_COLUMNS} FROM services WHERE ${AFTER_NAME} ORDER BY name ${PAGE_LIMIT}`);
  // The list page's filters: a name or an owner containing the text (names are lower case), a set of names, and
  // being live somewhere; prepared once per combination.
  const FILTERS = {
    needle: '(instr(name, @needle) > 0 OR EXISTS (SELECT 1 FROM json_each(owners) o WHERE instr(lower(o.value), @needle) > 0))',
    names: 'name IN (SELECT value FROM json_each(@names))',
    liveOr:
      '(EXISTS (SELECT 1 FROM deployments d WHERE d.service = services.name AND d.replaced_at IS NULL) OR name IN (SELECT value FROM json_each(@liveOr)))',
  };
  const prepared = new Map<
    string,
    { count: Database.Statement<Record<string, unknown>, number>; page: Database.Statement<Record<string, unknown>, ServiceRow> }
  >();
  function prepareFilter(used: (keyof typeof FILTERS)[]) {
    const key = used.join(',');
    const known = prepared.get(key);
    if (known) return known;
    const where = used.length > 0 ? `WHERE ${used.map((u) => FILTERS[u]).join(' AND ')}` : '';
    const statements = {
      count: db.prepare<Record<string, unknown>, number>(`SELECT count(*) FROM services ${where}`).pluck(),
      page: db.prepare<Record<string, unknown>, ServiceRow>(`SELECT ${SERVICE_COLUMNS} FROM services ${where} ORDER BY name LIMIT @limit OFFSET @offset`),
    };
    prepared.set(key, statements);
    return statements;
  }
  const countAll = db.prepare<[], number>('SELECT count(*) FROM services').pluck();
  const selectNear = db
    .prepare<[number, number, string], [string]>(
      'SELECT name FROM services WHERE length(name) BETWEEN ? AND ? AND EXISTS (SELECT 1 FROM json_each(?) p WHERE instr(lower(name), p.value) > 0) ORDER BY name',
    )
    .raw(true);
  const selectOwners = db.prepare<[], [string, string | null]>("SELECT name, owners ->> '$[0]' FROM services ORDER BY name").raw(true);
  const insert = db.prepare<[string, string, string | null, string | null, string | null, string | null, string, string]>(
    `INSERT INTO services (${SERVICE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare<[string, string | null, string | null, string | null, string | null, string, string]>(
    'UPDATE services SET owners = ?, slack = ?, slack_mention = ?, repository = ?, hosts = ?, updated_at = ? WHERE name = ?',
  );

  // A host names one service: observed calls are attributed by it. Checked inside the write, so two services
  // registered at once cannot both claim it.
  const selectHostOwner = db.prepare<[string, string], { name: string; host: string }>(
    `SELECT s.name AS name, h.value AS host FROM services s, json_each(s.hosts) h
     WHERE s.hosts IS NOT NULL AND s.name <> ? AND h.value IN (SELECT value FROM json_each(?))
     ORDER BY s.name, h.key LIMIT 1`,
  );

  function assertHostsFree(name: string, hosts: string | null): void {
    const owner = hosts === null ? undefined : selectHostOwner.get(name, hosts);
    if (owner) throw hostTaken(owner.host, owner.name, name);
  }

  // Names written as URLs or in another case are read alike: the text narrows the rows, the key decides.
  const selectRepositoryNamers = db.prepare<[string, string], { name: string; repository: string | null }>(
    'SELECT name, repository FROM services WHERE repository IS NOT NULL AND name <> ? AND instr(lower(repository), ?) > 0',
  );

  function assertRepositoryFree(name: string, previous: string | null, repository: string | null): void {
    const key = isNewRepository(previous, repository);
    if (key === undefined) return;
    const holders = findHolders(selectRepositoryNamers.all(name, key), key, name);
    if (holders.length > 0) throw repositoryTaken(key, holders, name);
  }

  const selectApiOwner = db.prepare<[string], string>('SELECT service FROM provided_apis WHERE api = ?').pluck();
  const selectProvidedApis = db.prepare<[], { api: string; service: string }>('SELECT api, service FROM provided_apis ORDER BY api');

  // Moved by the triggers of migration 14 on every write to services.
  const selectServiceGeneration = db.prepare<[], number>('SELECT n FROM service_generation WHERE id = 1').pluck();

  const upsert = db.transaction((service: ServiceInput): { status: WriteStatus; service: ServiceRecord } => {
    const owners = JSON.stringify(service.owners);
    const slack = service.slack ?? null;
    const mention = service.slackMention ?? null;
    const repository = service.repository ?? null;
    const hosts = service.hosts && service.hosts.length > 0 ? JSON.stringify(service.hosts) : null;
    const existing = select.get(service.name);
    const time = now();
    if (!existing) {
      assertNameUnclaimed(service.name, selectApiOwner.get(service.name));
      assertHostsFree(service.name, hosts);
      assertRepositoryFree(service.name, null, repository);
      insert.run(service.name, owners, slack, mention, repository, hosts, time, time);
      return { status: 'created', service: toService(select.get(service.name)!) };
    }
    const same = [existing.owners, existing.slack, existing.slack_mention, existing.repository, existing.hosts];
    if (same.every((value, i) => value === [owners, slack, mention, repository, hosts][i])) {
      return { status: 'unchanged', service: toService(existing) };
    }
    if (hosts !== existing.hosts) assertHostsFree(service.name, hosts);
    assertRepositoryFree(service.name, existing.repository, repository);
    update.run(owners, slack, mention, repository, hosts, time, service.name);
    return { status: 'updated', service: toService(select.get(service.name)!) };
  });

  return {
    upsertService(service: ServiceInput) {
      assertService(service);
      return upsert.immediate(service);
    },
    getService(name: string): ServiceRecord | undefined {
      const row = select.get(name);
      return row && toService(row);
    },
    listServices(page?: KeyPage<string>): ServiceRecord[] {
      return selectAll.all(readKeyPage(page)).map(toService);
    },
    findServices(query?: ServiceQuery): ServicePage {
      const { needle, names, liveOr, offset, limit } = readServiceQuery(query);
      const params: Record<string, string> = {
        ...(needle !== undefined && { needle }),
        ...(names !== undefined && { names: JSON.stringify(names) }),
        ...(liveOr !== undefined && { liveOr: JSON.stringify(liveOr) }),
      };
      const statements = prepareFilter((Object.keys(FILTERS) as (keyof typeof FILTERS)[]).filter((f) => f in params));
      const services = statements.page.all({ ...params, limit, offset }).map(toService);
      return { services, matching: statements.count.get(params)!, total: countAll.get()! };
    },
    readServiceGeneration: (): number => selectServiceGeneration.get() ?? 0,
    listServiceNamesNear(name: string, edits: number): string[] {
      const { shortest, longest, pieces } = describeNearNames(name, edits);
      return keepNearNames(
        name,
        edits,
        selectNear.all(shortest, longest, JSON.stringify(pieces)).map(([found]) => found),
      );
    },
    listServiceOwners(): { name: string; owner?: string }[] {
      return selectOwners.all().map(([name, owner]) => (owner === null ? { name } : { name, owner }));
    },
    listProvidedApis: (): { api: string; service: string }[] => selectProvidedApis.all(),
    /** Throws ERR_SERVICE_UNKNOWN; for verbs that act under a service. */
    requireService(name: string): void {
      if (!select.get(name)) throw new StoreError('ERR_SERVICE_UNKNOWN', `unknown service: ${name}`, { service: name });
    },
  };
}
