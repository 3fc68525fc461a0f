// What one anonymous GET of a service's first page of versions costs the registry's loop when the service has 10,000
// (a CI job publishing every commit), with /healthz asked from a thread meanwhile. Builds alternate in one run
// (`--bin A --bin B`).
// By hand, never in tests: npm run build && node dist/bench/version-listing.js [--runs 5] [--versions 10000] [--bin dist/cli/bin.js ...]
import Database from 'better-sqlite3';
import { openSqliteStore } from '../overseer/store/sqlite/index.js';
import { runListingBench } from './listing-ab.js';

// Rows written straight to the file (publishing 10,000 versions one by one would be most of the run), then one
// publication through the store, which brings the service's latest version up to date.
async function seed(db: string, count: number): Promise<void> {
  const store = openSqliteStore(db);
  await store.upsertService({ name: 'web', owners: ['@acme/web'] });
  await store.close();
  const sqlite = new Database(db);
  const insert = sqlite.prepare(
    'INSERT INTO versions (service, version, commit_sha, published_by, contract_hash, waivers, created_at) VALUES (?, ?, ?, ?, NULL, NULL, ?)',
  );
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      insert.run(
        'web',
        `1.${Math.floor(i / 100)}.${i % 100}`,
        i.toString(16).padStart(40, '0'),
        'ci',
        new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      );
    }
  })();
  sqlite.close();
  const again = openSqliteStore(db);
  await again.publishVersion({ service: 'web', version: '2.0.0', branch: 'main' });
  await again.close();
}

await runListingBench({
  name: 'version-listing',
  path: '/v1/services/web/versions?limit=100',
  count: { option: 'versions', default: 10_000 },
  seed,
  describe: (count) => `the first 100 of ${count + 1} versions`,
});
