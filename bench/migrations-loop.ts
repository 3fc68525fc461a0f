// What a provider's migrations and `overseer usage` cost the event loop when they read a large contract: Stripe deployed
// (2023-08-09, after 2022-05-26), 100 consumers using its deprecated operations, first visit after a start and again.
// By hand, never in tests: npm run build && node dist/bench/migrations-loop.js [--runs 5] [--db FILE, seeded if absent]
// (the "before": the same file built in a worktree of main, on the same --db)
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { listDeprecations, parseContract } from '../contracts/index.js';
import { buildApp } from '../overseer/app.js';
import { parseConfig } from '../overseer/config.js';
import { openSqliteStore } from '../overseer/store/sqlite/index.js';
import { defaultCorpus } from './manifest.js';
import { visitPages } from './page-visits.js';
import { median } from './stats.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    consumers: { type: 'string', default: '100' },
    corpus: { type: 'string', default: defaultCorpus() },
    db: { type: 'string' },
  },
});

const PAGES = {
  'Migrations page': '/services/stripe/migrations',
  'GET /v1/services/stripe/migrations': '/v1/services/stripe/migrations',
  'usage of shop-0 (a consumer of Stripe)': '/v1/services/shop-0/usage?environment=production',
};

async function seed(db: string, texts: string[]): Promise<void> {
  const parsed = await parseContract(texts.at(-1)!, 'stripe', { validate: false, maxBytes: Infinity });
  const deprecated = [...new Set(listDeprecations(parsed.doc).map((d) => d.operation))];
  const config = parseConfig({ db }, {});
  const store = openSqliteStore(config.db);
  const app = buildApp({ config, store });
  const post = async (url: string, payload: object, method: 'POST' | 'PUT' = 'POST') => {
    const res = await app.inject({ method, url, payload });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  };
  try {
    await post('/v1/services/stripe', { owners: ['@acme/payments'] }, 'PUT');
    for (const [i, text] of texts.entries()) await post('/v1/services/stripe/versions', { version: `1.${i}.0`, contract: text });
    await post('/v1/environments', { name: 'production' });
    await post('/v1/deployments', { service: 'stripe', version: `1.${texts.length - 1}.0`, environment: 'production' });
    for (let i = 0; i < Number(values.consumers); i++) {
      const uses = [0, 1, 2].map((k) => ({ operation: deprecated[(i + k) % deprecated.length]! }));
      await post(`/v1/services/shop-${i}`, { owners: ['@acme/shop'] }, 'PUT');
      await post(`/v1/services/shop-${i}/versions`, { version: '1.0.0', declarations: [{ consumer: `shop-${i}`, provider: 'stripe', uses }] });
      await post('/v1/deployments', { service: `shop-${i}`, version: '1.0.0', environment: 'production' });
    }
  } finally {
    await app.close();
    await store.close();
  }
}

async function main(): Promise<void> {
  // The worker processes' channels are unreferenced (a registry's lifetime is its server's): this keeps the bench alive.
  setInterval(() => {}, 60_000);
  const texts = ['2022-05-26', '2023-08-09'].map((v) => readFileSync(join(values.corpus!, `stripe/${v}.yaml`), 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'overseer-migrations-loop-'));
  const db = values.db ?? join(dir, 'registry.db');
  if (!existsSync(db)) await seed(db, texts);
  try {
    const times = await visitPages(db, Number(values.runs), PAGES);
    console.log(`Stripe 2022-05-26 -> 2023-08-09 deployed, ${values.consumers} consumers; main-thread CPU ms, medians of ${values.runs} starts:`);
    for (const [label, list] of times) console.log(`  ${label}: ${(median(list) ?? 0).toFixed(1)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`migrations-loop failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
