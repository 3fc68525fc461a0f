// The consumer manifests `diff --consumers` reads: files and globs as named, and a folder for the manifests it holds.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describeReadFailure, type Manifest, parseManifests } from '../../contracts/index.js';
import { CommandError, type Io } from '../io.js';

const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;
// A contract's first key, at the start of a line in YAML or after the brace in JSON: a provider's folder of consumers
// often keeps a copy of the contract beside the manifests.
const CONTRACT_KEY = /^\s*(?:\{\s*)?["']?(?:openapi|swagger)["']?\s*:/m;

interface Skipped {
  file: string;
  why: 'not YAML or JSON' | 'OpenAPI contracts, not manifests';
}

export async function readManifests(patterns: string[], io: Pick<Io, 'cwd' | 'stderr'>): Promise<Manifest[]> {
  // Loaded here, not at the top: most diffs name no consumers, and the glob library costs a start-up.
  const { glob } = await import('tinyglobby');
  const inputs = new Map<string, string>();
  for (const pattern of patterns) {
    if (await isFolder(pattern, io.cwd)) {
      for (const [file, text] of await readFolder(pattern, io, glob)) inputs.set(file, text);
      continue;
    }
    const matched = await glob(pattern, { cwd: io.cwd, absolute: false, onlyFiles: true });
    if (matched.length === 0) throw new CommandError('ERR_MANIFEST_NOT_FOUND', `no consumer manifest matches "${pattern}"`);
    for (const file of matched) if (!inputs.has(file)) inputs.set(file, await readText(file, io.cwd));
  }
  return parseManifests([...inputs].sort(([a], [b]) => a.localeCompare(b)).map(([file, text]) => ({ file, text })));
}

async function isFolder(pattern: string, cwd: string): Promise<boolean> {
  return stat(path.resolve(cwd, pattern)).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

type Glob = typeof import('tinyglobby').glob;

/** The manifests of a folder and its subfolders; what is not one is named on stderr, and a folder of none is an error. */
async function readFolder(folder: string, io: Pick<Io, 'cwd' | 'stderr'>, glob: Glob): Promise<Map<string, string>> {
  const prefix = folder.replace(/\/+$/, '');
  const files = (await glob(`${escapeGlob(prefix)}/**/*`, { cwd: io.cwd, absolute: false, onlyFiles: true })).sort();
  const read = new Map<string, string>();
  const skipped: Skipped[] = [];
  for (const file of files) {
    if (!MANIFEST_EXTENSIONS.test(file)) skipped.push({ file, why: 'not YAML or JSON' });
    else {
      const text = await readText(file, io.cwd);
      if (CONTRACT_KEY.test(text)) skipped.push({ file, why: 'OpenAPI contracts, not manifests' });
      else read.set(file, text);
    }
  }
  if (read.size === 0) {
    const why = skipped.length > 0 ? ` (skipped ${describeSkipped(skipped).replace(/ \((.*)\)/g, ': $1')})` : ' (it is empty)';
    throw new CommandError('ERR_MANIFEST_NOT_FOUND', `no consumer manifest in the folder ${folder}${why}`);
  }
  if (skipped.length > 0) io.stderr(`note: ${folder}: read ${read.size} manifest${read.size === 1 ? '' : 's'}; skipped ${describeSkipped(skipped)}\n`);
  return read;
}

function describeSkipped(skipped: Skipped[]): string {
  const groups = new Map<string, string[]>();
  for (const { file, why } of skipped) groups.set(why, [...(groups.get(why) ?? []), file]);
  return [...groups].map(([why, files]) => `${listFiles(files)} (${why})`).join(', ');
}

function listFiles(files: string[]): string {
  return files.length === 1 ? files[0] : `${files.slice(0, -1).join(', ')} and ${files.at(-1)}`;
}

function escapeGlob(folder: string): string {
  return folder.replace(/[*?[\]{}()!]/g, '\\$&');
}

async function readText(file: string, cwd: string): Promise<string> {
  try {
    return await readFile(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new CommandError('ERR_MANIFEST_UNREADABLE', `${file}: ${describeReadFailure(file, e, cwd)}`);
  }
}
