// Where a manifest sits in its repository: the path publish sends with it, so that the registry can say where a
// consumer read from it declared a use (`web/overseer.yaml:9`), and the Action can link that line, whatever folder
// the publication was run from.

import { stat } from 'node:fs/promises';
import path from 'node:path';

/** `file` relative to the root of the git work tree holding it (`/` separators); as given, tidied, outside one. */
export async function findRepositoryPath(cwd: string, file: string): Promise<string> {
  const absolute = path.resolve(cwd, file);
  for (let dir = path.dirname(absolute); ; dir = path.dirname(dir)) {
    // A `.git` folder, or the `.git` file of a worktree or submodule, marks the root.
    if (await exists(path.join(dir, '.git'))) return toSlashes(path.relative(dir, absolute));
    if (path.dirname(dir) === dir) return toSlashes(path.normalize(file)).replace(/^\.\//, '');
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function toSlashes(file: string): string {
  return file.split(path.sep).join('/');
}
