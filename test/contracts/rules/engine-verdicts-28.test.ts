// Verdicts a reviewer reading the specification gives about an existing client (issue #14, round 28): a finding that
// says its keyword constrains nothing stays info whatever a severity file asks of its rule.
import { describe, expect, it } from 'vitest';
import { diffContracts, parseContract } from '../../../contracts/index.js';
import { applySeverityToDiff, parseSeverityLevels } from '../../../contracts/policy/apply.js';
import type { Direction, SchemaPosition } from '../../../contracts/rules/types.js';
import { type Doc, findings } from './harness.js';
import { place } from './mutation-place.js';

async function changes(base: Doc, revision: Doc, direction: Direction, position: SchemaPosition, severity = '') {
  const m = { base, revision };
  const [b, r] = await Promise.all([
    parseContract(JSON.stringify(place(base, direction, position, m)), 'base.json'),
    parseContract(JSON.stringify(place(revision, direction, position, m, 'revision')), 'revision.json'),
  ]);
  return applySeverityToDiff(diffContracts(b, r), parseSeverityLevels(severity, 'severity.txt')).changes;
}

describe('a severity file and a keyword that constrains nothing where it is written', () => {
  const strings = { type: 'string', maxItems: 10 };
  const lowered = { type: 'string', maxItems: 5 };
  const raise = 'request-property-max-items-decreased ERR\n';

  it('raising the rule leaves that finding at info, marked inert', async () => {
    const found = await changes(strings, lowered, 'request', 'property', raise);
    expect(found.map((c) => [c.id, c.level, c.inert])).toEqual([['request-property-max-items-decreased', 'info', true]]);
  });

  it('the same line raises the rule where the keyword does constrain', async () => {
    const found = await changes(
      { type: 'array', maxItems: 10 },
      { type: 'array', maxItems: 5 },
      'request',
      'property',
      'request-property-max-items-decreased WARN\n',
    );
    expect(found.map((c) => [c.id, c.level, c.inert])).toEqual([['request-property-max-items-decreased', 'warning', undefined]]);
  });

  it('NONE still drops it', async () => {
    expect(await changes(strings, lowered, 'request', 'property', 'request-property-max-items-decreased NONE\n')).toEqual([]);
  });

  it('a property changed below a schema that cannot be an object is inert too', async () => {
    const base = { type: 'string', properties: { a: { type: 'string' } } };
    const revision = { type: 'string', properties: { a: { type: 'integer' } } };
    const found = await changes(base, revision, 'request', 'body', 'request-property-type-changed ERR\n');
    expect(found.map((c) => [c.id, c.level, c.inert])).toEqual([['request-property-type-changed', 'info', true]]);
  });
});

const seen = (base: Doc, revision: Doc, direction: Direction, openapi: '3.0.3' | '3.1.0' = '3.0.3') => {
  const m = { base, revision, openapi: openapi as '3.0.3' };
  return findings(place(base, direction, 'property', m), place(revision, direction, 'property', m, 'revision')).map((f) => [f.id, f.level, f.message]);
};
const types = (...names: string[]) => names.map((type) => ({ type }));

describe('`type` beside oneOf/anyOf alternatives: JSON Schema applies both', () => {
  it('a oneOf alternative the type never admitted, dropped, changes nothing', () => {
    expect(seen({ type: 'string', oneOf: types('string', 'integer') }, { type: 'string', oneOf: types('string') }, 'request')).toEqual([]);
  });

  it('the same alternative added changes nothing either', () => {
    expect(seen({ type: 'string' }, { type: 'string', oneOf: types('string', 'integer') }, 'request')).toEqual([]);
  });

  it('the type changed while the alternatives stay is a type change', () => {
    expect(seen({ type: 'string', oneOf: types('string', 'integer') }, { type: 'integer', oneOf: types('string', 'integer') }, 'request')).toEqual([
      ['request-property-list-of-types-widened', 'info', 'request property `field` now also allows integer (was string)'],
      ['request-property-list-of-types-narrowed', 'breaking', 'request property `field` no longer allows string (now integer)'],
    ]);
  });

  it('a type written beside alternatives narrows them to it', () => {
    expect(seen({ anyOf: types('string', 'integer') }, { type: 'integer', anyOf: types('string', 'integer') }, 'request')).toEqual([
      ['request-property-list-of-types-narrowed', 'breaking', 'request property `field` no longer allows string (now integer)'],
    ]);
  });

  it('a 3.1 type list with null beside alternatives that name no null admits no null', () => {
    expect(seen({ type: ['string', 'null'] }, { type: ['string', 'null'], oneOf: types('string', 'integer') }, 'request', '3.1.0')).toEqual([
      ['request-property-list-of-types-narrowed', 'breaking', 'request property `field` no longer allows null (now string)'],
    ]);
  });

  it('oneOf and anyOf together admit what both let through', () => {
    const both = { oneOf: types('string', 'integer'), anyOf: types('string', 'boolean') };
    expect(seen({ type: 'string' }, both, 'response')).toEqual([]);
  });

  it('a type and alternatives that share none admit no value', () => {
    expect(seen({ type: 'string' }, { type: 'string', oneOf: types('integer') }, 'request')).toEqual([
      [
        'request-property-type-changed',
        'breaking',
        'request property `field` now admits no value (was string): its `type` and its oneOf/anyOf alternatives share no type',
      ],
    ]);
  });
});

const levels = (list: string[][]) => list.map(([id, level]) => [id, level]);
const props = { a: { type: 'string' } };

