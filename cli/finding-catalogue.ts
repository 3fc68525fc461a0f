// The rows of docs/FINDINGS.md, the gate's reason codes and the reports' notice codes, read at run time from the copy the
// build puts beside the CLI (as error-catalogue.ts reads ERRORS.md): `overseer explain breaks-consumer` works offline.

import { readShippedPage } from './error-catalogue.js';

export interface FindingRow {
  code: string;
  kind: 'reason' | 'notice';
  meaning: string;
  todo: string;
}

const ROW = /^\| `([a-z]+(?:-[a-z]+)+)` \| (.+) \| (.+) \|$/;

let cached: FindingRow[] | undefined;

/** Every row of the page, in its order; empty when the page is missing (a broken install). */
export function readFindingCatalogue(): FindingRow[] {
  cached ??= parseFindings(readShippedPage('FINDINGS.md'));
  return cached;
}

function parseFindings(text: string): FindingRow[] {
  const rows: FindingRow[] = [];
  let kind: FindingRow['kind'] = 'reason';
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) kind = /notice/i.test(line) ? 'notice' : 'reason';
    const m = ROW.exec(line);
    if (m) rows.push({ code: m[1]!, kind, meaning: m[2]!.trim(), todo: m[3]!.trim() });
  }
  return rows;
}
