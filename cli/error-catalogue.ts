// The rows of docs/ERRORS.md, read at run time: an installed CLI has no repository, so the build copies the page to
// dist/docs/ (compile.mjs) at the same place relative to this file as docs/ is to cli/, and `overseer explain` and
// the error pointer read one page, never a second copy of its words.

import { readFileSync } from 'node:fs';

export interface ErrorRow {
  code: string;
  /** The HTTP status the registry answers with, or `—` where it never sends the code. */
  http: string;
  /** The page's section: where the code shows (`Talking to the registry (CLI and Action)`). */
  section: string;
  when: string;
  todo: string;
}

const ROW = /^\| (?:<a id="[^"]*"><\/a>)?`(ERR_[A-Z0-9_]+)` \| ([^|]+) \| (.+) \| (.+) \|$/;

let cached: ErrorRow[] | undefined;

/** Every row of the page, in its order; empty when the page is missing (a broken install), so no code is called ours. */
export function readErrorCatalogue(): ErrorRow[] {
  cached ??= parseCatalogue(readShippedPage('ERRORS.md'));
  return cached;
}

/** A page of docs/ as the build ships it beside the CLI; empty when it is missing (a broken install). */
export function readShippedPage(name: 'ERRORS.md' | 'FINDINGS.md'): string {
  try {
    return readFileSync(new URL(`../docs/${name}`, import.meta.url), 'utf8');
  } catch {
    return '';
  }
}

function parseCatalogue(text: string): ErrorRow[] {
  const rows: ErrorRow[] = [];
  let section = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) section = line.slice(3).trim();
    const m = ROW.exec(line);
    if (m) rows.push({ code: m[1]!, http: m[2]!.trim(), section, when: m[3]!.trim(), todo: m[4]!.trim() });
  }
  return rows;
}

/** The row of a code of ours; undefined for any other (Node's `ERR_INVALID_URL` has none). */
export function findErrorRow(code: string): ErrorRow | undefined {
  return readErrorCatalogue().find((row) => row.code === code);
}
