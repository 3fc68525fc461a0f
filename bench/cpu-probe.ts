// Preloaded into the CLI child with --import (bench/cli-phases.ts): at exit it writes the CPU the process has used, its
// main thread's apart, to file descriptor 3, leaving the CLI's stdout and stderr alone. A CPU profile samples wall time
// on the main thread, which on a loaded machine includes time spent waiting for a core; this is the kernel's count.
import { readdirSync, readFileSync, writeSync } from 'node:fs';

// The first field of schedstat is the nanoseconds a thread has run on a CPU (Linux only).
const threadMs = (file: string) => Number(readFileSync(file, 'utf8').split(' ')[0]) / 1e6;

process.on('exit', () => {
  try {
    const used = process.cpuUsage();
    const mainMs = threadMs('/proc/thread-self/schedstat');
    let otherMs = 0;
    for (const task of readdirSync('/proc/self/task')) if (Number(task) !== process.pid) otherMs += threadMs(`/proc/self/task/${task}/schedstat`);
    writeSync(3, `${JSON.stringify({ mainMs, otherMs, processMs: (used.user + used.system) / 1000 })}\n`);
  } catch {
    // fd 3 is not open (the CLI was started without the bench around it), or a thread ended while it was read.
  }
});