describe('additionalProperties: false beside a type change', () => {
  it('object to object-or-null, closed: null is new, undeclared names refused (both sides)', () => {
    const base = { type: 'object', properties: props };
    const revision = { type: ['object', 'null'], properties: props, additionalProperties: false };
    expect(levels(seen(base, revision, 'request', '3.1.0'))).toEqual([
      ['request-property-became-nullable', 'info'],
      ['request-property-additional-properties-forbidden', 'breaking'],
    ]);
    expect(levels(seen(base, revision, 'response', '3.1.0'))).toEqual([
      ['response-property-became-nullable', 'breaking'],
      ['response-property-additional-properties-forbidden', 'info'],
    ]);
  });

  it('string to a closed object: the type change is the finding; the base never took an object to refuse names of', () => {
    const found = seen({ type: 'string' }, { type: 'object', properties: props, additionalProperties: false }, 'request');
    expect(levels(found)).toEqual([
      ['request-property-type-changed', 'breaking'],
      ['request-property-additional-properties-forbidden', 'info'],
      ['new-optional-request-property', 'info'],
    ]);
    expect(found[1][2]).toBe(
      'request property `field` no longer admits undeclared properties; the schema was string, where it constrained nothing (its type change is judged on its own)',
    );
  });

  it('a closed object that became an array does not say it may now hold undeclared properties, at a response level', () => {
    const found = seen({ type: 'object', properties: props, additionalProperties: false }, { type: 'array', properties: props }, 'response');
    expect(levels(found)).toEqual([
      ['response-property-type-changed', 'breaking'],
      ['response-property-additional-properties-allowed', 'info'],
    ]);
    expect(found[1][2]).toContain('; the schema is now array, where it constrains nothing');
  });

  it('an object closed on a string schema in both versions is info, saying it constrains nothing', () => {
    expect(seen({ type: 'string' }, { type: 'string', additionalProperties: false }, 'request')).toEqual([
      [
        'request-property-additional-properties-forbidden',
        'info',
        'request property `field` no longer admits undeclared properties on a string schema, where it constrains nothing: a validating server ignores it',
      ],
    ]);
  });
});

describe('subschemas of object and array keywords under a schema that cannot be one', () => {
  const judged = (base: Doc, revision: Doc) => levels(seen(base, revision, 'request', '3.1.0'));
  it('additionalProperties values', () => {
    expect(judged({ type: 'string', additionalProperties: { type: 'string' } }, { type: 'string', additionalProperties: { type: 'integer' } })).toEqual([
      ['request-property-type-changed', 'info'],
    ]);
  });
  it('patternProperties values', () => {
    const p = (type: string) => ({ type: 'string', patternProperties: { '^x': { type } } });
    expect(judged(p('string'), p('integer'))).toEqual([['request-property-type-changed', 'info']]);
  });
  it('prefixItems positions', () => {
    const p = (type: string) => ({ type: 'string', prefixItems: [{ type }] });
    expect(judged(p('string'), p('integer'))).toEqual([['request-property-type-changed', 'info']]);
  });
  it('the values of an object that became a string are judged by its type change alone', () => {
    const found = judged({ type: 'object', additionalProperties: { type: 'string' } }, { type: 'string', additionalProperties: { type: 'integer' } });
    expect(found).toEqual([
      ['request-property-type-changed', 'breaking'],
      ['request-property-type-changed', 'info'],
    ]);
  });
  it('on an object they are judged as ever', () => {
    const p = (type: string) => ({ type: 'object', patternProperties: { '^x': { type } } });
    expect(judged(p('string'), p('integer'))).toEqual([['request-property-type-changed', 'breaking']]);
  });
});

describe('2020-12 validation keywords read one by one', () => {
  it('minContains raised with no contains in either version bounds nothing: info, saying so', () => {
    expect(seen({ type: 'array', minContains: 1 }, { type: 'array', minContains: 3 }, 'request', '3.1.0')).toEqual([
      [
        'request-property-min-contains-increased',
        'info',
        'minContains of request property `field` increased from 1 to 3 with no `contains` beside it, where it constrains nothing: it bounds how many items match `contains`',
      ],
    ]);
  });

  it('maxContains raised with no contains, in a response, is info too', () => {
    expect(levels(seen({ type: 'array', maxContains: 1 }, { type: 'array', maxContains: 3 }, 'response', '3.1.0'))).toEqual([
      ['response-property-max-contains-increased', 'info'],
    ]);
  });

  it('beside a contains, minContains raised still narrows a request', () => {
    const c = (n: number) => ({ type: 'array', contains: { type: 'string' }, minContains: n });
    expect(levels(seen(c(1), c(3), 'request', '3.1.0'))).toEqual([['request-property-min-contains-increased', 'breaking']]);
  });

  it('an enum value its type never admitted, dropped, refuses nothing: info, saying so', () => {
    expect(seen({ type: 'integer', enum: [1, 2, 'x'] }, { type: 'integer', enum: [1, 2] }, 'request')).toEqual([
      [
        'request-property-enum-value-removed',
        'info',
        'enum value "x" was removed from request property `field`, which its type integer never admitted: no value is accepted or refused differently',
      ],
    ]);
  });

  it('an enum value its type admits, dropped, is breaking on a request as ever', () => {
    expect(levels(seen({ type: 'number', enum: [1, 2.5] }, { type: 'number', enum: [1] }, 'request'))).toEqual([
      ['request-property-enum-value-removed', 'breaking'],
    ]);
  });

  it('an enum value its type never admitted, added to a response, promises nothing new', () => {
    expect(levels(seen({ type: 'string', enum: ['a'] }, { type: 'string', enum: ['a', 7] }, 'response'))).toEqual([
      ['response-property-enum-value-added', 'info'],
    ]);
  });
});
