// JSON pointers name paths and media types that hold `/` (RFC 6901 escapes it as `~1`, and `~` as `~0`); the escaped
// forms are remembered, so the same token must come out the same however often, and past the bound on what is kept.
import { describe, expect, it } from 'vitest';
import { childPointer, joinPointer, splitPointer } from '../../contracts/schema/pointer.js';

describe('pointer tokens holding / or ~', () => {
  it('are escaped the same every time, before and after many others, and split back to themselves', () => {
    const first = joinPointer('', 'paths', '/pets/{id}', 'get');
    for (let i = 0; i < 10_000; i++) expect(childPointer('', 'content', `application/x-${i}~v`)).toBe(`/content/application~1x-${i}~0v`);
    expect(joinPointer('', 'paths', '/pets/{id}', 'get')).toBe(first);
    expect(first).toBe('/paths/~1pets~1{id}/get');
    expect(splitPointer(childPointer('#/components', 'schemas', 'a~/b'))).toEqual(['components', 'schemas', 'a~/b']);
  });
});
