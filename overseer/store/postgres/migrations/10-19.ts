// PostgreSQL migrations 10 and on: what lets readers keep what they read (an index in order, a derived table,
// generation counters moved at commit). There is no 13: SQLite's ids never given twice, which sequences already are.

import { LATEST_VERSION_GENERATION_TABLES, SERVICE_GENERATION_TABLES, USE_GENERATION_TABLES } from '../../use-generation.js';
import { fillLatestVersions } from '../latest-versions.js';
import type { Migration } from '../migrations.js';

// Names collate as "C" (bytes), as in migrations 1 to 9.
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
      -- A number every write that may change who uses whom moves, in any replica on this database: a reader that kept a
      -- hub's consumer listing reads this one row to know whether the listing still holds (overseer/gather/consumer-listings.ts).
      -- Bumped at commit (deferred) and once per transaction: the row is locked only while a writer commits, after every
      -- other lock it takes, so writers queue on it briefly and cannot deadlock on it.
      CREATE TABLE use_generation (id integer PRIMARY KEY CHECK (id = 1), n bigint NOT NULL, xact bigint NOT NULL);
      INSERT INTO use_generation (id, n, xact) VALUES (1, 0, 0);
      CREATE FUNCTION bump_use_generation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE use_generation SET n = n + 1, xact = txid_current() WHERE id = 1 AND xact <> txid_current();
        RETURN NULL;
      END
      $$;
      ${USE_GENERATION_TABLES.map(
        (table) =>
          `CREATE CONSTRAINT TRIGGER ${table}_use_generation AFTER INSERT OR UPDATE OR DELETE ON ${table}
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_use_generation();`,
      ).join('\n')}
    `,
  },
  {
    id: 12,
    name: 'latest version of each service',
    sql: `
      -- Derived (not exported): rewritten from versions on every publication and import. The dashboard's graph reads
      -- every consumer's latest edges through it in one join; deciding "latest" (semver) in code read every version.
      CREATE TABLE latest_versions (
        service text COLLATE "C" PRIMARY KEY REFERENCES services (name),
        version text COLLATE "C" NOT NULL
      );
    `,
    fill: fillLatestVersions,
  },
  {
    id: 14,
    name: 'service generation',
    sql: `
      -- As migration 11 for the services' own records: the dashboard keeps every service's name and owner while it reads the same.
      CREATE TABLE service_generation (id integer PRIMARY KEY CHECK (id = 1), n bigint NOT NULL, xact bigint NOT NULL);
      INSERT INTO service_generation (id, n, xact) VALUES (1, 0, 0);
      CREATE FUNCTION bump_service_generation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE service_generation SET n = n + 1, xact = txid_current() WHERE id = 1 AND xact <> txid_current();
        RETURN NULL;
      END
      $$;
      ${SERVICE_GENERATION_TABLES.map(
        (table) =>
          `CREATE CONSTRAINT TRIGGER ${table}_service_generation AFTER INSERT OR UPDATE OR DELETE ON ${table}
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_service_generation();`,
      ).join('\n')}
    `,
  },
  {
    id: 15,
    name: 'deployment and latest-version generations',
    sql: `
      -- As in SQLite's migration 15: an environment's deployments move its own number, the latest versions another, so
      -- that the dashboard keeps an environment's scope across publications and the latest scope across deployments.
      -- Moved at commit and once per transaction, as 11 and 14. A deployment's transaction touches one environment, and its
      -- triggers fire in event order (deployment_generation before use_generation): no two writers lock them crosswise.
      CREATE TABLE deployment_generations (environment text COLLATE "C" PRIMARY KEY, n bigint NOT NULL, xact bigint NOT NULL);
      CREATE FUNCTION bump_deployment_generation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'DELETE' THEN
          INSERT INTO deployment_generations AS g (environment, n, xact) VALUES (NEW.environment, 1, txid_current())
            ON CONFLICT (environment) DO UPDATE SET n = g.n + 1, xact = txid_current() WHERE g.xact <> txid_current();
        END IF;
        IF TG_OP <> 'INSERT' THEN
          INSERT INTO deployment_generations AS g (environment, n, xact) VALUES (OLD.environment, 1, txid_current())
            ON CONFLICT (environment) DO UPDATE SET n = g.n + 1, xact = txid_current() WHERE g.xact <> txid_current();
        END IF;
        RETURN NULL;
      END
      $$;
      CREATE CONSTRAINT TRIGGER deployments_deployment_generation AFTER INSERT OR UPDATE OR DELETE ON deployments
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_deployment_generation();

      CREATE TABLE latest_version_generation (id integer PRIMARY KEY CHECK (id = 1), n bigint NOT NULL, xact bigint NOT NULL);
      INSERT INTO latest_version_generation (id, n, xact) VALUES (1, 0, 0);
      CREATE FUNCTION bump_latest_version_generation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE latest_version_generation SET n = n + 1, xact = txid_current() WHERE id = 1 AND xact <> txid_current();
        RETURN NULL;
      END
      $$;
      ${LATEST_VERSION_GENERATION_TABLES.map(
        (table) =>
          `CREATE CONSTRAINT TRIGGER ${table}_latest_version_generation AFTER INSERT OR UPDATE OR DELETE ON ${table}
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_latest_version_generation();`,
      ).join('\n')}
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
        api text COLLATE "C" PRIMARY KEY,
        service text COLLATE "C" NOT NULL REFERENCES services (name)
      );
      ALTER TABLE declarations ADD COLUMN api text COLLATE "C";
      CREATE INDEX declarations_by_api ON declarations (api);
    `,
  },
  {
    id: 18,
    name: 'observed calls per consumer version',
    sql: `
      -- A span's service.version says which version of the caller made the call: the gate leaves out the calls of a
      -- version its environment has replaced. '' where the span named none (every call stored before this).
      ALTER TABLE observed_calls ADD COLUMN consumer_version text COLLATE "C" NOT NULL DEFAULT '';
      ALTER TABLE observed_calls DROP CONSTRAINT observed_calls_pkey;
      ALTER TABLE observed_calls ADD PRIMARY KEY (consumer, provider, operation, environment, consumer_version);
    `,
  },
  {
    id: 19,
    name: 'declared providers no service is named',
    sql: `
      -- As SQLite's migration 19: each provider a declaration names while no service has that name, so that the gate's
      -- ask reads this usually empty table instead of every edge live in its environment. Not deferred: a writer that
      -- names a provider no service has (once per name) and a registration of that name may both commit, leaving a row
      -- for a service that exists; the read leaves such rows out, and a row is never missing for a name no service has.
      CREATE TABLE unknown_providers (provider text COLLATE "C" PRIMARY KEY);
      INSERT INTO unknown_providers (provider)
        SELECT DISTINCT provider FROM declarations d WHERE NOT EXISTS (SELECT 1 FROM services s WHERE s.name = d.provider);
      CREATE FUNCTION note_unknown_providers() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- In the providers' order, so that two writers naming the same new providers take them in the same order.
        INSERT INTO unknown_providers (provider)
          SELECT DISTINCT n.provider FROM named n WHERE NOT EXISTS (SELECT 1 FROM services s WHERE s.name = n.provider)
          ORDER BY n.provider ON CONFLICT DO NOTHING;
        RETURN NULL;
      END
      $$;
      -- A statement's rows at once: an import writes every declaration in a few statements.
      CREATE TRIGGER declarations_insert_unknown_provider AFTER INSERT ON declarations
        REFERENCING NEW TABLE AS named FOR EACH STATEMENT EXECUTE FUNCTION note_unknown_providers();
      -- An API claim released moves declarations back to the API's name (store/provided-apis.ts).
      CREATE TRIGGER declarations_update_unknown_provider AFTER UPDATE ON declarations
        REFERENCING NEW TABLE AS named FOR EACH STATEMENT EXECUTE FUNCTION note_unknown_providers();
      CREATE FUNCTION forget_unknown_provider() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM unknown_providers WHERE provider = NEW.name;
        RETURN NULL;
      END
      $$;
      CREATE TRIGGER services_insert_unknown_provider AFTER INSERT ON services
        FOR EACH ROW EXECUTE FUNCTION forget_unknown_provider();
    `,
  },
];
