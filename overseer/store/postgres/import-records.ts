// An import into PostgreSQL: records sent as they are read, in batches of rows, all in one locked transaction, so that a
// dump of millions of records never sits in memory and a failure midway leaves the database as it was.

import type pg from 'pg';
import { ID_KINDS, ID_TABLES, type LastIds, RECORD_TABLES, type StoreRecord } from '../store.js';
import { stringifyUses } from '../validate.js';
import { cleanWaivers } from '../waivers.js';
import { type Transaction, transact } from './db.js';
import { fillLatestVersions } from './latest-versions.js';

type RecordOf<K extends StoreRecord['kind']> = Extract<StoreRecord, { kind: K }>;
type Row = Record<string, unknown>;
type Table = (typeof RECORD_TABLES)[number];

const MAX_CHUNK_CHARS = 4_000_000;
const SEQUENCED: readonly Table[] = ['versions', 'version_branches', 'deployments', 'verdicts', 'revoked_tokens', 'webhooks', 'notifications'];

/** A batch's rows by table, and the ids given so far to rows the dump carries without one (counted across batches). */
type Rows = Record<Table, Row[]> & { given: Record<'versions' | 'version_branches' | 'revoked_tokens', number> };

// Each record as rows named as the schema's columns, for json_populate_recordset.
const ADD_ROWS: { [K in StoreRecord['kind']]: (rows: Rows, r: RecordOf<K>) => void } = {
  service: (rows, r) => {
    rows.services.push({
      name: r.name,
      owners: r.owners,
      slack: r.slack ?? null,
      slack_mention: r.slackMention ?? null,
      repository: r.repository ?? null,
      hosts: r.hosts ?? null,
      created_at: r.createdAt,
      updated_at: r.updatedAt,
    });
    for (const api of r.apis ?? []) rows.provided_apis.push({ api, service: r.name });
  },
  contract: (rows, r) => rows.contracts.push({ hash: r.hash, canonical: r.canonical, text: r.text, format: r.format, size: r.size, created_at: r.createdAt }),
  version: addVersionRows,
  environment: (rows, r) => rows.environments.push({ name: r.name, created_at: r.createdAt }),
  deployment: (rows, r) =>
    rows.deployments.push({
      id: r.id,
      service: r.service,
      version: r.version,
      environment: r.environment,
      live: r.live,
      deployed_at: r.deployedAt,
      replaced_at: r.replacedAt,
    }),
  verdict: (rows, r) =>
    rows.verdicts.push({
      id: r.id,
      service: r.service,
      version: r.version,
      environment: r.environment,
      asked_by: r.askedBy,
      deployable: r.deployable,
      reasons: r.reasons,
      waived: r.waived ?? null,
      notices: r.notices ?? null,
      asked_at: r.askedAt,
      count: r.count,
      last_asked_at: r.lastAskedAt,
    }),
  token: (rows, r) => {
    const token = { name: r.name, service: r.service, hash: r.hash, scope: r.scope ?? null, created_at: r.createdAt };
    if (r.revokedAt === undefined) return void rows.tokens.push(token);
    rows.revoked_tokens.push({ id: ++rows.given.revoked_tokens, ...token, revoked_at: r.revokedAt, revoked_by: r.revokedBy ?? null });
  },
  webhook: (rows, r) => rows.webhooks.push({ id: r.id, url: r.url, events: r.events, secret: r.secret, created_at: r.createdAt }),
  // Leases are left out: an imported notification is free for any worker to claim.
  notification: (rows, r) =>
    rows.notifications.push({
      id: r.id,
      key: r.key,
      event: r.event,
      channel: r.channel,
      target: r.target,
      payload: r.payload ?? null,
      verdict_id: r.verdictId ?? null,
      status: r.status,
      attempts: r.attempts,
      last_error: r.lastError,
      next_attempt_at: r.nextAttemptAt,
      created_at: r.createdAt,
      updated_at: r.updatedAt,
      delivered_at: r.deliveredAt,
    }),
  'observed-call': (rows, r) =>
    rows.observed_calls.push({
      consumer: r.consumer,
      consumer_version: r.consumerVersion ?? '',
      provider: r.provider,
      operation: r.operation,
      environment: r.environment,
      count: r.count,
      first_seen: r.firstSeen,
      last_seen: r.lastSeen,
    }),
};

