// A component that the revision inlines at many places: each place is compared on its own (the walk's memo of
// pairs must keep them apart past its short list), and each change is reported at the place it is written.
import { describe, expect, it } from 'vitest';
import { diffDocuments } from '../../contracts/diff.js';

type Doc = Record<string, any>;

const PLACES = 40;
const pet = (idType: string) => ({ type: 'object', properties: { id: { type: idType }, name: { type: 'string' } } });

function api(place: (i: number) => Doc, extra: Doc = {}): Doc {
  const properties: Doc = {};
  for (let i = 0; i < PLACES; i++) properties[`pet${i}`] = place(i);
  const body = { content: { 'application/json': { schema: { type: 'object', properties } } } };
  return {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: { '/pets': { get: { responses: { '200': { description: 'ok', ...body } } } } },
    components: { schemas: { Pet: pet('string'), ...extra } },
  };
}

describe('a component inlined at many places', () => {
  it('reports a change at every place where the inlined copy differs, and nowhere else', () => {
    const base = api(() => ({ $ref: '#/components/schemas/Pet' }));
    const changed = new Set([3, 17, 18, 39]);
    const revision = api((i) => pet(changed.has(i) ? 'integer' : 'string'));
    const findings = diffDocuments(base, revision, { today: '2026-01-01' }).findings;
    const places = findings.map((f) => /\/pet(\d+)\//.exec(f.pointer)?.[1]);
    expect(findings.map((f) => f.id)).toEqual(Array(changed.size).fill('response-property-type-changed'));
    expect(places.map(Number).sort((a, b) => a - b)).toEqual([...changed]);
  });
});
