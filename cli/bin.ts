#!/usr/bin/env node
// The only CLI file that touches `process`.
import { run } from './main.js';
import { stopOptimisingTier } from './optimising-tier.js';
import { textSlices } from './text-slices.js';

const code = await run(process.argv.slice(2), {
  stdout: (text) => {
    for (const slice of textSlices(text)) process.stdout.write(slice);
  },
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  stdinIsTTY: Boolean(process.stdin.isTTY),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  },
  contractsLoaded: stopOptimisingTier,
  onInterrupt: (cleanup) => {
    const stop = (signal: NodeJS.Signals) => {
      process.stderr.write(`\n${cleanup()}\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    };
  },
});
process.exitCode = code;
// Exit as soon as the output is written, instead of waiting for Node to free the heap of two large contracts.
process.stdout.write('', () => process.exit());
