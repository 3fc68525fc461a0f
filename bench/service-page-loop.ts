// What a service page costs the event loop when the page reads a large contract: Stripe's own page (its consumers'
// deprecated uses and names) and a consumer's page (its provider's names), first visit after a start and again after.
// Each run starts the app afresh on the same registry, so the first visit is a cache miss. By hand, never in tests:
// npm run build && node dist/bench/service-page-loop.js [--runs 7] [--db FILE, seeded if absent] [--out DIR for the pages]
// (the "before": the same file built in a worktree of main, on the same --db)
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    runs: { type: 'string', default: '7' },
    consumers: { type: 'string', default: '300' },
    corpus: { type: 'string', default: defaultCorpus() },
    out: { type: 'string' },
    db: { type: 'string' },
  },
});

const PAGES = { 'stripe (own contract)': '/services/stripe', 'shop-0 (its provider, stripe)': '/services/shop-0' };

async function seed(db: string, text: string): Promise<void> {
  const parsed = await parseContract(text, 'stripe', { validate: false, maxBytes: Infinity });
  const deprecated = [...new Set(listDeprecations(parsed.doc).map((d) => d.operation))];
  const operations = Object.entries(parsed.doc.paths ?? {}).flatMap(([path, item]) =>
    ['get', 'post', 'delete'].filter((m) => (item as Record<string, unknown>)[m]).map((m) => `${m.toUpperCase()} ${path}`),
  );
  const config = parseConfig({ db }, {});
  const store = openSqliteStore(config.db);
  const app = buildApp({ config, store });
  const post = async (url: string, payload: object, method: 'POST' | 'PUT' = 'POST') => {
    const res = await app.inject({ method, url, payload });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  };
  try {
    await post('/v1/services/stripe', { owners: ['@acme/payments'] }, 'PUT');
    await post('/v1/services/stripe/versions', { version: '1.0.0', branch: 'main', contract: text, contractFile: 'openapi.yaml' });
    for (let i = 0; i < Number(values.consumers); i++) {
      // Every consumer uses a few deprecated operations and a slice of the others, by label and by operationId.
      const uses = [...deprecated.slice(i % 5, (i % 5) + 3), ...operations.slice((i * 7) % operations.length, ((i * 7) % operations.length) + 10)];
      const declarations = [{ consumer: `shop-${i}`, provider: 'stripe', uses: uses.map((operation) => ({ operation })) }];
      await post(`/v1/services/shop-${i}`, { owners: ['@acme/shop'] }, 'PUT');
      await post(`/v1/services/shop-${i}/versions`, { version: '1.0.0', branch: 'main', declarations });
    }
  } finally {
    await app.close();
    await store.close();
  }
}

async function main(): Promise<void> {
  // The worker processes' channels are unreferenced (a registry's lifetime is its server's): this keeps the bench alive.
  setInterval(() => {}, 60_000);
  const text = readFileSync(join(values.corpus!, 'stripe/2023-08-09.yaml'), 'utf8');
  const dir = mkdtempSync(join(tmpdir(), 'overseer-service-page-'));
  // One registry for both builds (--db), so that their pages can be compared byte for byte.
  const db = values.db ?? join(dir, 'registry.db');
  if (!existsSync(db)) await seed(db, text);
  try {
    const times = await visitPages(db, Number(values.runs), PAGES, (path, visit, run, body) => {
      if (!values.out || run > 0) return;
      mkdirSync(values.out, { recursive: true });
      writeFileSync(join(values.out, `${path.split('/').at(-1)}-${visit.replace(' ', '-')}.html`), body);
    });
    console.log(`Stripe 2023-08-09, ${values.consumers} consumers; main-thread CPU ms per page, medians of ${values.runs} starts:`);
    for (const [label, list] of times) console.log(`  ${label}: ${(median(list) ?? 0).toFixed(1)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`service-page-loop failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
