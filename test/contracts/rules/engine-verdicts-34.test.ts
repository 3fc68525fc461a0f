// Verdicts about OpenAPI's numeric formats on a string (issue #14): the Format Registry defines int64 on strings as
// well as numbers (a 64-bit integer written as its digits), so a string gaining it must now hold such digits; int32,
// float and double are numbers' alone, and on a string they let every value through (JSON Schema 2020-12 Validation 7.1).
import { describe, expect, it } from 'vitest';
import type { Direction, SchemaPosition } from '../../../contracts/rules/types.js';
import { type Doc, findings } from './harness.js';
import { place } from './mutation-place.js';

function seen(openapi: '3.0.3' | '3.1.0', base: Doc, revision: Doc, direction: Direction, position: SchemaPosition) {
  const m = { base, revision, openapi: openapi as '3.0.3' };
  return findings(place(base, direction, position, m), place(revision, direction, position, m, 'revision'));
}
const verdicts = (list: { id: string; level: string }[]) => list.map((f) => [f.id, f.level]);
const STRING = { type: 'string' };
const S64 = { type: 'string', format: 'int64' };

describe('format int64 on a string: the digits of a 64-bit integer', () => {
  for (const openapi of ['3.0.3', '3.1.0'] as const) {
    it(`gained by a request property or parameter (${openapi}): text that is not such digits is now refused, breaking`, () => {
      const found = seen(openapi, STRING, S64, 'request', 'property');
      expect(verdicts(found)).toEqual([['request-property-format-added', 'breaking']]);
      expect(found[0].message).toBe('request property `field` must now have format int64');
      expect(verdicts(seen(openapi, STRING, S64, 'request', 'parameter'))).toEqual([['request-parameter-format-added', 'breaking']]);
    });

    it(`dropped from a response property (${openapi}): a reader that parsed the digits may read any text, breaking`, () => {
      expect(verdicts(seen(openapi, S64, STRING, 'response', 'property'))).toEqual([['response-property-format-removed', 'breaking']]);
    });
  }

  it('gained by a response or dropped from a request: nothing a client did is refused, info', () => {
    expect(verdicts(seen('3.0.3', STRING, S64, 'response', 'property'))).toEqual([['response-property-format-added', 'info']]);
    expect(verdicts(seen('3.0.3', S64, STRING, 'request', 'property'))).toEqual([['request-property-format-removed', 'info']]);
  });

  it('on a 3.1 string that may be null, as on a string', () => {
    const found = seen('3.1.0', { type: ['string', 'null'] }, { type: ['string', 'null'], format: 'int64' }, 'request', 'property');
    expect(verdicts(found)).toEqual([['request-property-format-added', 'breaking']]);
  });
});

describe('format int32, float or double on a string: defined for numbers alone', () => {
  for (const format of ['int32', 'float', 'double'])
    it(`${format} gained by a request string is info, saying it constrains nothing`, () => {
      const found = seen('3.0.3', STRING, { type: 'string', format }, 'request', 'property');
      expect(verdicts(found)).toEqual([['request-property-format-added', 'info']]);
      expect(found[0].message).toContain('on a string schema, where it constrains nothing: a validating server ignores it');
    });

  it('int64 on a boolean still constrains nothing', () => {
    expect(verdicts(seen('3.0.3', { type: 'boolean' }, { type: 'boolean', format: 'int64' }, 'request', 'property'))).toEqual([
      ['request-property-format-added', 'info'],
    ]);
  });
});

describe('a format traded for one that does not constrain the type', () => {
  it('int64 traded for int32 on a string drops the digits int64 asked for: breaking in a response, info in a request', () => {
    const response = seen('3.0.3', S64, { type: 'string', format: 'int32' }, 'response', 'property');
    expect(verdicts(response)).toEqual([['response-property-format-removed', 'breaking']]);
    expect(response[0].message).toBe('format of response property `field` changed from int64 to int32: int32 constrains no string, so format int64 is dropped');
    expect(verdicts(seen('3.0.3', S64, { type: 'string', format: 'int32' }, 'request', 'property'))).toEqual([['request-property-format-removed', 'info']]);
  });

  it('int32 traded for int64 on a string asks for digits: breaking in a request, info in a response', () => {
    const request = seen('3.0.3', { type: 'string', format: 'int32' }, S64, 'request', 'parameter');
    expect(verdicts(request)).toEqual([['request-parameter-format-added', 'breaking']]);
    expect(request[0].message).toContain('int32 constrains no string, so it must now have format int64');
    expect(verdicts(seen('3.0.3', { type: 'string', format: 'int32' }, S64, 'response', 'property'))).toEqual([['response-property-format-added', 'info']]);
  });

  it('int64 traded for uuid on an integer is int64 dropped: a request accepts more (info)', () => {
    expect(verdicts(seen('3.0.3', { type: 'integer', format: 'int64' }, { type: 'integer', format: 'uuid' }, 'request', 'property'))).toEqual([
      ['request-property-format-removed', 'info'],
    ]);
  });

  it('two formats that both constrain the type are a change, as before', () => {
    expect(verdicts(seen('3.0.3', { type: 'string', format: 'date' }, S64, 'request', 'property'))).toEqual([['request-property-format-changed', 'breaking']]);
  });
});
