// What an anonymous GET /v1/services/users/consumers (no environment, no branch: every consumer's latest version)
// costs the registry's loop when 200 consumers have published 500 versions each, with /healthz asked from a thread
// meanwhile. Builds alternate in one run (`--bin A --bin B`).
// By hand, never in tests: npm run build && node dist/bench/consumers-latest.js [--runs 5] [--consumers 200] [--bin dist/cli/bin.js ...]
import Database from 'better-sqlite3';
import { openSqliteStore } from '../overseer/store/sqlite/index.js';
import { runListingBench } from './listing-ab.js';

const VERSIONS = 500;

// Rows written straight to the file, then one publication per consumer through the store (its latest version kept).
async function seed(db: string, consumers: number): Promise<void> {
  const names = Array.from({ length: consumers }, (_, i) => `consumer-${String(i).padStart(3, '0')}`);
  const store = openSqliteStore(db);
  for (const name of ['users', ...names]) await store.upsertService({ name, owners: ['@acme'] });
  await store.close();
  const sqlite = new Database(db);
  const version = sqlite.prepare(
    'INSERT INTO versions (service, version, commit_sha, published_by, contract_hash, waivers, created_at) VALUES (?, ?, NULL, NULL, NULL, NULL, ?)',
  );
  const uses = sqlite.prepare("INSERT INTO declarations (service, version, provider, uses) VALUES (?, ?, 'users', ?)");
  const text = JSON.stringify([{ operation: 'GET /users/{id}', response: ['id', 'name'] }]);
  sqlite.transaction(() => {
    for (const name of names) {
      for (let i = 0; i < VERSIONS; i++) {
        version.run(name, `1.${Math.floor(i / 100)}.${i % 100}`, new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString());
        uses.run(name, `1.${Math.floor(i / 100)}.${i % 100}`, text);
      }
    }
  })();
  sqlite.close();
  const again = openSqliteStore(db);
  const declarations = [{ consumer: '', provider: 'users', uses: JSON.parse(text) }];
  for (const name of names) await again.publishVersion({ service: name, version: '2.0.0', declarations: [{ ...declarations[0]!, consumer: name }] });
  await again.close();
}

await runListingBench({
  name: 'consumers-latest',
  path: '/v1/services/users/consumers',
  count: { option: 'consumers', default: 200 },
  seed,
  check(body, count) {
    const listed = (JSON.parse(body.toString()) as { consumers: unknown[] }).consumers.length;
    if (listed !== count) throw new Error(`listed ${listed} consumers, not ${count}`);
  },
  describe: (count) => `the consumers of users (${count} consumers of ${VERSIONS + 1} versions each)`,
});
