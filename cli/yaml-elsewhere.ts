// Reading the two contracts of a diff at once, on the machine's two cores: js-yaml on one large file costs the main
// thread several times what `JSON.parse` of the same tree does, so a second thread reads one and sends it back as JSON.
import { existsSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReadElsewhere } from '../contracts/index.js';

/** Below this a thread's start and the copy back cost about what they would save. */
const LARGE_BYTES = 1 << 20;

// Node runs only JavaScript in a thread: from the sources (the tests), the built copy of the same file is used.
function findThreadFile(): string | undefined {
  const beside = fileURLToPath(new URL('./yaml-thread.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = fileURLToPath(new URL('../dist/cli/yaml-thread.js', import.meta.url));
  return existsSync(built) ? built : undefined;
}

/** A regular file from 1 MB up to the limit, not named as JSON (which `JSON.parse` reads fast enough here). */
function worthAThread(file: string, maxBytes: number): boolean {
  if (/\.json$/i.test(file)) return false;
  try {
    const info = statSync(file);
    return info.isFile() && info.size >= LARGE_BYTES && info.size <= maxBytes;
  } catch {
    return false;
  }
}

/**
 * Whether a core is idle for the second thread (the last minute's load average leaves one): on a machine that has none,
 * the thread's start, its colder code and the copy back (~200 ms of CPU on Stripe's 4 MB) are paid in time waited, and
 * the diff took longer, not less (docs/ENGINE.md).
 */
function hasSpareCore(): boolean {
  return loadavg()[0] <= availableParallelism() - 1;
}

/**
 * A large file's bytes and tree from a thread of its own, started at once so that it reads while this thread reads the
 * other contract; undefined (read it here) for a small file, or when the thread could not start, failed, or could not
 * read the file: whatever happens there, nothing is lost, since the main thread then reads the file as it always did,
 * and says what is wrong with it.
 */
export function readYamlOnSecondThread(
  file: string,
  maxBytes: number,
  spareCore: () => boolean = hasSpareCore,
): Promise<ReadElsewhere | undefined> | undefined {
  const threadFile = findThreadFile();
  if (threadFile === undefined || !worthAThread(file, maxBytes) || !spareCore()) return undefined;
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(threadFile, { workerData: { file, maxBytes } });
    } catch {
      resolve(undefined);
      return;
    }
    worker.unref();
    worker.once('message', (answer: ReadElsewhere | undefined) => resolve(answer));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}
