// Reads files of the checked-out repository, and nothing outside it.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ActionError } from './errors.js';

export interface WorkspaceReader {
  /** The file's bytes (the engine checks their encoding), or undefined when it does not exist. */
  readFile(file: string): Promise<Uint8Array | undefined>;
  /** The commit the checkout is at (git's HEAD), or undefined when it cannot be told (no `.git` folder, a worktree). */
  readHead(): Promise<string | undefined>;
}

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

export function createWorkspaceReader(root: string): WorkspaceReader {
  const top = path.resolve(root);
  const git = path.join(top, '.git');
  const readText = (file: string) => readFile(file, 'utf8').catch(() => undefined);
  return {
    async readFile(file) {
      const full = path.resolve(top, file);
      // Inputs name files in the repository; a path leaving it is a mistake, not something to follow.
      if (full !== top && !full.startsWith(top + path.sep)) throw new ActionError('ERR_INPUT_INVALID', `${file} is outside the workspace`);
      try {
        return await readFile(full);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return undefined;
        throw new ActionError('ERR_FILE_UNREADABLE', `${file}: cannot read the file (${code ?? 'error'})`);
      }
    },
    // Read from git's files rather than by running git: a runner's image need not have it, and a step must not run
    // what a checkout holds. actions/checkout leaves a detached HEAD or a branch whose ref is loose or packed.
    async readHead() {
      const head = (await readText(path.join(git, 'HEAD')))?.trim() ?? '';
      if (SHA.test(head)) return head;
      const ref = /^ref: (refs\/[\w./-]+)$/.exec(head)?.[1];
      if (!ref || ref.includes('..')) return undefined;
      const loose = (await readText(path.join(git, ref)))?.trim() ?? '';
      if (SHA.test(loose)) return loose;
      const packed = (await readText(path.join(git, 'packed-refs'))) ?? '';
      const line = packed.split('\n').find((entry) => entry.endsWith(` ${ref}`));
      const sha = line?.slice(0, line.indexOf(' '));
      return sha && SHA.test(sha) ? sha : undefined;
    },
  };
}
