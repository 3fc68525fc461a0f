// SQLite migrations 10 and on: what lets readers keep what they read (an index in order, derived tables, generation
// counters moved by triggers) and ids never given twice. Applied SQL never changes; a new migration goes at the end.

import {
  LATEST_VERSION_GENERATION_TABLES,
  SERVICE_GENERATION_TABLES,
  sqliteDeploymentGenerationTriggers,
  sqliteGenerationTriggers,
  USE_GENERATION_TABLES,
} from '../../use-generation.js';
import { fillLatestVersions } from '../latest-versions.js';
import type { Migration } from '../migrations.js';

export const MIGRATIONS_10_19: readonly Migration[] = [
  {
    id: 10,
    name: 'consumers by provider in order',
    sql: `
      -- The gate lists a hub's consumers (its declarations by provider, joined to the versions live) on every ask: with
      -- the consumer in the index, the join needs no table read for versions not live, and the rows come out in order.
      CREATE INDEX declarations_by_provider_consumer ON declarations (provider, service, version);
      DROP INDEX declarations_by_provider;
    `,
  },
  {
    id: 11,
    name: 'use generation',
    sql: `
      -- A number every write that may change who uses whom moves, in any process on this file: a reader that kept a
      -- hub's consumer listing reads this one row to know whether the listing still holds (overseer/gather/consumer-listings.ts).
      CREATE TABLE use_generation (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL) STRICT;
      INSERT INTO use_generation (id, n) VALUES (1, 0);
      ${sqliteGenerationTriggers('use_generation', USE_GENERATION_TABLES)}
    `,
  },
  {
    id: 12,
    name: 'latest version of each service',
    sql: `
      -- Derived (not exported): rewritten from versions on every publication and import. The dashboard's graph reads
      -- every consumer's latest edges through it in one join; deciding "latest" (semver) in code read every version.
      CREATE TABLE latest_versions (
        service TEXT PRIMARY KEY REFERENCES services (name),
        version TEXT NOT NULL
      ) STRICT;
    `,
    fill: fillLatestVersions,
  },
  {
    id: 13,
    name: 'ids never given twice',
    sql: `
      -- A verdict's id is in the links Slack and GitHub keep, a webhook's in the deliveries queued for it. Without
      -- AUTOINCREMENT SQLite gives the largest id again once its row is gone (every verdict pruned, the newest webhook
      -- deleted): an old link would open another verdict, a queued delivery would go to another webhook's URL, signed
      -- with its secret. PostgreSQL's sequences never go back. The tables are rebuilt: SQLite cannot add the keyword.
      CREATE TABLE verdicts_next (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        service TEXT NOT NULL,
        version TEXT NOT NULL,
        environment TEXT NOT NULL,
        asked_by TEXT NOT NULL,
        deployable INTEGER NOT NULL CHECK (deployable IN (0, 1)),
        reasons TEXT NOT NULL,
        asked_at TEXT NOT NULL,
        waived TEXT,
        notices TEXT,
        count INTEGER NOT NULL DEFAULT 1,
        last_asked_at TEXT,
        fingerprint TEXT
      ) STRICT;
      INSERT INTO verdicts_next (id, service, version, environment, asked_by, deployable, reasons, asked_at, waived, notices, count, last_asked_at, fingerprint)
        SELECT id, service, version, environment, asked_by, deployable, reasons, asked_at, waived, notices, count, last_asked_at, fingerprint FROM verdicts;
      DROP TABLE verdicts;
      ALTER TABLE verdicts_next RENAME TO verdicts;
      CREATE INDEX verdicts_by_service ON verdicts (service, id);
      CREATE UNIQUE INDEX verdicts_by_fingerprint ON verdicts (fingerprint);
      CREATE INDEX verdicts_by_last_asked ON verdicts (last_asked_at);

      CREATE TABLE webhooks_next (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        url TEXT NOT NULL,
        events TEXT NOT NULL,
        secret TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      INSERT INTO webhooks_next (id, url, events, secret, created_at) SELECT id, url, events, secret, created_at FROM webhooks;
      DROP TABLE webhooks;
      ALTER TABLE webhooks_next RENAME TO webhooks;
    `,
  },
  {
    id: 14,
    name: 'service generation',
    sql: `
      -- As migration 11 for the services' own records: the dashboard keeps every service's name and owner while it reads the same.
      CREATE TABLE service_generation (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL) STRICT;
      INSERT INTO service_generation (id, n) VALUES (1, 0);
      ${sqliteGenerationTriggers('service_generation', SERVICE_GENERATION_TABLES)}
    `,
  },
  {
    id: 15,
    name: 'deployment and latest-version generations',
    sql: `
      -- The use generation (11) moves with every publication and every deployment. An environment's deployments change
      -- only with its own deployment generation, and the latest versions' listings only with the latest-version one:
      -- the dashboard keeps an environment's scope across publications and the latest scope across deployments.
      CREATE TABLE deployment_generations (environment TEXT PRIMARY KEY, n INTEGER NOT NULL) STRICT;
      ${sqliteDeploymentGenerationTriggers()}
      CREATE TABLE latest_version_generation (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL) STRICT;
      INSERT INTO latest_version_generation (id, n) VALUES (1, 0);
      ${sqliteGenerationTriggers('latest_version_generation', LATEST_VERSION_GENERATION_TABLES)}
    `,
  },
  {
    id: 16,
    name: 'branches by name',
    sql: `
      -- The gate asks whether a branch scope names a branch some version was published on, at every check with a
      -- branch: the index by (service, branch) cannot answer that without reading every row.
      CREATE INDEX version_branches_by_name ON version_branches (branch);
    `,
  },
  {
    id: 17,
    name: 'APIs each service provides',
    sql: `
      -- Backstage names APIs (consumesApis: users-api), not the services providing them (providesApis on users-service):
      -- a claim maps the one to the other, and a declaration keeps the API name its consumer wrote (null when it named a
      -- service), so that a claim made after the consumer published still finds its declarations.
      CREATE TABLE provided_apis (
        api TEXT PRIMARY KEY,
        service TEXT NOT NULL REFERENCES services (name)
      ) STRICT;
      ALTER TABLE declarations ADD COLUMN api TEXT;
      CREATE INDEX declarations_by_api ON declarations (api);
    `,
  },
  {
    id: 18,
    name: 'observed calls per consumer version',
    sql: `
      -- A span's service.version says which version of the caller made the call: the gate leaves out the calls of a
      -- version its environment has replaced. '' where the span named none (every call stored before this).
      CREATE TABLE observed_calls_by_version (
        consumer TEXT NOT NULL,
        consumer_version TEXT NOT NULL DEFAULT '',
        provider TEXT NOT NULL,
        operation TEXT NOT NULL,
        environment TEXT NOT NULL,
        count INTEGER NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        PRIMARY KEY (consumer, provider, operation, environment, consumer_version)
      ) STRICT;
      INSERT INTO observed_calls_by_version (consumer, provider, operation, environment, count, first_seen, last_seen)
        SELECT consumer, provider, operation, environment, count, first_seen, last_seen FROM observed_calls;
      DROP TABLE observed_calls;
      ALTER TABLE observed_calls_by_version RENAME TO observed_calls;
      CREATE INDEX observed_calls_by_provider ON observed_calls (provider, environment);
      CREATE INDEX observed_calls_by_last_seen ON observed_calls (last_seen);
    `,
  },
  {
    id: 19,
    name: 'declared providers no service is named',
    sql: `
      -- The gate counts a live consumer whose manifest misspells its provider (user-service) as a consumer of the service
      -- it most likely means (overseer/gather/misdirected-uses.ts). Derived (not exported): each provider a declaration
      -- names while no service has that name, kept by the triggers below, so that an ask reads this usually empty table
      -- instead of every edge live in its environment. Rows are never removed but when the service is registered: a name
      -- no declaration still uses is left out by the read (store.listUnknownProviders).
      CREATE TABLE unknown_providers (provider TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
      INSERT INTO unknown_providers (provider)
        SELECT DISTINCT provider FROM declarations WHERE provider NOT IN (SELECT name FROM services);
      CREATE TRIGGER declarations_insert_unknown_provider AFTER INSERT ON declarations
        WHEN NOT EXISTS (SELECT 1 FROM services WHERE name = NEW.provider)
        BEGIN INSERT OR IGNORE INTO unknown_providers (provider) VALUES (NEW.provider); END;
      -- An API claim released moves declarations back to the API's name (store/provided-apis.ts).
      CREATE TRIGGER declarations_update_unknown_provider AFTER UPDATE OF provider ON declarations
        WHEN NOT EXISTS (SELECT 1 FROM services WHERE name = NEW.provider)
        BEGIN INSERT OR IGNORE INTO unknown_providers (provider) VALUES (NEW.provider); END;
      CREATE TRIGGER services_insert_unknown_provider AFTER INSERT ON services
        BEGIN DELETE FROM unknown_providers WHERE provider = NEW.name; END;
    `,
  },
];
