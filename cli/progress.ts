// Where long work is, on standard error: silent for a run shorter than a few seconds, so quick commands and scripts
// see nothing extra, and a large import, export or trace file never looks hung.

import type { Io } from './io.js';

/** A run quicker than this prints no progress at all. */
const QUIET_MS = 2000;
/** At most one update per this long: a line a time in a CI log, a line rewritten in place on a terminal. */
const EVERY_MS = 2000;

export interface Progress {
  /** Says where the work is: `describe` is called, and its text shown, only when an update is due. */
  tick(describe: () => string): void;
  /** Clears a terminal's progress line once the work is done, so the command's own output starts on a clean line. */
  end(): void;
}

export function startProgress(io: Io): Progress {
  const now = io.now ?? Date.now;
  let last = now() - EVERY_MS + QUIET_MS;
  let shown = false;
  return {
    tick(describe) {
      const at = now();
      if (at - last < EVERY_MS) return;
      last = at;
      shown = true;
      io.stderr(io.stderrIsTTY ? `\r${describe()}\x1b[K` : `${describe()}\n`);
    },
    end() {
      if (shown && io.stderrIsTTY) io.stderr('\r\x1b[K');
      shown = false;
    },
  };
}

/** `48.1 MB`: sizes as the messages about limits write them. */
export function describeBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** ` of 150.2 MB (32%)` when the whole is known; never 100% before the end. */
export function describeShare(done: number, total: number | undefined): string {
  if (total === undefined || total <= 0) return '';
  return ` of ${describeBytes(total)} (${Math.min(99, Math.floor((done / total) * 100))}%)`;
}
