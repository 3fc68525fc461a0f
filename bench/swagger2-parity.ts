// Swagger 2.0 against the same API written as OpenAPI 3.0: the largest 2.0 pair selected, and its two
// documents as our loader converts them (written to a temp folder as JSON), read and diffed alike.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContract } from '../contracts/index.js';
import type { Pair } from './manifest.js';
import { formatMs, formatRatio } from './report.js';
import { median } from './stats.js';
import { runToolOnce, type ToolContext } from './tools.js';

/** The goal of issue #19: a 2.0 pair within this factor of the same documents in 3.0. */
const SWAGGER2_BUDGET = 2;

interface ParityResult {
  pair: Pair;
  runs: number;
  swagger2Ms: number;
  openapi3Ms: number;
}

export function pickSwagger2Pair(pairs: readonly Pair[]): Pair | null {
  const v2 = pairs.filter((p) => p.oldVersion.startsWith('2') && p.newVersion.startsWith('2'));
  return v2.sort((a, b) => b.oldBytes + b.newBytes - (a.oldBytes + a.newBytes))[0] ?? null;
}

async function writeConverted(file: string, dir: string, name: string): Promise<string> {
  const out = join(dir, `${name}.json`);
  writeFileSync(out, JSON.stringify((await loadContract(file)).doc, null, 2));
  return out;
}

export async function measureSwagger2Parity(pair: Pair, ctx: ToolContext, runs: number): Promise<ParityResult | null> {
  const dir = mkdtempSync(join(tmpdir(), 'overseer-bench-'));
  try {
    const converted: Pair = { ...pair, oldFile: await writeConverted(pair.oldFile, dir, 'old'), newFile: await writeConverted(pair.newFile, dir, 'new') };
    const v2: number[] = [];
    const v3: number[] = [];
    for (let i = 1; i <= runs; i++) {
      process.stderr.write(`[swagger 2.0 vs 3.0] run ${i}/${runs} ... `);
      const [a, b] = [await runToolOnce('ours', pair, ctx), await runToolOnce('ours', converted, ctx)];
      if (a.totalMs == null || b.totalMs == null) {
        process.stderr.write('FAILED\n');
        return null;
      }
      v2.push(a.totalMs);
      v3.push(b.totalMs);
      process.stderr.write(`2.0 ${Math.round(a.totalMs)} ms, 3.0 ${Math.round(b.totalMs)} ms\n`);
    }
    return { pair, runs, swagger2Ms: median(v2)!, openapi3Ms: median(v3)! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatSwagger2Parity(r: ParityResult): string {
  const ratio = r.swagger2Ms / r.openapi3Ms;
  const verdict = ratio <= SWAGGER2_BUDGET ? `within the ${SWAGGER2_BUDGET}× budget` : `over the ${SWAGGER2_BUDGET}× budget (${formatRatio(ratio)})`;
  return (
    `Swagger 2.0 at JSON speed (${r.pair.label}, median of ${r.runs}): reading and diffing the 2.0 documents takes ` +
    `${formatMs(r.swagger2Ms)} ms in-process, the same documents converted to OpenAPI 3.0 JSON ${formatMs(r.openapi3Ms)} ms: ` +
    `${formatRatio(ratio)}, ${verdict}.`
  );
}
