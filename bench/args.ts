// Command-line options of `npm run bench`, parsed once into a typed object.
import { parseArgs } from 'node:util';
import { CORPUS_HINT, corpusDir } from './manifest.js';

const TOOL_NAMES = ['ours', 'openapi-diff', 'api-smart-diff'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

export interface BenchOptions {
  runs: number;
  timeoutMs: number;
  /** Api names to keep (`--only stripe,box`); null keeps every pair. */
  only: string[] | null;
  tools: ToolName[];
  corpusDir: string;
}

export const USAGE = `usage: npm run bench -- [--only api,api] [--runs N] [--tools ${TOOL_NAMES.join(',')}] [--timeout SECONDS]
  corpus: ${CORPUS_HINT}`;

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${value}"`);
  return n;
}

/**
 * True when the command line asks for help, the usage then written to stdout: every bench answers `--help` before it
 * parses anything, since each starts long work (one starts the whole test suite) the moment its options parse.
 */
export function answeredHelp(argv: readonly string[], usage: string): boolean {
  if (!argv.includes('--help') && !argv.includes('-h')) return false;
  process.stdout.write(`${usage}\n`);
  return true;
}

/** Throws with a readable message on a bad option; `repoRoot` anchors the default corpus. */
export function parseBenchArgs(argv: string[], env: NodeJS.ProcessEnv, repoRoot: string): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      runs: { type: 'string' },
      tools: { type: 'string' },
      timeout: { type: 'string' },
    },
    strict: true,
  });
  const tools = values.tools === undefined ? [...TOOL_NAMES] : list(values.tools);
  const unknown = tools.filter((t) => !(TOOL_NAMES as readonly string[]).includes(t));
  if (unknown.length > 0) throw new Error(`unknown tool(s): ${unknown.join(', ')}; known: ${TOOL_NAMES.join(', ')}`);
  const only = values.only === undefined ? null : list(values.only);
  return {
    runs: Math.round(positive('runs', values.runs, 3)),
    timeoutMs: positive('timeout', values.timeout, 120) * 1000,
    only,
    tools: tools as ToolName[],
    corpusDir: corpusDir(env, repoRoot),
  };
}
