// Constraint rules on base/revision pairs: a request may only loosen them, a response only tighten them.
import { describe } from 'vitest';
import { type Doc, in31, inRequest, inResponse, REQ_V, type RuleCase, runRuleCases } from './harness.js';

describe('schema constraints: a request may only loosen them, a response only tighten them', () => {
  const n = (extra: Doc): Doc => ({ type: 'number', ...extra });
  const s = (extra: Doc): Doc => ({ type: 'string', ...extra });
  const a = (extra: Doc): Doc => ({ type: 'array', items: { type: 'string' }, ...extra });
  const o = (extra: Doc): Doc => ({ type: 'object', additionalProperties: { type: 'string' }, ...extra });
  const cases: RuleCase[] = [
    inRequest('maximum lowered breaks', n({ maximum: 10 }), n({ maximum: 5 }), [
      { id: 'request-property-max-decreased', level: 'breaking', pointer: `${REQ_V}/maximum`, message: ['from 10 to 5'] },
    ]),
    inRequest('maximum raised (widening) is info', n({ maximum: 10 }), n({ maximum: 20 }), [{ id: 'request-property-max-increased', level: 'info' }]),
    inResponse('maximum lowered (narrowing) is info', n({ maximum: 10 }), n({ maximum: 5 }), [{ id: 'response-property-max-decreased', level: 'info' }]),
    inResponse('maximum raised breaks readers', n({ maximum: 10 }), n({ maximum: 20 }), [{ id: 'response-property-max-increased', level: 'breaking' }]),
    inRequest('minimum raised breaks', n({ minimum: 0 }), n({ minimum: 1 }), [{ id: 'request-property-min-increased', level: 'breaking' }]),
    inRequest('minimum introduced: breaking, as a minimum raised', n({}), n({ minimum: 1 }), [{ id: 'request-property-min-set', level: 'breaking' }]),
    in31(
      inRequest('exclusiveMaximum (3.1) lowered breaks', n({ exclusiveMaximum: 10 }), n({ exclusiveMaximum: 5 }), [
        { id: 'request-property-exclusive-max-decreased', level: 'breaking' },
      ]),
    ),
    in31(
      inResponse('exclusiveMinimum (3.1) lowered breaks readers', n({ exclusiveMinimum: 5 }), n({ exclusiveMinimum: 1 }), [
        { id: 'response-property-exclusive-min-decreased', level: 'breaking' },
      ]),
    ),
    inRequest('maxLength lowered breaks', s({ maxLength: 10 }), s({ maxLength: 5 }), [{ id: 'request-property-max-length-decreased', level: 'breaking' }]),
    inRequest('maxLength dropped is info', s({ maxLength: 10 }), s({}), [{ id: 'request-property-max-length-unset', level: 'info' }]),
    inResponse('maxLength dropped breaks readers', s({ maxLength: 10 }), s({}), [{ id: 'response-property-max-length-unset', level: 'breaking' }]),
    inRequest('minLength raised breaks', s({ minLength: 1 }), s({ minLength: 3 }), [{ id: 'request-property-min-length-increased', level: 'breaking' }]),
    inRequest('minItems raised breaks', a({ minItems: 1 }), a({ minItems: 2 }), [{ id: 'request-property-min-items-increased', level: 'breaking' }]),
    inResponse('minItems lowered breaks readers', a({ minItems: 2 }), a({ minItems: 1 }), [{ id: 'response-property-min-items-decreased', level: 'breaking' }]),
    inRequest('pattern introduced breaks', s({}), s({ pattern: '^[a-z]+$' }), [
      { id: 'request-property-pattern-added', level: 'breaking', pointer: `${REQ_V}/pattern` },
    ]),
    inRequest('pattern changed: warning', s({ pattern: '^[a-z]+$' }), s({ pattern: '^[a-z0-9]+$' }), [
      { id: 'request-property-pattern-changed', level: 'warning' },
    ]),
    inRequest('pattern changed to one that matches anything: info', s({ pattern: '^[a-z]+$' }), s({ pattern: '.*' }), [
      { id: 'request-property-pattern-generalized', level: 'info' },
    ]),
    inRequest('an empty pattern is no pattern', s({ pattern: '' }), s({}), 'none'),
    inResponse('pattern introduced is info', s({}), s({ pattern: '^[a-z]+$' }), [{ id: 'response-property-pattern-added', level: 'info' }]),
    // A response widened is judged as the request narrowed by the same keyword: the reader meets what the old document excluded.
    inResponse('pattern dropped breaks readers that parse by it, as a pattern introduced breaks a request', s({ pattern: '^[a-z]+$' }), s({}), [
      { id: 'response-property-pattern-removed', level: 'breaking' },
    ]),
    inResponse('pattern changed: warning, as on a request', s({ pattern: '^[a-z]+$' }), s({ pattern: '^[0-9]+$' }), [
      { id: 'response-property-pattern-changed', level: 'warning' },
    ]),
    inResponse('pattern changed to one that matches anything: a pattern dropped, breaking', s({ pattern: '^[a-z]+$' }), s({ pattern: '.*' }), [
      { id: 'response-property-pattern-removed', level: 'breaking', message: ['changed from ^[a-z]+$ to .*, which matches any string'] },
    ]),
    inRequest('pattern changed from one that matches anything: a pattern introduced, breaking', s({ pattern: '.*' }), s({ pattern: '^[a-z]+$' }), [
      { id: 'request-property-pattern-added', level: 'breaking', message: ['must now match ^[a-z]+$'] },
    ]),
    inResponse('one pattern that matches anything written as another: no change', s({ pattern: '.*' }), s({ pattern: '^[\\s\\S]*$' }), 'none'),
    inResponse('maxProperties raised breaks readers, as maxItems raised does', o({ maxProperties: 3 }), o({ maxProperties: 5 }), [
      { id: 'response-property-max-properties-increased', level: 'breaking', message: ['from 3 to 5'] },
    ]),
    inResponse('minProperties dropped breaks readers, as minItems dropped does', o({ minProperties: 1 }), o({}), [
      { id: 'response-property-min-properties-unset', level: 'breaking' },
    ]),
    inResponse('multipleOf dropped breaks readers, as a bound dropped does', n({ multipleOf: 5 }), n({}), [
      { id: 'response-property-multiple-of-unset', level: 'breaking' },
    ]),
    inResponse('multipleOf loosened to a divisor breaks readers', n({ multipleOf: 10 }), n({ multipleOf: 5 }), [
      { id: 'response-property-multiple-of-generalized', level: 'breaking' },
    ]),
    inResponse('uniqueItems dropped breaks readers, as uniqueItems introduced breaks a request', a({ uniqueItems: true }), a({}), [
      { id: 'response-property-unique-items-unset', level: 'breaking' },
    ]),
    inResponse('maxProperties lowered (narrowing) is info', o({ maxProperties: 5 }), o({ maxProperties: 3 }), [
      { id: 'response-property-max-properties-decreased', level: 'info' },
    ]),
    inRequest('bounds unchanged, keywords reordered: no change', n({ minimum: 1, maximum: 9 }), n({ maximum: 9, minimum: 1 }), 'none'),
  ];
  runRuleCases(cases);
});
