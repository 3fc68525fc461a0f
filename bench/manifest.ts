// The corpus manifest: one line per (old, new) pair of the same API document.
import { readFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Pair {
  api: string;
  oldFile: string;
  newFile: string;
  /** OpenAPI / Swagger version of each file (`3.0.0->3.1.0` in the manifest when they differ). */
  oldVersion: string;
  newVersion: string;
  oldBytes: number;
  newBytes: number;
  sizeClass: string;
  /** `stripe 2022-05-26 → 2023-08-09`: api names repeat, so the dates tell pairs apart. */
  label: string;
}

const stem = (file: string): string => basename(file, extname(file));

/** Parses MANIFEST.tsv text; file paths come back joined to `corpusDir`. */
export function parseManifest(text: string, corpusDir: string): Pair[] {
  const [header, ...rows] = text.split('\n').filter((l) => l.trim().length > 0);
  if (!header) return [];
  const columns = header.split('\t');
  const col = (cells: string[], name: string): string => cells[columns.indexOf(name)] ?? '';
  return rows.map((row) => {
    const cells = row.split('\t');
    const [oldVersion = '', newVersion = oldVersion] = col(cells, 'openapi_version').split('->');
    const api = col(cells, 'api');
    const oldRel = col(cells, 'old_file');
    const newRel = col(cells, 'new_file');
    return {
      api,
      oldFile: join(corpusDir, oldRel),
      newFile: join(corpusDir, newRel),
      oldVersion,
      newVersion,
      oldBytes: Number(col(cells, 'old_bytes')),
      newBytes: Number(col(cells, 'new_bytes')),
      sizeClass: col(cells, 'size_class'),
      label: `${api} ${stem(oldRel)} → ${stem(newRel)}`,
    };
  });
}

export function readManifest(corpusDir: string): Pair[] {
  return parseManifest(readFileSync(join(corpusDir, 'MANIFEST.tsv'), 'utf8'), corpusDir);
}

/** Says where the corpus is looked for, in each bench command's usage text. */
export const CORPUS_HINT = '$OVERSEER_CORPUS or ../shared/corpus/real relative to the repository root';

/** The real pairs sit beside the checkout unless OVERSEER_CORPUS names another folder. */
export function corpusDir(env: NodeJS.ProcessEnv, repoRoot: string): string {
  return resolve(env.OVERSEER_CORPUS ?? resolve(repoRoot, '../shared/corpus/real'));
}

/** The corpus a bench's `--corpus` means when not given: this checkout's (corpusDir), never one machine's path. */
export function defaultCorpus(): string {
  return corpusDir(process.env, fileURLToPath(new URL('../../', import.meta.url)));
}
