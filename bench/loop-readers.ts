// What readers of a parsed contract would cost the event loop on Stripe (the registry runs them in its worker
// processes): naming operations, listing deprecations (sunsets, migrations) and finding undeclared calls. By hand, never in tests:
// npm run build && node dist/bench/loop-readers.js [--runs 15] [--corpus DIR, default $OVERSEER_CORPUS or ../shared/corpus/real]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createOperationNamer,
  findDeprecationUses,
  findUndeclaredCalls,
  type LoadedContract,
  listDeprecations,
  type ObservedCall,
  parseContract,
} from '../contracts/index.js';
import { defaultCorpus } from './manifest.js';
import { median } from './stats.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '15' }, corpus: { type: 'string', default: defaultCorpus() } },
});

/** The loop's CPU time for `work`, in ms: this bench runs nothing else, so the process's CPU is the loop's. */
function cpuOf(work: () => unknown): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** `GET /path` of every operation of the document, as observed calls and consumers' references name them. */
function listLabels(contract: LoadedContract): string[] {
  const labels: string[] = [];
  for (const [path, item] of Object.entries(contract.doc.paths ?? {})) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'])
      if ((item as Record<string, unknown>)[method]) labels.push(`${method.toUpperCase()} ${path}`);
  }
  return labels;
}

async function main(): Promise<void> {
  const text = readFileSync(join(values.corpus!, 'stripe/2023-08-09.yaml'), 'utf8');
  const parsed = await parseContract(text, 'stripe', { validate: false, maxBytes: Infinity });
  const labels = listLabels(parsed);
  const refs = labels.slice(0, 200);
  const calls: ObservedCall[] = labels.slice(0, 200).map((operation) => ({
    consumer: 'c',
    provider: 'stripe',
    operation,
    environment: 'production',
    count: 1,
    firstSeen: '2026-01-01T00:00:00Z',
    lastSeen: '2026-01-02T00:00:00Z',
  }));
  const declarations = [{ consumer: 'c', provider: 'stripe', uses: refs.slice(0, 100).map((operation) => ({ operation })) }];
  const readers: Record<string, (contract: LoadedContract) => unknown> = {
    'operation names (200 references)': (c) => {
      const name = createOperationNamer(c.doc);
      for (const ref of refs) name(ref);
    },
    'deprecations (sunsets, migrations, pages)': (c) => listDeprecations(c.doc),
    'deprecation uses (100 declared uses)': (c) => findDeprecationUses(listDeprecations(c.doc), declarations[0]!.uses as never, c.doc),
    'undeclared calls (200 calls, 100 declared)': (c) => findUndeclaredCalls('c', declarations as never, calls, new Map([['stripe', c]])),
  };
  const runs = Number(values.runs);
  const times: Record<string, number[]> = {};
  const add = (name: string, ms: number) => (times[name] ??= []).push(ms);
  for (let i = 0; i < runs; i++) {
    for (const [name, read] of Object.entries(readers))
      add(
        name,
        cpuOf(() => read(parsed)),
      );
  }
  console.log(`Stripe 2023-08-09: ${labels.length} operations, ${(text.length / 1e6).toFixed(1)} MB; loop CPU, medians of ${runs}:`);
  for (const [name, list] of Object.entries(times)) console.log(`  ${name}: ${(median(list) ?? 0).toFixed(1)} ms`);
}

await main();
