// Properties of findImpact over generated documents and declarations: no consumer is forgotten or blamed wrongly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ContractDiff, diffContracts } from '../../contracts/diff.js';
import { findImpact } from '../../contracts/impact.js';
import type { OpenApiDocument } from '../../contracts/load/load.js';
import type { Declaration } from '../../contracts/model.js';
import { arbDeclarations, arbDocument } from '../fixtures/impact/arbitraries.js';
import { loadDoc } from '../fixtures/impact/users-api.js';

const RUNS = { numRuns: 150 };

async function diffOf(base: OpenApiDocument, revision: OpenApiDocument): Promise<ContractDiff> {
  return diffContracts(await loadDoc(base, 'base.json'), await loadDoc(revision, 'revision.json'), { today: '2025-06-01' });
}

const arbCase = fc.record({ base: arbDocument, revision: arbDocument, declarations: arbDeclarations });

describe('findImpact, for any pair of documents and any declarations', () => {
  it('never breaks a consumer that declares nothing of the provider', async () => {
    let judged = 0;
    await fc.assert(
      fc.asyncProperty(arbCase, async ({ base, revision, declarations }) => {
        const diff = await diffOf(base, revision);
        const silent: Declaration = { consumer: 'bystander', provider: 'things', uses: [] };
        const { consumersOf } = findImpact(diff, [...declarations, silent]);
        if ([...consumersOf.values()].some((names) => names.length > 0)) judged += 1;
        for (const names of consumersOf.values()) expect(names).not.toContain('bystander');
      }),
      RUNS,
    );
    // Not a property of nothing: in some runs a change broke a consumer, and the bystander was not among them.
    expect(judged, 'runs where a change broke some consumer').toBeGreaterThan(0);
  });

  it('breaks a consumer that declares "*" with every breaking change', async () => {
    let judged = 0;
    await fc.assert(
      fc.asyncProperty(arbCase, async ({ base, revision, declarations }) => {
        const diff = await diffOf(base, revision);
        const { consumersOf } = findImpact(diff, [...declarations, { consumer: 'everything', provider: 'things', uses: '*' }]);
        const breaking = diff.changes.filter((change) => change.level === 'breaking');
        if (breaking.length > 0) judged += 1;
        for (const change of breaking) expect(consumersOf.get(change)).toContain('everything');
      }),
      RUNS,
    );
    expect(judged, 'runs with a breaking change').toBeGreaterThan(0);
  });

  it('names only consumers it was given, each once, sorted, for every change', async () => {
    await fc.assert(
      fc.asyncProperty(arbCase, async ({ base, revision, declarations }) => {
        const diff = await diffOf(base, revision);
        const { consumersOf } = findImpact(diff, declarations);
        const given = new Set(declarations.map((d) => d.consumer));
        expect(consumersOf.size).toBe(diff.changes.length);
        for (const change of diff.changes) expect(consumersOf.has(change)).toBe(true);
        for (const names of consumersOf.values()) {
          for (const name of names) expect(given).toContain(name);
          expect([...new Set(names)].sort()).toEqual(names);
        }
      }),
      RUNS,
    );
  });

  it('does not depend on the order of the consumers or of the changes', async () => {
    const arbShuffled = arbCase.chain((c) => fc.tuple(fc.constant(c), fc.shuffledSubarray(c.declarations, { minLength: c.declarations.length }), fc.integer()));
    await fc.assert(
      fc.asyncProperty(arbShuffled, async ([{ base, revision, declarations }, shuffled, seed]) => {
        const diff = await diffOf(base, revision);
        const reordered: ContractDiff = { ...diff, changes: rotate(diff.changes, seed) };
        const first = findImpact(diff, declarations);
        const second = findImpact(reordered, shuffled);
        for (const change of diff.changes) expect(second.consumersOf.get(change)).toEqual(first.consumersOf.get(change));
        expect(second.notices).toEqual(first.notices);
      }),
      RUNS,
    );
  });
});

describe('findImpact, comparing consumers', () => {
  it('breaks a consumer with field lists by no change that spares a consumer of the same whole operations', async () => {
    let judged = 0;
    await fc.assert(
      fc.asyncProperty(arbCase, async ({ base, revision, declarations }) => {
        const diff = await diffOf(base, revision);
        const listed = declarations.flatMap((d) => (d.uses === '*' ? [] : [{ consumer: d.consumer, uses: d.uses }]));
        const lists = listed.map((d): Declaration => ({ provider: 'things', consumer: `${d.consumer}-lists`, uses: d.uses }));
        const wholes = listed.map(
          (d): Declaration => ({ provider: 'things', consumer: `${d.consumer}-whole`, uses: d.uses.map((u) => ({ operation: u.operation })) }),
        );
        const { consumersOf } = findImpact(diff, [...lists, ...wholes]);
        const broken = [...consumersOf.values()].map((names) => names.filter((n) => n.endsWith('-lists')));
        if (broken.some((names) => names.length > 0)) judged += 1;
        for (const names of consumersOf.values()) {
          for (const name of names.filter((n) => n.endsWith('-lists'))) expect(names).toContain(name.replace(/-lists$/, '-whole'));
        }
      }),
      RUNS,
    );
    expect(judged, 'runs where a change broke a consumer with field lists').toBeGreaterThan(0);
  });
});

function rotate<T>(items: T[], seed: number): T[] {
  if (items.length === 0) return [];
  const k = Math.abs(seed) % items.length;
  return [...items.slice(k), ...items.slice(0, k)].reverse();
}
