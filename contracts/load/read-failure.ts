// Why a file could not be read, in words: "ENOENT" or "EISDIR" tells someone who mistyped a name nothing they can act on.

import path from 'node:path';

/**
 * What follows `file: ` in the message: `no such file in /repo` (the folder it was looked for in, when `file` was given
 * relative to `cwd`), `is a folder, not a file`, `permission denied`; another error keeps its code in brackets.
 */
export function describeReadFailure(file: string, error: unknown, cwd?: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `no such file${cwd === undefined || path.isAbsolute(file) ? '' : ` in ${path.resolve(cwd, path.dirname(file))}`}`;
  if (code === 'EISDIR') return 'is a folder, not a file';
  if (code === 'ENOTDIR') return 'no such file (a part of its path is a file, not a folder)';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot read the file (${code ?? 'error'})`;
}
