// Keywords written so that they admit every value they apply to: `multipleOf: 1` (or 0.5) on an integer, `contains` whose
// `minContains` is 0 with no `maxContains` (JSON Schema 2020-12 Validation 6.4.5: the array is valid whatever it holds),
// and `propertyNames` of `true` or `{}`. Writing or dropping one changes no value's validity; a real bound still counts.
import { describe } from 'vitest';
import { type Doc, inRequest, inResponse, type RuleCase, runRuleCases } from './harness.js';

const int = (extra: Doc = {}) => ({ type: 'integer', ...extra });
const list = (extra: Doc = {}) => ({ type: 'array', items: {}, ...extra });
const map = (extra: Doc = {}) => ({ type: 'object', ...extra });
const in31 = (c: RuleCase): RuleCase => ({ ...c, base: { ...c.base, openapi: '3.1.0' }, revision: { ...c.revision, openapi: '3.1.0' } });

describe('multipleOf that every integer meets', () => {
  runRuleCases([
    inRequest('multipleOf 1 written on an integer', int(), int({ multipleOf: 1 }), 'none'),
    inResponse('multipleOf 1 dropped from an integer', int({ multipleOf: 1 }), int(), 'none'),
    inRequest('multipleOf 0.5 written on an integer', int(), int({ multipleOf: 0.5 }), 'none'),
    in31(inRequest('multipleOf 1 on integer-or-null', { type: ['integer', 'null'] }, { type: ['integer', 'null'], multipleOf: 1 }, 'none')),
    inRequest('multipleOf 1 -> 2 on an integer is a new bound', int({ multipleOf: 1 }), int({ multipleOf: 2 }), ['request-property-multiple-of-set']),
    inResponse('multipleOf 2 -> 1 on an integer drops the bound', int({ multipleOf: 2 }), int({ multipleOf: 1 }), ['response-property-multiple-of-unset']),
    inRequest('multipleOf 1 written on a number still admits fewer', { type: 'number' }, { type: 'number', multipleOf: 1 }, [
      'request-property-multiple-of-set',
    ]),
  ]);
});

describe('contains that any array meets (minContains 0, no maxContains)', () => {
  const loose = (schema: Doc) => list({ contains: schema, minContains: 0 });
  runRuleCases([
    in31(inRequest('written', list(), loose({ type: 'string' }), 'none')),
    in31(inResponse('dropped', loose({ type: 'string' }), list(), 'none')),
    in31(inRequest('its schema changed', loose({ type: 'string' }), loose({ type: 'integer' }), 'none')),
    in31(
      inRequest('minContains 0 written beside a contains: the bound is lowered', list({ contains: { type: 'string' } }), loose({ type: 'integer' }), [
        'request-property-min-contains-decreased',
      ]),
    ),
    in31(
      inRequest('minContains 0 raised to 1: the bound is raised', loose({ type: 'string' }), list({ contains: { type: 'string' } }), [
        'request-property-min-contains-increased',
      ]),
    ),
    in31(
      inRequest('with a maxContains it still bounds the array', list(), list({ contains: { type: 'string' }, minContains: 0, maxContains: 2 }), [
        'request-property-contains-added',
      ]),
    ),
  ]);
});

describe('propertyNames that admits every name (true or {})', () => {
  const names = (schema: unknown) => map({ propertyNames: schema });
  runRuleCases([
    in31(inRequest('{} written', map(), names({}), 'none')),
    in31(inRequest('true -> {}', names(true), names({}), 'none')),
    in31(inRequest('true -> a schema: added, nothing else', names(true), names({ maxLength: 3 }), ['request-property-property-names-added'])),
    in31(inRequest('{} -> a schema: added', names({}), names({ maxLength: 3 }), ['request-property-property-names-added'])),
    in31(inResponse('a schema -> true: removed, nothing else', names({ maxLength: 3 }), names(true), ['response-property-property-names-removed'])),
    in31(inRequest('one schema -> another: changed', names({ pattern: '^a' }), names({ pattern: '^b' }), ['request-property-property-names-changed'])),
    in31(inRequest('one schema -> a wider one: widened', names({ maxLength: 3 }), names({ maxLength: 4 }), ['request-property-property-names-widened'])),
  ]);
});
