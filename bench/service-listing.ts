// What one anonymous GET /v1/services costs the registry's loop when 20,000 services are registered: the answer's size
// and time, with /healthz asked from a thread meanwhile. Builds alternate in one run (`--bin A --bin B`): a build
// without paging sends every service in that one answer.
// By hand, never in tests: npm run build && node dist/bench/service-listing.js [--runs 5] [--services 20000] [--bin dist/cli/bin.js ...]
import { openSqliteStore } from '../overseer/store/sqlite/index.js';
import { runListingBench } from './listing-ab.js';

// Written to the file before the registry starts: 20,000 PUTs over HTTP would be most of the run.
async function seed(db: string, count: number): Promise<void> {
  const store = openSqliteStore(db);
  for (let i = 0; i < count; i++) {
    await store.upsertService({ name: `service-${String(i).padStart(6, '0')}`, owners: ['@acme/platform', '@acme/payments'], repository: 'acme/monorepo' });
  }
  await store.close();
}

await runListingBench({
  name: 'service-listing',
  path: '/v1/services',
  count: { option: 'services', default: 20_000 },
  seed,
  describe: (count) => `GET /v1/services of ${count} services`,
});
