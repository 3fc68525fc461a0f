// Mutations of a multipart part's `encoding.contentType`, judged against what the lists accept: every concrete media
// type (one beside each range that no exact entry names) is tried on both versions. A request part that could be sent
// in a type and no longer can is breaking; one that may now come in a type it could not, in a response, is a warning;
// the opposite moves are info, and nothing is reported where both lists accept the same types.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { api, type Doc, findings } from './harness.js';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 40) };
const WRITTEN = ['image/png', 'image/jpeg', 'image/*', 'text/plain', 'application/json', '*/*'];
// `image/other` and `x/other` are accepted only by the ranges: a range dropped always refuses some type.
const CONCRETE = ['image/png', 'image/jpeg', 'image/other', 'text/plain', 'application/json', 'x/other'];
const lists = fc.subarray(WRITTEN, { minLength: 1 });

const accepts = (list: string[], type: string) => list.some((w) => w === type || w === '*/*' || (w.endsWith('/*') && type.startsWith(w.slice(0, -1))));

const SCHEMA = { type: 'object', properties: { file: { type: 'string', format: 'binary' } } };
function withPart(direction: 'request' | 'response', list: string[]): Doc {
  const media = { 'multipart/form-data': { schema: SCHEMA, encoding: { file: { contentType: list.join(', ') } } } };
  if (direction === 'request') return api({ '/pets': { post: { requestBody: { content: media }, responses: { '201': { description: 'made' } } } } });
  return api({ '/pets': { get: { responses: { '200': { description: 'ok', content: media } } } } });
}

describe("a multipart part's content types, mutated", () => {
  it.each(['request', 'response'] as const)('%s: flagged exactly where a client meets a type it did not before', (direction) => {
    fc.assert(
      fc.property(lists, lists, (base, revision) => {
        const found = findings(withPart(direction, base), withPart(direction, revision)).filter((f) => f.id.includes('-part-content-type-'));
        const dropped = CONCRETE.some((t) => accepts(base, t) && !accepts(revision, t));
        const gained = CONCRETE.some((t) => !accepts(base, t) && accepts(revision, t));
        const level = (id: string) => found.find((f) => f.id === `${direction}-body-part-content-type-${id}`)?.level;
        // A request that sends a type no longer accepted is refused; a reader that meets a type it did not is warned.
        expect(level('removed')).toBe(dropped ? (direction === 'request' ? 'breaking' : 'info') : undefined);
        expect(level('added')).toBe(gained ? (direction === 'request' ? 'info' : 'warning') : undefined);
        expect(found.length).toBe(Number(dropped) + Number(gained));
      }),
      RUNS,
    );
  });
});
