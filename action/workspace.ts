// Reads files of the checked-out repository, and nothing outside it.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ActionError } from './errors.js';

export interface WorkspaceReader {
  /** The file's bytes (the engine checks their encoding), or undefined when it does not exist. */
  readFile(file: string): Promise<Uint8Array | undefined>;
}

export function createWorkspaceReader(root: string): WorkspaceReader {
  const top = path.resolve(root);
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
  };
}
