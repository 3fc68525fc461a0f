// Properties of the engine over generated OpenAPI documents (generators.ts, edited by mutations.ts): a document equals
// itself, key order means nothing, every location points at something and at its line, and common
// edits produce the rule ids they should without crashing anything.
import fc from 'fast-check';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { diffContracts, diffDocuments, type LocatedFinding } from '../../contracts/diff.js';
import { parseContract } from '../../contracts/load/load.js';
import type { Change } from '../../contracts/model.js';
import { getValueAt } from './document-sites.js';
import { arbDocument } from './generators.js';
import { arbMutation, MUTATION_KINDS, type Mutation, type MutationKind, mutate, shuffleKeys } from './mutations.js';

const TODAY = '2025-06-01';
// PROPERTY_RUNS=500 for a deeper search by hand; the default keeps the file under 20 s on a quiet machine.
const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 30) };
const SLOW_RUNS = { numRuns: Math.max(5, Math.round(RUNS.numRuns / 2)) };
// A hang guard, not a speed: at load 24 two of these properties took 36 and 41 s and failed a 30 s bound.
const TIMEOUT = Math.max(300_000, RUNS.numRuns * 10_000);

type Json = Record<string, any>;

function listFindingKeys(findings: LocatedFinding[]): string[] {
  return [...new Set(findings.map((f) => `${f.id} | ${f.operation ?? ''} | ${f.pointer}`))].sort();
}

/** Base and revision that differ: an edit of one document, or two unrelated documents. */
const arbPair = fc.oneof(
  arbMutation.filter((m) => m.mutation !== undefined).map(({ mutation }) => ({ base: mutation!.base, revision: mutation!.revision })),
  fc.record({ base: arbDocument, revision: arbDocument }),
);

