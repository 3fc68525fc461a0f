// PostgreSQL migrations 1 to 9: the registry's records as features added them (services to deployments, notifications,
// live versions, observed calls, waivers, repeated verdicts, tokens, the migration watch). Applied SQL never changes.

import type { Migration } from '../migrations.js';

// Names collate as "C" (bytes), so lists come out in the order SQLite gives, whatever the database's locale.
export const MIGRATIONS_01_09: readonly Migration[] = [
  {
    id: 1,
    name: 'registry',
    sql: `
      CREATE TABLE services (
        name text COLLATE "C" PRIMARY KEY,
        owners text[] NOT NULL,
        slack text,
        repository text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );

      CREATE TABLE contracts (
        hash text COLLATE "C" PRIMARY KEY,    -- SHA-256 of canonical
        canonical text NOT NULL,
        text text NOT NULL,
        format text NOT NULL CHECK (format IN ('yaml', 'json')),
        size integer NOT NULL,
        created_at timestamptz NOT NULL
      );

      CREATE TABLE versions (
        id bigserial PRIMARY KEY,             -- publish order, breaks ties between equal timestamps
        service text COLLATE "C" NOT NULL REFERENCES services (name),
        version text COLLATE "C" NOT NULL,
        commit_sha text,
        contract_hash text COLLATE "C" REFERENCES contracts (hash),
        created_at timestamptz NOT NULL,
        UNIQUE (service, version)
      );

      CREATE TABLE version_branches (
        id bigserial NOT NULL,                -- order of branches added at the same millisecond
        service text COLLATE "C" NOT NULL,
        version text COLLATE "C" NOT NULL,
        branch text COLLATE "C" NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (service, version, branch),
        FOREIGN KEY (service, version) REFERENCES versions (service, version)
      );
      CREATE INDEX version_branches_by_branch ON version_branches (service, branch);

      CREATE TABLE declarations (
        service text COLLATE "C" NOT NULL,    -- the consumer
        version text COLLATE "C" NOT NULL,
        provider text COLLATE "C" NOT NULL,
        uses json NOT NULL,                   -- "*" or OperationUsage[], as written (json keeps key order)
        PRIMARY KEY (service, version, provider),
        FOREIGN KEY (service, version) REFERENCES versions (service, version)
      );
      CREATE INDEX declarations_by_provider ON declarations (provider);

      CREATE TABLE environments (
        name text COLLATE "C" PRIMARY KEY,
        created_at timestamptz NOT NULL
      );

      CREATE TABLE deployments (
        id bigserial PRIMARY KEY,
        service text COLLATE "C" NOT NULL,
        version text COLLATE "C" NOT NULL,
        environment text COLLATE "C" NOT NULL REFERENCES environments (name),
        deployed_at timestamptz NOT NULL,
        replaced_at timestamptz,              -- NULL while this is the current deployment
        FOREIGN KEY (service, version) REFERENCES versions (service, version)
      );
      -- At most one current deployment of a service per environment, whatever the code or a replica does.
      CREATE UNIQUE INDEX deployments_current ON deployments (environment, service) WHERE replaced_at IS NULL;
      CREATE INDEX deployments_by_service ON deployments (service, environment);

      CREATE TABLE verdicts (
        id bigserial PRIMARY KEY,
        service text COLLATE "C" NOT NULL,    -- no foreign key: unknown versions are asked about too
        version text COLLATE "C" NOT NULL,
        environment text COLLATE "C" NOT NULL,
        asked_by text NOT NULL,
        deployable boolean NOT NULL,
        reasons json NOT NULL,                -- VerdictReason[]
        asked_at timestamptz NOT NULL
      );
      CREATE INDEX verdicts_by_service ON verdicts (service, id);

      CREATE TABLE tokens (
        name text COLLATE "C" PRIMARY KEY,
        service text COLLATE "C",             -- NULL: admin
        hash text COLLATE "C" NOT NULL UNIQUE,
        created_at timestamptz NOT NULL
      );
    `,
  },
  {
    id: 2,
    name: 'notifications',
    sql: `
      CREATE TABLE notifications (
        id bigserial PRIMARY KEY,
        key text COLLATE "C" NOT NULL UNIQUE, -- idempotency key: one delivery per event and destination
        event text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('slack', 'github', 'webhook')),
        target text NOT NULL,
        payload json NOT NULL,
        verdict_id bigint,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        next_attempt_at timestamptz NOT NULL,
        lease_owner text,                     -- the worker delivering it now; NULL when free
        lease_until timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        delivered_at timestamptz
      );
      CREATE INDEX notifications_due ON notifications (status, next_attempt_at);

      CREATE TABLE webhooks (
        id bigserial PRIMARY KEY,
        url text NOT NULL,
        events text[] NOT NULL,               -- event types, or {*}
        secret text NOT NULL,                 -- HMAC key: needed in clear to sign
        created_at timestamptz NOT NULL
      );
    `,
  },
  {
    id: 3,
    name: 'live-versions',
    // Several versions of a service may be live in one environment (a rollout, a canary, released apps): the
    // one-current-row index gives way to one live row per version and kind.
    sql: `
      ALTER TABLE deployments ADD COLUMN live text NOT NULL DEFAULT 'deployed' CHECK (live IN ('deployed', 'rolling', 'released'));
      DROP INDEX deployments_current;
      CREATE UNIQUE INDEX deployments_live ON deployments (environment, service, version, live) WHERE replaced_at IS NULL;
    `,
  },
  {
    id: 4,
    name: 'observed-calls',
    sql: `
      CREATE TABLE observed_calls (
        consumer text COLLATE "C" NOT NULL,   -- no foreign keys: traces may name services before they publish
        provider text COLLATE "C" NOT NULL,
        operation text COLLATE "C" NOT NULL,  -- "GET /users/{id}" as the provider's contract writes it
        environment text COLLATE "C" NOT NULL,
        count bigint NOT NULL,
        first_seen timestamptz NOT NULL,
        last_seen timestamptz NOT NULL,
        PRIMARY KEY (consumer, provider, operation, environment)
      );
      CREATE INDEX observed_calls_by_provider ON observed_calls (provider, environment);
      CREATE INDEX observed_calls_by_last_seen ON observed_calls (last_seen);
    `,
  },
  {
    id: 5,
    name: 'publisher and slack mention',
    sql: `
      ALTER TABLE versions ADD COLUMN published_by text;   -- who published it: a name given, else the token's
      ALTER TABLE services ADD COLUMN slack_mention text;  -- a Slack user group or user id to mention
    `,
  },
  {
    id: 6,
    name: 'waivers',
    sql: `
      ALTER TABLE versions ADD COLUMN waivers json;  -- Waiver[] published with it (file and line kept); NULL: none
      ALTER TABLE verdicts ADD COLUMN waived json;   -- WaivedChange[]; NULL when the version carried no waivers
      ALTER TABLE verdicts ADD COLUMN notices json;  -- Notice[]: its waivers that expired or matched nothing
    `,
  },
  {
    id: 7,
    name: 'repeated verdicts',
    // An identical ask answered identically within the window bumps one row instead of adding another.
    sql: `
      ALTER TABLE verdicts ADD COLUMN count bigint NOT NULL DEFAULT 1;
      ALTER TABLE verdicts ADD COLUMN last_asked_at timestamptz;
      UPDATE verdicts SET last_asked_at = asked_at;
      ALTER TABLE verdicts ALTER COLUMN last_asked_at SET NOT NULL;
      -- The identity of the question and its answer, held only by the newest row of each: the one a repeat may join.
      ALTER TABLE verdicts ADD COLUMN fingerprint text COLLATE "C";
      CREATE UNIQUE INDEX verdicts_by_fingerprint ON verdicts (fingerprint);
      CREATE INDEX verdicts_by_last_asked ON verdicts (last_asked_at);
    `,
  },
  {
    id: 8,
    name: 'ingest tokens and service hosts',
    // Tokens made before keep their meaning (no service: admin); an ingest token has no service and may only post telemetry.
    sql: `
      ALTER TABLE tokens ADD COLUMN scope text CHECK (scope IS NULL OR (scope = 'ingest' AND service IS NULL));
      ALTER TABLE services ADD COLUMN hosts text[];  -- lower-case host names; NULL: none listed
    `,
  },
  {
    id: 9,
    name: 'migration watch',
    sql: `
      CREATE TABLE migration_watch (         -- derived: rebuilt by the next check, not exported
        provider text NOT NULL,
        environment text NOT NULL,
        part text NOT NULL,                   -- the deprecated part: operation, and parameter or field
        users jsonb NOT NULL,                 -- array of consumer names
        used_since timestamptz,               -- when its users went from none to some; null while unused
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (provider, environment, part)
      );
    `,
  },
];
