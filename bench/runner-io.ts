// Shared by the runner children: each prints exactly one JSON line on stdout and exits 0,
// so the parent can tell "the tool failed" (ok: false) from "the process died" (no line).
import { writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** What one runner child reports about one diff of one pair. Times in ms, memory in MB. */
export interface RunnerResult {
  ok: boolean;
  error?: string;
  /** Reading and parsing both files; null where the tool does not expose it separately. */
  parseMs: number | null;
  diffMs: number | null;
  /** In-process time from before reading the files to the result, module loading excluded. */
  totalMs: number | null;
  maxRssMB: number;
  breaking: number | null;
  findings: number | null;
  note?: string;
}

type Measured = Omit<RunnerResult, 'ok' | 'error' | 'maxRssMB' | 'totalMs'>;

/** Peak resident set size of this process so far (`maxRSS` is in kilobytes). */
function readMaxRssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** The first non-empty line of an error's message: enough to recognise it in a table. */
export function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message || err.name : String(err);
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? 'unknown error'
  );
}

/** Runs one measurement, prints its JSON line and exits, whatever handles the tool left open. */
export async function reportMeasured(measure: () => Promise<Measured>): Promise<never> {
  const start = performance.now();
  let result: RunnerResult;
  try {
    const m = await measure();
    result = { ok: true, ...m, totalMs: performance.now() - start, maxRssMB: readMaxRssMB() };
  } catch (err) {
    result = {
      ok: false,
      error: firstLine(err),
      parseMs: null,
      diffMs: null,
      totalMs: null,
      maxRssMB: readMaxRssMB(),
      breaking: null,
      findings: null,
    };
  }
  writeSync(1, `${JSON.stringify(result)}\n`);
  process.exit(0);
}

/** argv after the script: the two files, and for peers the OpenAPI version of each. */
export function readRunnerArgs(argv: string[]): { oldFile: string; newFile: string; versions: string[] } {
  const [oldFile, newFile, ...versions] = argv;
  if (!oldFile || !newFile) {
    process.stderr.write('usage: node <runner>.js OLD NEW [OLD_VERSION NEW_VERSION]\n');
    process.exit(2);
  }
  return { oldFile, newFile, versions };
}
