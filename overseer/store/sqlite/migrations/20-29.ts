// SQLite migrations 20 and on. Applied SQL never changes; a new migration goes at the end.

import { sqliteGenerationTriggers } from '../../use-generation.js';
import type { Migration } from '../migrations.js';

export const MIGRATIONS_20_29: readonly Migration[] = [
  {
    id: 20,
    name: 'version edit and observed call generations',
    sql: `
      -- An environment's listings read the declarations of its live versions, and the latest scope's those of each latest
      -- version; a publication only inserts new versions, which neither reads until a deployment or a new latest version
      -- moves its own number (15). What else changes those rows (an API claimed or released rewrites declarations, an
      -- import) moves this number, which both scopes' generations add (store/use-generation.ts): the gate keeps an
      -- environment's reads across publications (overseer/gather/consumer-listings.ts).
      CREATE TABLE version_edit_generation (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL) STRICT;
      INSERT INTO version_edit_generation (id, n) VALUES (1, 0);
      CREATE TRIGGER declarations_insert_version_edit_generation AFTER INSERT ON declarations
        WHEN EXISTS (SELECT 1 FROM deployments WHERE service = NEW.service AND version = NEW.version)
        BEGIN UPDATE version_edit_generation SET n = n + 1; END;
      CREATE TRIGGER declarations_update_version_edit_generation AFTER UPDATE ON declarations BEGIN UPDATE version_edit_generation SET n = n + 1; END;
      CREATE TRIGGER declarations_delete_version_edit_generation AFTER DELETE ON declarations BEGIN UPDATE version_edit_generation SET n = n + 1; END;
      CREATE TRIGGER versions_update_version_edit_generation AFTER UPDATE ON versions BEGIN UPDATE version_edit_generation SET n = n + 1; END;
      CREATE TRIGGER versions_delete_version_edit_generation AFTER DELETE ON versions BEGIN UPDATE version_edit_generation SET n = n + 1; END;

      -- The gate keeps a hub's observed calls while this reads the same (store.readWriteMark). It was the file's
      -- data_version, which the contract writer's own connection moves with every large publication: each one had
      -- every hub's calls read again. Any connection's write of observed calls moves this, and nothing else does.
      CREATE TABLE observed_call_generation (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL) STRICT;
      INSERT INTO observed_call_generation (id, n) VALUES (1, 0);
      ${sqliteGenerationTriggers('observed_call_generation', ['observed_calls'])}
    `,
  },
  {
    id: 23,
    name: 'where a version declares its uses',
    sql: `
      -- A version's manifest as its publisher named it (a path in its repository) and that repository, kept so that a
      -- reason about a consumer read from the registry says where it declared the use (web/overseer.yaml:9, and a link
      -- to the line), as one read from disk does. Null for versions published before, or without a manifest.
      ALTER TABLE versions ADD COLUMN manifest_file TEXT;
      ALTER TABLE versions ADD COLUMN repository TEXT;
    `,
  },
  {
    id: 24,
    name: 'revoked tokens kept',
    sql: `
      -- A revoked token was deleted, so its next use and a second revoke were told "unknown", as if never issued. Its
      -- row moves here instead (the name may be issued again, so names repeat; the hash stays unique, to be looked up).
      CREATE TABLE revoked_tokens (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        service TEXT,
        hash TEXT NOT NULL UNIQUE,
        scope TEXT,
        created_at TEXT NOT NULL,
        revoked_at TEXT NOT NULL,
        revoked_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX revoked_tokens_by_name ON revoked_tokens (name, id);
    `,
  },
  {
    id: 25,
    name: 'write keys remembered',
    // Read beside the SQL below, which stays as applied: `key` is not the Idempotency-Key as sent but the SHA-256 of the
    // writer's token hash, the route and that key (store/write-keys.ts, since a key became its token's own), and a token's
    // creation takes a key too, not only a deployment and its end. Both are changes of what is written, not of the table.
    sql: `
      -- A deployment (or its end) sent with an Idempotency-Key is remembered with its answer, in the write's transaction:
      -- a client whose answer was lost sends it again with the same key and is given the first answer, instead of the
      -- write being done a second time (an older version recorded over a newer one). Kept a day, at most 10,000 keys
      -- (store/write-keys.ts); not part of a dump.
      CREATE TABLE write_keys (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        fingerprint TEXT NOT NULL,
        answer TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX write_keys_by_time ON write_keys (created_at);
    `,
  },
  {
    id: 26,
    name: 'span meeting points',
    sql: `
      -- Where a nested pair of counted CLIENT spans meets (the outer span's id is the inner one's parent, hashed with the
      -- call both were counted as), with the parts seen there (1 a span's own id, 2 a span's parent id, ORed). Each
      -- process kept these in memory, 50,000 spans: a pair split across two replicas, or further apart, was counted
      -- twice. The point is the key (one B-tree: an export of 10,000 spans upserts 20,000 of them); stamped in ms since the
      -- epoch, pruned by time and count (overseer/observe/nested-calls.ts); not part of a dump.
      CREATE TABLE span_meets (
        meet INTEGER PRIMARY KEY,
        parts INTEGER NOT NULL,
        seen_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX span_meets_by_time ON span_meets (seen_at);
    `,
  },
];
