// What a command may touch of the outside world, passed in so commands are plain functions.

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether stdout is a terminal (colour). */
  isTTY: boolean;
  /** Whether stderr is a terminal: progress is then one line rewritten in place. */
  stderrIsTTY?: boolean;
  /** The clock progress is paced by (default Date.now). */
  now?: () => number;
  /** Whether stdin is a terminal: `-` would then wait, silently, for a contract typed by hand. */
  stdinIsTTY?: boolean;
  /** All of standard input (`overseer diff - REVISION`), or its first `maxBytes` and a little more; absent where there is none to read. */
  readStdin?: (maxBytes: number) => Promise<Uint8Array>;
  /**
   * Until the returned function is called, Ctrl-C (SIGINT) or SIGTERM runs `cleanup` (synchronous: what a half-done
   * command leaves behind), prints the line it returns, and ends the process (exit 130, or 143 for SIGTERM).
   */
  onInterrupt?: (cleanup: () => string) => () => void;
  /** Called once a command has read its contracts, before it diffs them: the process's entry point tunes V8 there. */
  contractsLoaded?: () => void;
}

/** A command returns its exit code: 0 safe, 1 blocked, 2 no decision. */
export type Command = (args: string[], io: Io) => Promise<number>;

export const EXIT = { safe: 0, blocked: 1, noDecision: 2 } as const;

/** Bad usage: the message is printed with a hint to `--help`, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure that stops the command with exit 2, printed as one line. */
export class CommandError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'CommandError';
    this.code = code;
  }
}