describe('diffDocuments over generated documents', () => {
  it(
    'finds nothing between a document and itself, a deep copy of it, or its keys reordered',
    () => {
      fc.assert(
        fc.property(arbDocument, fc.integer(), (doc, seed) => {
          expect(listFindingKeys(diffDocuments(doc, doc, { today: TODAY }).findings)).toEqual([]);
          expect(listFindingKeys(diffDocuments(doc, structuredClone(doc), { today: TODAY }).findings)).toEqual([]);
          expect(listFindingKeys(diffDocuments(doc, shuffleKeys(doc, seed), { today: TODAY }).findings)).toEqual([]);
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'finds the same changes whatever the order of the keys in either document',
    () => {
      fc.assert(
        fc.property(arbPair, fc.integer(), fc.integer(), ({ base, revision }, s1, s2) => {
          const before = listFindingKeys(diffDocuments(base, revision, { today: TODAY }).findings);
          const after = listFindingKeys(diffDocuments(shuffleKeys(base, s1), shuffleKeys(revision, s2), { today: TODAY }).findings);
          expect(after).toEqual(before);
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );
});

/** How a document is written to disk: the layouts real contracts come in. */
const WRITERS: { name: string; file: string; write: (doc: Json) => string }[] = [
  { name: 'YAML', file: 'c.yaml', write: (d) => yaml.dump(d, { noRefs: true }) },
  {
    name: 'YAML, indent 4, flush sequences, long lines',
    file: 'c.yaml',
    write: (d) => yaml.dump(d, { noRefs: true, indent: 4, noArrayIndent: true, lineWidth: -1 }),
  },
  { name: 'YAML, flow style below level 4', file: 'c.yml', write: (d) => yaml.dump(d, { noRefs: true, flowLevel: 4 }) },
  {
    name: 'YAML, every string double-quoted, CRLF',
    file: 'c.yaml',
    write: (d) => yaml.dump(d, { noRefs: true, quotingType: '"', forceQuotes: true }).replace(/\n/g, '\r\n'),
  },
  { name: 'JSON', file: 'c.json', write: (d) => JSON.stringify(d, null, 2) },
  { name: 'JSON, tabs, CRLF', file: 'c.json', write: (d) => JSON.stringify(d, null, '\t').replace(/\n/g, '\r\n') },
  { name: 'JSON, minified', file: 'c.json', write: (d) => JSON.stringify(d) },
];

const MARKER = 'LINE_MARKER_Q7';

/**
 * The line where `tokens` starts in `write(doc)`, found without the engine: the value there is
 * replaced by a marker and the document written again; nothing before it moves.
 */
function computeExpectedLine(doc: Json, tokens: string[], write: (doc: Json) => string): number {
  if (tokens.length === 0) return 1;
  const copy = structuredClone(doc);
  getValueAt(copy, tokens.slice(0, -1))[tokens[tokens.length - 1]] = MARKER;
  const text = write(copy);
  return text.slice(0, text.indexOf(MARKER)).split('\n').length;
}

function splitTokens(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

async function checkLocations(base: Json, revision: Json): Promise<void> {
  for (const writer of WRITERS) {
    const texts = { base: writer.write(base), revision: writer.write(revision) };
    const loaded = {
      base: await parseContract(texts.base, `base-${writer.file}`, { validate: false }),
      revision: await parseContract(texts.revision, `revision-${writer.file}`, { validate: false }),
    };
    expect(loaded.base.source, `${writer.name}: the text reads back as the document`).toEqual(base);
    expect(loaded.revision.source).toEqual(revision);
    const { changes } = diffContracts(loaded.base, loaded.revision, { today: TODAY });
    // Every change must resolve; the exact line (one more write each) is checked on a spread of them.
    const step = Math.max(1, Math.ceil(changes.length / 4));
    changes.forEach((change, i) => checkLocation(change, { base, revision }[change.side], texts[change.side], writer, i % step === 0));
  }
}

function checkLocation(change: Change, doc: Json, text: string, writer: (typeof WRITERS)[number], exactLine: boolean): void {
  const what = `${writer.name}: ${change.id} at ${change.side} ${change.location}`;
  const tokens = splitTokens(change.location);
  expect(getValueAt(doc, tokens), `${what} resolves`).not.toBeUndefined();
  expect(change.line, `${what} has a line`).toBeTypeOf('number');
  expect(change.line! >= 1 && change.line! <= text.split('\n').length, `${what}: line ${change.line} is in the file`).toBe(true);
  if (exactLine) expect(change.line, `${what} is on its line`).toBe(computeExpectedLine(doc, tokens, writer.write));
}

describe('diffContracts over generated documents written as YAML and JSON', () => {
  it(
    'reports every location in the document it names, on the line where it is written',
    async () => {
      await fc.assert(
        fc.asyncProperty(arbPair, async ({ base, revision }) => {
          await checkLocations(base, revision);
        }),
        SLOW_RUNS,
      );
    },
    TIMEOUT,
  );
});

function checkExpectation(m: Mutation, findings: LocatedFinding[]): void {
  const e = m.expect;
  const seen = findings.map((f) => `${f.id} ${f.operation ?? ''} ${f.pointer}`);
  if (e.kind === 'none') {
    expect(
      seen.filter((_, i) => !e.tolerate?.test(findings[i].id)),
      `${m.kind} ${m.where}: no change`,
    ).toEqual([]);
    return;
  }
  const hit = findings.some((f) => e.ids.includes(f.id) && (!e.location || f.pointer === e.location) && (!e.operation || f.operation === e.operation));
  expect(
    hit,
    `${m.kind} ${m.where}: expected one of ${e.ids.join(', ')}${e.location ? ` at ${e.location}` : ''}${e.operation ? ` under ${e.operation}` : ''}; got\n${seen.join('\n')}`,
  ).toBe(true);
  if (e.alone)
    expect(
      seen.filter((_, i) => !e.alone?.test(findings[i].id)),
      `${m.kind} ${m.where}: nothing else`,
    ).toEqual([]);
}

describe('generated edits', () => {
  const applied = new Map<MutationKind, number>();

  it.each(MUTATION_KINDS)(
    '%s: never crashes, and gives the change it should',
    (kind) => {
      fc.assert(
        fc.property(arbDocument, fc.nat(), (doc, n) => {
          const m = mutate(doc, kind, n);
          // A document with no place for this edit is skipped, not counted as a run: every run then tests the edit, and
          // the count below no longer depends on the seed (CI once drew 14 applicable documents of 30 for change-type).
          fc.pre(m !== undefined);
          if (!m) return;
          applied.set(kind, (applied.get(kind) ?? 0) + 1);
          checkExpectation(m, diffDocuments(m.base, m.revision, { today: TODAY }).findings);
          // And the other way round: the engine must not crash on the reverse edit either.
          diffDocuments(m.revision, m.base, { today: TODAY });
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it('applied every kind of edit often enough to mean something', () => {
    for (const kind of MUTATION_KINDS) expect(applied.get(kind) ?? 0, kind).toBeGreaterThanOrEqual(RUNS.numRuns / 2);
  });

  it(
    'keeps every location of an edit on its line in YAML and JSON',
    async () => {
      await fc.assert(
        fc.asyncProperty(arbMutation, async ({ mutation }) => {
          if (mutation) await checkLocations(mutation.base, mutation.revision);
        }),
        SLOW_RUNS,
      );
    },
    TIMEOUT,
  );
});
