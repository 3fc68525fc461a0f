// Preloaded into the CLI child with --import: at exit it writes the process's peak RSS
// to file descriptor 3 (a pipe the bench opens), leaving the CLI's stdout and stderr alone.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    writeSync(3, `${JSON.stringify({ maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
  } catch {
    // fd 3 is not open: the CLI was started without the bench around it.
  }
});
