// Command-line options of `npm run bench:registry`, parsed once into a typed object.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { USAGE_POLICIES, type UsagePolicy } from '../contracts/index.js';
import { CORPUS_HINT, corpusDir } from './manifest.js';

/** Where the measured registry keeps its data: a SQLite file, or a database of a throwaway PostgreSQL cluster. */
export type RegistryStore = 'sqlite' | 'postgres';
const STORES: readonly RegistryStore[] = ['sqlite', 'postgres'];

export interface RegistryBenchOptions {
  store: RegistryStore;
  /** autocannon runs of each kind (and 4 MB publications); medians are reported. */
  runs: number;
  /** Seconds of each autocannon run. */
  duration: number;
  connections: number;
  /** Services seeded in this run's registry: one size of the plan. */
  services: number;
  /** The large contract published once per run. */
  largeContract: string;
  /** Requests per dashboard page and run. */
  pageRequests: number;
  /** Print the tables only; leave docs/BENCHMARKS.md alone. */
  printOnly: boolean;
  /** The page the sections are written into: docs/BENCHMARKS.md unless --docs names another. */
  docs: string;
  /** --postgres-url: a running server's admin URL to make each size's database in, instead of a throwaway cluster. */
  postgresUrl?: string;
  /** The gate's usage policy (OVERSEER_USAGE) of the registry measured; the registry's own default when absent. */
  usage?: UsagePolicy;
  /** Seed observed calls through the OTLP receiver (off with --declared-only, the registry of earlier rounds). */
  observedCalls: boolean;
  /**
   * `hubs`: measure the hubs' can-i-deploy alone and print it (docs/BENCHMARKS.md left alone): a quick before/after.
   * `gate`: every service's can-i-deploy, then the hubs', printed the same way: the gate's reads without the rest.
   */
  only?: 'hubs' | 'gate';
}

/** One registry is seeded and measured per store and size, smallest first, each in a section of its own. */
export interface RegistryBenchPlan {
  stores: RegistryStore[];
  sizes: number[];
  options: Omit<RegistryBenchOptions, 'services' | 'store'>;
}

/** The two scales: a mid-sized organisation and a large one. */
const DEFAULT_SIZES = [500, 5000] as const;

export const REGISTRY_USAGE = `usage: npm run bench:registry -- [--runs 3] [--duration 10] [--connections 10] [--services 500,5000] [--store sqlite,postgres] [--postgres-url URL] [--docs FILE] [--page-requests 5] [--usage declared|observed|both] [--declared-only] [--print-only] [--only hubs|gate]
  --services takes one size or a comma-separated list: each size gets a registry of its own and sections of its own
  --store takes sqlite (the default), postgres, or both as sqlite,postgres: postgres starts a throwaway cluster
    (initdb and pg_ctl from PATH or /usr/lib/postgresql, as the tests find them) and gives each size a new database;
    each store writes sections of its own, and \`npm run bench\` measures both
  --postgres-url URL makes each size's database in that running server (its superuser's postgres://... URL) instead,
    and leaves it running: a server of one's own, tuned or on another machine
  --docs FILE writes the sections into FILE instead of docs/BENCHMARKS.md
  --usage sets the registry's OVERSEER_USAGE, which uses the gate counts (default: the registry's, both)
  --declared-only seeds no observed calls (by default spanmetrics exports are posted to /v1/metrics after the publications)
  --only hubs measures the hubs' can-i-deploy alone (with the server's CPU per request) and prints it; implies --print-only
  --only gate measures every service's can-i-deploy, then the hubs', and prints them; implies --print-only
  the 4 MB contract: $OVERSEER_CORPUS/stripe/2023-08-09.yaml (corpus: ${CORPUS_HINT})`;

function readCount(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number of at least ${min}, got "${value}"`);
  return n;
}

// Ten hubs and five distinct providers per service need a few more services than that.
const MIN_SERVICES = 20;

function readSizes(value: string | undefined): number[] {
  if (value === undefined) return [...DEFAULT_SIZES];
  const sizes = value.split(',').map((part) => readCount('services', part.trim(), 0, MIN_SERVICES));
  return [...new Set(sizes)].sort((a, b) => a - b);
}

function readStores(value: string | undefined): RegistryStore[] {
  if (value === undefined) return ['sqlite'];
  const stores = value.split(',').map((part) => part.trim());
  const unknown = stores.find((store) => !(STORES as readonly string[]).includes(store));
  if (unknown !== undefined) throw new Error(`--store takes ${STORES.join(', ')} or both as sqlite,postgres, got "${unknown}"`);
  return STORES.filter((store) => stores.includes(store));
}

function readPolicy(value: string): UsagePolicy {
  if (!(USAGE_POLICIES as readonly string[]).includes(value)) throw new Error(`--usage must be one of ${USAGE_POLICIES.join(', ')}, got "${value}"`);
  return value as UsagePolicy;
}

/** Throws with a readable message on a bad option; `repoRoot` anchors the default corpus. */
export function parseRegistryBenchArgs(argv: string[], env: NodeJS.ProcessEnv, repoRoot: string): RegistryBenchPlan {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      services: { type: 'string' },
      store: { type: 'string' },
      'postgres-url': { type: 'string' },
      docs: { type: 'string' },
      'page-requests': { type: 'string' },
      'print-only': { type: 'boolean' },
      usage: { type: 'string' },
      'declared-only': { type: 'boolean' },
      only: { type: 'string' },
    },
    strict: true,
  });
  if (values.only !== undefined && values.only !== 'hubs' && values.only !== 'gate') throw new Error(`--only takes hubs or gate, got "${values.only}"`);
  const corpus = corpusDir(env, repoRoot);
  const options = {
    runs: readCount('runs', values.runs, 3, 1),
    duration: readCount('duration', values.duration, 10, 1),
    connections: readCount('connections', values.connections, 10, 1),
    largeContract: resolve(corpus, 'stripe', '2023-08-09.yaml'),
    pageRequests: readCount('page-requests', values['page-requests'], 5, 1),
    printOnly: (values['print-only'] ?? false) || values.only !== undefined,
    docs: resolve(values.docs ?? resolve(repoRoot, 'docs', 'BENCHMARKS.md')),
    ...(values['postgres-url'] !== undefined && { postgresUrl: values['postgres-url'] }),
    observedCalls: !(values['declared-only'] ?? false),
    ...(values.usage !== undefined && { usage: readPolicy(values.usage) }),
    ...(values.only !== undefined && { only: values.only as 'hubs' | 'gate' }),
  };
  return { stores: readStores(values.store), sizes: readSizes(values.services), options };
}