function addVersionRows(rows: Rows, r: RecordOf<'version'>): void {
  const key = { service: r.service, version: r.version };
  // Ids given in record order, so that publish order (the tie-breaker of version order) is kept.
  rows.versions.push({
    id: ++rows.given.versions,
    ...key,
    commit_sha: r.commit ?? null,
    published_by: r.publisher ?? null,
    contract_hash: r.contractHash,
    waivers: r.waivers && r.waivers.length > 0 ? cleanWaivers(r.waivers) : null,
    manifest_file: r.manifestFile ?? null,
    repository: r.repository ?? null,
    created_at: r.createdAt,
  });
  // The version's time stands for when each branch was added; ids keep their order.
  for (const branch of r.branches) rows.version_branches.push({ id: ++rows.given.version_branches, ...key, branch, created_at: r.createdAt });
  // Uses as SQLite and publishing store them: keys sorted.
  for (const d of r.declarations)
    rows.declarations.push({ ...key, provider: d.provider, uses: JSON.parse(stringifyUses(d.uses)) as unknown, api: d.api ?? null });
}

function emptyRows(given: Rows['given']): Rows {
  return { ...(Object.fromEntries(RECORD_TABLES.map((t) => [t, [] as Row[]])) as Record<Table, Row[]>), given };
}

function* chunkJson(rows: Row[]): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const row of rows) {
    const text = JSON.stringify(row);
    if (parts.length > 0 && size + text.length > MAX_CHUNK_CHARS) {
      yield `[${parts.join(',')}]`;
      [parts, size] = [[], 0];
    }
    parts.push(text);
    size += text.length + 1;
  }
  if (parts.length > 0) yield `[${parts.join(',')}]`;
}

async function writeRows(tx: Transaction, table: Table, rows: Row[]): Promise<void> {
  for (const chunk of chunkJson(rows)) {
    await tx.execute(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::json)`, [chunk]);
  }
}

async function isEmpty(tx: Transaction): Promise<boolean> {
  const [row] = await tx.query<{ taken: boolean }>(`SELECT ${RECORD_TABLES.map((t) => `EXISTS (SELECT 1 FROM ${t})`).join(' OR ')} AS taken`);
  return !row.taken;
}

export async function importRecords(pool: pg.Pool, records: Iterable<StoreRecord> | AsyncIterable<StoreRecord>, lastIds?: LastIds): Promise<boolean> {
  const imported = await writeImport(pool, records, lastIds);
  // A bulk load leaves the planner without statistics until autovacuum gets to the tables, a minute or more later:
  // meanwhile a registry of 5,000 services moved here planned its reads blind, and its first checks and asks cost
  // many times their usual CPU. The tables are analysed once the rows are in.
  if (imported) await pool.query('ANALYZE');
  return imported;
}

/** Rows are sent once a batch holds this many records or characters of contracts: memory holds a batch, not the dump. */
const BATCH_RECORDS = 2000;

// The records arrive in export order, referenced kinds first: each batch's tables are written in RECORD_TABLES order,
// so that every row a foreign key names is in before it. Never tried again: the records cannot be read twice.
function writeImport(pool: pg.Pool, records: Iterable<StoreRecord> | AsyncIterable<StoreRecord>, lastIds?: LastIds): Promise<boolean> {
  return transact(
    pool,
    async (tx) => {
      // Writers on any replica wait until the import is in; readers go on.
      await tx.execute(`LOCK TABLE ${RECORD_TABLES.join(', ')} IN EXCLUSIVE MODE`);
      if (!(await isEmpty(tx))) return false;
      let [rows, count, chars] = [emptyRows({ versions: 0, version_branches: 0, revoked_tokens: 0 }), 0, 0];
      const flush = async () => {
        for (const table of RECORD_TABLES) await writeRows(tx, table, rows[table]);
        [rows, count, chars] = [emptyRows(rows.given), 0, 0];
      };
      for await (const record of records) {
        (ADD_ROWS[record.kind] as (rows: Rows, r: StoreRecord) => void)(rows, record);
        count += 1;
        if (record.kind === 'contract') chars += record.text.length + record.canonical.length;
        if (count >= BATCH_RECORDS || chars >= MAX_CHUNK_CHARS) await flush();
      }
      await flush();
      await finish(tx, lastIds);
      return true;
    },
    { once: true },
  );
}

/** What the records imply once they are all in: latest versions, API claims of older dumps, sequences past the ids given. */
async function finish(tx: Transaction, lastIds: LastIds | undefined): Promise<void> {
  await fillLatestVersions(tx);
  // A dump before format 5 carries no API claims of its own: each API a declaration was resolved by is claimed again.
  await tx.execute(
    'INSERT INTO provided_apis (api, service) SELECT DISTINCT api, provider FROM declarations WHERE api IS NOT NULL AND api <> provider ON CONFLICT DO NOTHING',
  );
  for (const table of SEQUENCED) {
    const kind = ID_KINDS.find((k) => ID_TABLES[k] === table);
    // Versions and branches never leave the registry by id: the largest imported is enough.
    const last = kind && lastIds ? lastIds[kind] : 0;
    await tx.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST(COALESCE(MAX(id), 0), $1::bigint) + 1, false) FROM ${table}`, [last]);
  }
}
