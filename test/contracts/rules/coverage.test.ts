// The coverage matrix held against sources it does not write itself: every keyword the official OpenAPI schemas
// (and the 2020-12 vocabularies) declare for an object has a row, every row names a keyword of its versions, every
// schema row's change really touches its keyword and makes the diff report the rules it names, and docs/COVERAGE.md
// is what the matrix prints.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderCoverageDoc } from '../../../bench/coverage-doc.js';
import { COVERAGE, rulesOfCell } from '../../../contracts/rules/coverage/index.js';
import type { CoverageCell, ObjectCoverage, SchemaCell } from '../../../contracts/rules/coverage/types.js';
import { RULE_TABLE } from '../../../contracts/rules/table.js';
import { MATRIX, type Mutation } from './matrix.js';
import { levelsFound } from './mutation-place.js';
import { OFFICIAL_OBJECTS, officialKeywords } from './official-keywords.js';

const byName = new Map<string, ObjectCoverage>(COVERAGE.map((o) => [o.object, o]));
const isExtension = (keyword: string) => keyword.startsWith('x-');

describe('the coverage matrix', () => {
  it('covers the objects the official schemas are read for, and no other', () => {
    expect(COVERAGE.map((o) => o.object).sort()).toEqual([...OFFICIAL_OBJECTS].sort());
  });

  it.each(OFFICIAL_OBJECTS)('%s: every keyword of the official schemas has a row for each version that has it', (object) => {
    const rows = byName.get(object)?.keywords ?? [];
    const missing: string[] = [];
    for (const [version, keywords] of officialKeywords(object)) {
      for (const keyword of keywords)
        if (!rows.some((r) => r.keyword === keyword && r.versions.includes(version))) missing.push(`${object}.${keyword} (${version})`);
    }
    expect(missing, 'keywords without a row').toEqual([]);
  });

  it.each(OFFICIAL_OBJECTS)('%s: every row names a keyword its versions declare (extensions aside)', (object) => {
    const official = officialKeywords(object);
    const wrong = (byName.get(object)?.keywords ?? []).flatMap((r) =>
      isExtension(r.keyword) ? [] : r.versions.filter((v) => !official.get(v)?.has(r.keyword)).map((v) => `${object}.${r.keyword} (${v})`),
    );
    expect(wrong, 'rows for keywords the version does not have').toEqual([]);
  });

  it('every row says something: rules, a gap, or a reason', () => {
    const silent = COVERAGE.flatMap((o) => o.keywords.filter((k) => !k.cells?.length && !k.reason).map((k) => `${o.object}.${k.keyword}`));
    expect(silent).toEqual([]);
  });

  it('no change is left not judged: every cell names rules, and every keyword without one says why', () => {
    const gaps = cellsOf().flatMap(({ where, cell }) => ('gap' in cell ? [`${where} ${cell.side} ${cell.change}`] : []));
    expect(gaps, 'cells not judged').toEqual([]);
  });

  it('every judged change names rules the table declares at that side', () => {
    const empty = cellsOf().flatMap(({ where, cell }) => ('gap' in cell || rulesOfCell(cell).length > 0 ? [] : [`${where} ${cell.side} ${cell.change}`]));
    expect(empty, 'cells whose rules do not exist').toEqual([]);
  });

  it('every schema change the table places is shown in the Schema or Discriminator rows', () => {
    const shown = new Set(cellsOf().flatMap(({ cell }) => ('schema' in cell ? [cell.schema] : [])));
    const hidden = [...new Set(RULE_TABLE.flatMap((r) => ('at' in r ? [r.at[2]] : [])))].filter((c) => !shown.has(c));
    expect(hidden, 'schema changes no row shows').toEqual([]);
  });

  it.each(schemaCells().map((c) => [`${c.where} ${c.cell.side} ${c.cell.change}: ${c.cell.schema}`, c] as const))('%s', (_name, { keyword, cell }) => {
    const row = MATRIX[cell.schema];
    const ids = rulesOfCell(cell);
    for (const id of ids) {
      const at = RULE_TABLE.find((r) => r.id === id && 'at' in r) as { at: readonly [SchemaCell['side'], any, string] };
      const [m] = fc.sample(row.make(at.at[0], at.at[1]), { numRuns: 1, seed: 14 });
      expect(touched(m, keyword), `the ${cell.schema} mutation changes ${keyword}`).toBe(true);
      expect([...levelsFound(m, at.at[0], at.at[1]).keys()], `${id} reported for ${cell.schema}`).toContain(id);
    }
  });

  it('docs/COVERAGE.md is current (regenerate: npm run docs:coverage)', () => {
    expect(readFileSync(new URL('../../../docs/COVERAGE.md', import.meta.url), 'utf8')).toBe(renderCoverageDoc());
  });
});

function cellsOf(): { where: string; keyword: string; cell: CoverageCell }[] {
  return COVERAGE.flatMap((o) => o.keywords.flatMap((k) => (k.cells ?? []).map((cell) => ({ where: `${o.object}.${k.keyword}`, keyword: k.keyword, cell }))));
}

function schemaCells(): { where: string; keyword: string; cell: SchemaCell }[] {
  return cellsOf().flatMap((c) => ('schema' in c.cell ? [{ ...c, cell: c.cell }] : []));
}

/** Whether the keyword, anywhere in the schema, reads differently before and after the mutation. */
function touched(m: Mutation, keyword: string): boolean {
  return JSON.stringify(valuesOf(m.base, keyword)) !== JSON.stringify(valuesOf(m.revision, keyword));
}

function valuesOf(node: unknown, keyword: string, path = ''): [string, unknown][] {
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => [
    ...(key === keyword ? [[`${path}/${key}`, value] as [string, unknown]] : []),
    ...valuesOf(value, keyword, `${path}/${key}`),
  ]);
}
