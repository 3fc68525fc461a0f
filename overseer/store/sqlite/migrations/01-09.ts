// SQLite migrations 1 to 9: the registry's records as features added them (services to deployments, notifications,
// live versions, observed calls, waivers, repeated verdicts, tokens, the migration watch). Applied SQL never changes.

import type { Migration } from '../migrations.js';

export const MIGRATIONS_01_09: readonly Migration[] = [
  {
    id: 1,
    name: 'registry',
    sql: `
      CREATE TABLE services (
        name TEXT PRIMARY KEY,
        owners TEXT NOT NULL,                 -- JSON array of strings
        slack TEXT,
        repository TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE contracts (
        hash TEXT PRIMARY KEY,                -- SHA-256 of canonical
        canonical TEXT NOT NULL,
        text TEXT NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('yaml', 'json')),
        size INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE versions (
        id INTEGER PRIMARY KEY,               -- publish order, breaks ties between equal timestamps
        service TEXT NOT NULL REFERENCES services (name),
        version TEXT NOT NULL,
        commit_sha TEXT,
        contract_hash TEXT REFERENCES contracts (hash),
        created_at TEXT NOT NULL,
        UNIQUE (service, version)
      ) STRICT;

      CREATE TABLE version_branches (
        service TEXT NOT NULL,
        version TEXT NOT NULL,
        branch TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (service, version, branch),
        FOREIGN KEY (service, version) REFERENCES versions (service, version)
      ) STRICT;
      CREATE INDEX version_branches_by_branch ON version_branches (service, branch);

      CREATE TABLE declarations (
        service TEXT NOT NULL,                -- the consumer
        version TEXT NOT NULL,
        provider TEXT NOT NULL,
        uses TEXT NOT NULL,                   -- JSON: "*" or OperationUsage[]
        PRIMARY KEY (service, version, provider),
        FOREIGN KEY (service, version) REFERENCES versions (service, version)
      ) STRICT;
      CREATE INDEX declarations_by_provider ON declarations (provider);

      CREATE TABLE environments (
        name TEXT PRIMARY KEY,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE deployments (
        id INTEGER PRIMARY KEY,
        service TEXT NOT NULL,
        version TEXT NOT NULL,
        environment TEXT NOT NULL REFERENCES environments (name),
        deployed_at TEXT NOT NULL,
        replaced_at TEXT,                     -- NULL while this is the current deployment
        FOREIGN KEY (service, version) REFERENCES versions (service, version)
      ) STRICT;
      -- At most one current deployment of a service per environment, whatever the code does.
      CREATE UNIQUE INDEX deployments_current ON deployments (environment, service) WHERE replaced_at IS NULL;
      CREATE INDEX deployments_by_service ON deployments (service, environment);

      CREATE TABLE verdicts (
        id INTEGER PRIMARY KEY,
        service TEXT NOT NULL,                -- no foreign key: unknown versions are asked about too
        version TEXT NOT NULL,
        environment TEXT NOT NULL,
        asked_by TEXT NOT NULL,
        deployable INTEGER NOT NULL CHECK (deployable IN (0, 1)),
        reasons TEXT NOT NULL,                -- JSON VerdictReason[]
        asked_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX verdicts_by_service ON verdicts (service, id);

      CREATE TABLE tokens (
        name TEXT PRIMARY KEY,
        service TEXT,                         -- NULL: admin
        hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    id: 2,
    name: 'notifications',
    sql: `
      CREATE TABLE notifications (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,             -- idempotency key: one delivery per event and destination
        event TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('slack', 'github', 'webhook')),
        target TEXT NOT NULL,
        payload TEXT NOT NULL,                -- JSON
        verdict_id INTEGER,
        status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_attempt_at TEXT NOT NULL,
        lease_owner TEXT,                     -- the worker delivering it now; NULL when free
        lease_until TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        delivered_at TEXT
      ) STRICT;
      CREATE INDEX notifications_due ON notifications (status, next_attempt_at);

      CREATE TABLE webhooks (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL,
        events TEXT NOT NULL,                 -- JSON array of event types, or ["*"]
        secret TEXT NOT NULL,                 -- HMAC key: needed in clear to sign
        created_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    id: 3,
    name: 'live-versions',
    // Several versions of a service may be live in one environment (a rollout, a canary, released apps): the
    // one-current-row index gives way to one live row per version and kind.
    sql: `
      ALTER TABLE deployments ADD COLUMN live TEXT NOT NULL DEFAULT 'deployed' CHECK (live IN ('deployed', 'rolling', 'released'));
      DROP INDEX deployments_current;
      CREATE UNIQUE INDEX deployments_live ON deployments (environment, service, version, live) WHERE replaced_at IS NULL;
    `,
  },
  {
    id: 4,
    name: 'observed-calls',
    sql: `
      CREATE TABLE observed_calls (
        consumer TEXT NOT NULL,               -- no foreign keys: traces may name services before they publish
        provider TEXT NOT NULL,
        operation TEXT NOT NULL,              -- "GET /users/{id}" as the provider's contract writes it
        environment TEXT NOT NULL,
        count INTEGER NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        PRIMARY KEY (consumer, provider, operation, environment)
      ) STRICT;
      CREATE INDEX observed_calls_by_provider ON observed_calls (provider, environment);
      CREATE INDEX observed_calls_by_last_seen ON observed_calls (last_seen);
    `,
  },
  {
    id: 5,
    name: 'publisher and slack mention',
    sql: `
      ALTER TABLE versions ADD COLUMN published_by TEXT;   -- who published it: a name given, else the token's
      ALTER TABLE services ADD COLUMN slack_mention TEXT;  -- a Slack user group or user id to mention
    `,
  },
  {
    id: 6,
    name: 'waivers',
    sql: `
      ALTER TABLE versions ADD COLUMN waivers TEXT;  -- JSON Waiver[] published with it (file and line kept); NULL: none
      ALTER TABLE verdicts ADD COLUMN waived TEXT;   -- JSON WaivedChange[]; NULL when the version carried no waivers
      ALTER TABLE verdicts ADD COLUMN notices TEXT;  -- JSON Notice[]: its waivers that expired or matched nothing
    `,
  },
  {
    id: 7,
    name: 'repeated verdicts',
    // An identical ask answered identically within the window bumps one row instead of adding another.
    sql: `
      ALTER TABLE verdicts ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE verdicts ADD COLUMN last_asked_at TEXT;
      UPDATE verdicts SET last_asked_at = asked_at;
      -- The identity of the question and its answer, held only by the newest row of each: the one a repeat may join.
      ALTER TABLE verdicts ADD COLUMN fingerprint TEXT;
      CREATE UNIQUE INDEX verdicts_by_fingerprint ON verdicts (fingerprint);
      CREATE INDEX verdicts_by_last_asked ON verdicts (last_asked_at);
    `,
  },
  {
    id: 8,
    name: 'ingest tokens and service hosts',
    // Tokens made before keep their meaning (no service: admin); an ingest token has no service and may only post telemetry.
    sql: `
      ALTER TABLE tokens ADD COLUMN scope TEXT CHECK (scope IS NULL OR (scope = 'ingest' AND service IS NULL));
      ALTER TABLE services ADD COLUMN hosts TEXT;  -- JSON array of lower-case host names; NULL: none listed
    `,
  },
  {
    id: 9,
    name: 'migration watch',
    sql: `
      CREATE TABLE migration_watch (         -- derived: rebuilt by the next check, not exported
        provider TEXT NOT NULL,
        environment TEXT NOT NULL,
        part TEXT NOT NULL,                   -- the deprecated part: operation, and parameter or field
        users TEXT NOT NULL,                  -- JSON array of consumer names
        used_since TEXT,                      -- when its users went from none to some; null while unused
        updated_at TEXT NOT NULL,
        PRIMARY KEY (provider, environment, part)
      ) STRICT;
    `,
  },
];
