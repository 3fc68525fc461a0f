// Command-line options of `npm run bench:registry`, parsed once into a typed object.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface RegistryBenchOptions {
  /** autocannon runs of each kind (and 4 MB publications); medians are reported. */
  runs: number;
  /** Seconds of each autocannon run. */
  duration: number;
  connections: number;
  services: number;
  /** The large contract published once per run. */
  largeContract: string;
  /** Requests per dashboard page and run. */
  pageRequests: number;
  /** Print the tables only; leave docs/BENCHMARKS.md alone. */
  printOnly: boolean;
}

export const REGISTRY_USAGE = `usage: npm run bench:registry -- [--runs 3] [--duration 10] [--connections 10] [--services 500] [--page-requests 5] [--print-only]
  the 4 MB contract: $OVERSEER_CORPUS/stripe/2023-08-09.yaml (default corpus ../shared/corpus/real)`;

function readCount(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number of at least ${min}, got "${value}"`);
  return n;
}

/** Throws with a readable message on a bad option; `repoRoot` anchors the default corpus. */
export function parseRegistryBenchArgs(argv: string[], env: NodeJS.ProcessEnv, repoRoot: string): RegistryBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      services: { type: 'string' },
      'page-requests': { type: 'string' },
      'print-only': { type: 'boolean' },
    },
    strict: true,
  });
  const corpus = resolve(env.OVERSEER_CORPUS ?? resolve(repoRoot, '../shared/corpus/real'));
  return {
    runs: readCount('runs', values.runs, 3, 1),
    duration: readCount('duration', values.duration, 10, 1),
    connections: readCount('connections', values.connections, 10, 1),
    // Ten hubs and five distinct providers per service need a few more services than that.
    services: readCount('services', values.services, 500, 20),
    largeContract: resolve(corpus, 'stripe', '2023-08-09.yaml'),
    pageRequests: readCount('page-requests', values['page-requests'], 5, 1),
    printOnly: values['print-only'] ?? false,
  };
}
