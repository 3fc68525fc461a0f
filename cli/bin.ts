#!/usr/bin/env node
// The only CLI file that touches `process`.
import { fstatSync } from 'node:fs';
import { run } from './main.js';
import { stopOptimisingTier } from './optimising-tier.js';
import { readStandardInput } from './stdin.js';
import { textSlices } from './text-slices.js';

// A pipe's reader (`| jq`, the bench's parent) drains 64 KB at a time: with the pipe non-blocking, as Node leaves it,
// each write it has no room for is queued and copied again, and written later. Blocking writes wait for room instead:
// Stripe's 8 MB JSON report cost about half the CPU to write (~40 against ~75 ms, stdout piped to `cat`), the same bytes.
// Only once a text of more than one slice comes (a report, not a server's log lines, whose loop must not wait on a
// slow reader); files and terminals are written synchronously already and are left as they are.
const blockLargeWrites = () => {
  const handle = (process.stdout as unknown as { _handle?: { setBlocking?: (on: boolean) => number } })._handle;
  if (!process.stdout.isTTY && typeof handle?.setBlocking === 'function') handle.setBlocking(true);
};

const isFolder = (fd: number) => {
  try {
    return fstatSync(fd).isDirectory();
  } catch {
    return false;
  }
};

const code = await run(process.argv.slice(2), {
  stdout: (text) => {
    const slices = textSlices(text);
    if (slices.length > 1) blockLargeWrites();
    for (const slice of slices) process.stdout.write(slice);
  },
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  stdinIsTTY: Boolean(process.stdin.isTTY),
  readStdin: (maxBytes) => readStandardInput(process.stdin, isFolder(0), maxBytes),
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
