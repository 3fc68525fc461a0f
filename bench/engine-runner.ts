// Child process: our engine without the CLI around it, to split parse time from diff time.
// Same calls as `overseer diff` (cli/commands/diff.ts) up to the judged report, minus formatting.
import { performance } from 'node:perf_hooks';
import { stopOptimisingTier } from '../cli/optimising-tier.js';
import { diffContracts, judgeDiff, loadContract } from '../contracts/index.js';
import { readRunnerArgs, reportMeasured } from './runner-io.js';

const { oldFile, newFile } = readRunnerArgs(process.argv.slice(2));

await reportMeasured(async () => {
  const start = performance.now();
  const base = await loadContract(oldFile, {});
  const revision = await loadContract(newFile, {});
  // As `overseer diff` does once its contracts are loaded (cli/bin.ts).
  stopOptimisingTier();
  const parsed = performance.now();
  const diff = diffContracts(base, revision);
  const report = judgeDiff({ diff, base: { file: oldFile }, revision: { file: newFile }, failOn: 'breaking' });
  const diffMs = performance.now() - parsed;
  return { parseMs: parsed - start, diffMs, breaking: report.summary.breaking, findings: report.changes.length };
});
