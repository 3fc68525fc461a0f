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
    id: 23,
    name: 'where a version declares its uses',
    sql: `
      -- As SQLite's 23: the version's manifest path in its repository and that repository, for "declared at" on reasons
      -- about consumers read from the registry. Null for versions published before, or without a manifest.
      ALTER TABLE versions ADD COLUMN manifest_file text;
      ALTER TABLE versions ADD COLUMN repository text;
    `,
  },
];
