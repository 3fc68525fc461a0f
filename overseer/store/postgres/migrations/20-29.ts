// PostgreSQL migrations 20 and on. Applied SQL never changes; a new migration goes at the end.

import type { Migration } from '../migrations.js';

export const MIGRATIONS_20_29: readonly Migration[] = [
  {
    id: 20,
    name: 'version edit generation',
    sql: `
      -- As in SQLite's migration 20: what rewrites a stored version's row or declarations (an API claim, an import), or
      -- adds declarations to a deployed version, moves this number, which an environment's and the latest scope's
      -- generations add; a publication's new versions leave it alone. Moved at commit and once per transaction, as 11.
      CREATE TABLE version_edit_generation (id integer PRIMARY KEY CHECK (id = 1), n bigint NOT NULL, xact bigint NOT NULL);
      INSERT INTO version_edit_generation (id, n, xact) VALUES (1, 0, 0);
      CREATE FUNCTION bump_version_edit_generation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' AND NOT EXISTS (SELECT 1 FROM deployments WHERE service = NEW.service AND version = NEW.version) THEN
          RETURN NULL;
        END IF;
        UPDATE version_edit_generation SET n = n + 1, xact = txid_current() WHERE id = 1 AND xact <> txid_current();
        RETURN NULL;
      END
      $$;
      CREATE CONSTRAINT TRIGGER declarations_version_edit_generation AFTER INSERT OR UPDATE OR DELETE ON declarations
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_version_edit_generation();
      CREATE CONSTRAINT TRIGGER versions_version_edit_generation AFTER UPDATE OR DELETE ON versions
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_version_edit_generation();
    `,
  },
  {
    id: 21,
    name: 'observed call generation',
    sql: `
      -- As SQLite's observed_call_generation (its 20): the gate keeps a hub's observed calls while this reads the same
      -- (store.readWriteMark). It was the WAL insert position, which every recorded verdict moves, and every
      -- can-i-deploy records one: the calls were read again on nearly every ask. Any replica's write of observed calls
      -- (recording, pruning, an import) moves this, and nothing else does. Moved at commit and once per transaction, as 11.
      CREATE TABLE observed_call_generation (id integer PRIMARY KEY CHECK (id = 1), n bigint NOT NULL, xact bigint NOT NULL);
      INSERT INTO observed_call_generation (id, n, xact) VALUES (1, 0, 0);
      CREATE FUNCTION bump_observed_call_generation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE observed_call_generation SET n = n + 1, xact = txid_current() WHERE id = 1 AND xact <> txid_current();
        RETURN NULL;
      END
      $$;
      CREATE CONSTRAINT TRIGGER observed_calls_observed_call_generation AFTER INSERT OR UPDATE OR DELETE ON observed_calls
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_observed_call_generation();
    `,
  },
  {
    id: 22,
    name: 'version stamps',
    sql: `
      -- Each service's count of writes to its versions (inserted, rewritten, deleted), kept where they are written: a
      -- page of versions, or an ask about a version the service never published, read the service's order again only
      -- when this moved, and counting its versions for that read every index entry of the service on each call (SQLite
      -- keeps the same mark per connection instead: its version-writes.ts). Moved in the writer's transaction, so a
      -- reader's snapshot sees it move with the rows; publications of one service already wait for each other.
      CREATE TABLE version_stamps (service text PRIMARY KEY, writes bigint NOT NULL);
      INSERT INTO version_stamps (service, writes) SELECT service, count(*) FROM versions GROUP BY service;
      CREATE FUNCTION stamp_version_writes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO version_stamps AS s (service, writes) SELECT service, count(*) FROM written GROUP BY service
            ON CONFLICT (service) DO UPDATE SET writes = s.writes + EXCLUDED.writes;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO version_stamps AS s (service, writes) SELECT service, count(*) FROM gone GROUP BY service
            ON CONFLICT (service) DO UPDATE SET writes = s.writes + EXCLUDED.writes;
        ELSE
          INSERT INTO version_stamps AS s (service, writes) SELECT service, 1 FROM (SELECT service FROM gone UNION SELECT service FROM written) u
            ON CONFLICT (service) DO UPDATE SET writes = s.writes + EXCLUDED.writes;
        END IF;
        RETURN NULL;
      END
      $$;
      -- A trigger with transition tables takes one event: three, each statement's rows stamped together (an import's thousands).
      CREATE TRIGGER versions_stamp_insert AFTER INSERT ON versions
        REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION stamp_version_writes();
      CREATE TRIGGER versions_stamp_update AFTER UPDATE ON versions
        REFERENCING OLD TABLE AS gone NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION stamp_version_writes();
      CREATE TRIGGER versions_stamp_delete AFTER DELETE ON versions
        REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION stamp_version_writes();
    `,
  },
  {
    id: 23,
    name: 'where a version declares its uses',
    sql: `
      -- As SQLite's 23: the version's manifest path in its repository and that repository, for "declared at" on reasons
      -- about consumers read from the registry. Null for versions published before, or without a manifest.
      ALTER TABLE versions ADD COLUMN manifest_file text;
      ALTER TABLE versions ADD COLUMN repository text;
    `,
  },
  {
    id: 24,
    name: 'revoked tokens kept',
    sql: `
      -- As SQLite's 24: a revoked token's row, kept so that its next use and a second revoke are told "revoked".
      CREATE TABLE revoked_tokens (
        id bigserial PRIMARY KEY,
        name text COLLATE "C" NOT NULL,
        service text COLLATE "C",
        hash text COLLATE "C" NOT NULL UNIQUE,
        scope text,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz NOT NULL,
        revoked_by text NOT NULL
      );
      CREATE INDEX revoked_tokens_by_name ON revoked_tokens (name, id);
    `,
  },
  {
    id: 25,
    name: 'write keys remembered',
    // As SQLite's 25, read beside the SQL, which stays as applied: `key` holds the SHA-256 of token hash, route and
    // Idempotency-Key (store/write-keys.ts), not the key as sent, and a token's creation is remembered by its key too.
    sql: `
      -- As SQLite's 25: a deployment's (or its end's) Idempotency-Key with the answer it was given, so that the same
      -- write sent again after a lost answer is given that answer rather than done twice. Not part of a dump.
      CREATE TABLE write_keys (
        id bigserial PRIMARY KEY,
        key text COLLATE "C" NOT NULL UNIQUE,
        fingerprint text NOT NULL,
        answer jsonb NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX write_keys_by_time ON write_keys (created_at);
    `,
  },
  {
    id: 26,
    name: 'span meeting points',
    sql: `
      -- As SQLite's 26: where a nested pair of counted CLIENT spans meets, with the parts seen there, shared by every
      -- replica so that a pair split between two is counted once. Not part of a dump.
      CREATE TABLE span_meets (
        meet bigint PRIMARY KEY,
        parts integer NOT NULL,
        seen_at bigint NOT NULL
      );
      CREATE INDEX span_meets_by_time ON span_meets (seen_at);
    `,
  },
];
