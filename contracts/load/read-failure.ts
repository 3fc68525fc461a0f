// Why a file could not be read, in words: "ENOENT" or "EISDIR" tells someone who mistyped a name nothing they can act on.

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describeGuess, findNearestName } from '../usage/nearest-name.js';

/**
 * What follows `file: ` in the message: `no such file in /repo` (the folder it was looked for in, when `file` was given
 * relative to `cwd`), then the file of that folder a typo away (`: did you mean openapi.yaml?`), `is a folder, not a
 * file`, `permission denied`; another error keeps its code in brackets.
 */
export function describeReadFailure(file: string, error: unknown, cwd?: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    const where = cwd === undefined || path.isAbsolute(file) ? '' : ` in ${path.resolve(cwd, path.dirname(file))}`;
    return `no such file${where}${describeGuess(guessSibling(file, cwd))}`;
  }
  if (code === 'EISDIR') return 'is a folder, not a file';
  if (code === 'ENOTDIR') return 'no such file (a part of its path is a file, not a folder)';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot read the file (${code ?? 'error'})`;
}

/** `openapi.yaml` for a missing `openapi.yml`, written with the folder as the user wrote it; none when the folder is gone. */
function guessSibling(file: string, cwd: string | undefined): string | undefined {
  const folder = path.dirname(file);
  let names: string[];
  try {
    names = readdirSync(cwd === undefined ? folder : path.resolve(cwd, folder));
  } catch {
    return undefined;
  }
  const guess = findNearestName(path.basename(file), names);
  return guess === undefined ? undefined : folder === '.' && !file.startsWith('./') ? guess : path.join(folder, guess);
}
