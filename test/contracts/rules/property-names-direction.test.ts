// `propertyNames` says which names an object may have: a change that admits fewer names narrows the object, one that
// admits more widens it, so its level follows the side as any narrowing or widening does; a change with no direction
// we can tell stays a warning.
import { describe } from 'vitest';
import { type Doc, obj, type RuleCase, requestBody, responseBody, runRuleCases } from './harness.js';

const v31 = (doc: Doc): Doc => ({ ...doc, openapi: '3.1.0' });
const map = (names: Doc): Doc => ({ type: 'object', additionalProperties: { type: 'integer' }, propertyNames: names });
const req = (name: string, from: Doc, to: Doc, expect: RuleCase['expect']): RuleCase => ({
  name: `request: ${name}`,
  base: v31(requestBody(obj({ v: map(from) }))),
  revision: v31(requestBody(obj({ v: map(to) }))),
  expect,
});
const res = (name: string, from: Doc, to: Doc, expect: RuleCase['expect']): RuleCase => ({
  name: `response: ${name}`,
  base: v31(responseBody(obj({ v: map(from) }))),
  revision: v31(responseBody(obj({ v: map(to) }))),
  expect,
});
const names = (...values: string[]): Doc => ({ type: 'string', enum: values });

describe('propertyNames narrowed or widened', () => {
  runRuleCases([
    req('an admitted name dropped: a client sending it is refused', names('a', 'b'), names('a'), [
      { id: 'request-property-property-names-narrowed', level: 'breaking', message: ['`v`', 'propertyNames'] },
    ]),
    req('a name admitted: every request stays valid', names('a'), names('a', 'b'), [{ id: 'request-property-property-names-widened', level: 'info' }]),
    res('a name admitted: a reader may get a key it does not know', names('a'), names('a', 'b'), [
      { id: 'response-property-property-names-widened', level: 'breaking' },
    ]),
    res('an admitted name dropped: readers get fewer keys', names('a', 'b'), names('a'), [{ id: 'response-property-property-names-narrowed', level: 'info' }]),
    req('maxLength lowered on the names', { maxLength: 8 }, { maxLength: 4 }, [{ id: 'request-property-property-names-narrowed', level: 'breaking' }]),
    req('a pattern put on the names', { maxLength: 8 }, { maxLength: 8, pattern: '^[a-z]+$' }, [
      { id: 'request-property-property-names-narrowed', level: 'breaking' },
    ]),
    res('minLength lowered and the pattern dropped', { minLength: 2, pattern: '^[a-z]+$' }, { minLength: 1 }, [
      { id: 'response-property-property-names-widened', level: 'breaking' },
    ]),
    req('one name traded for another: no direction', names('a', 'b'), names('a', 'c'), [{ id: 'request-property-property-names-changed', level: 'warning' }]),
    req('a pattern rewritten: no direction', { pattern: '^[a-z]+$' }, { pattern: '^[a-c]+$' }, [
      { id: 'request-property-property-names-changed', level: 'warning' },
    ]),
    req('maxLength raised while a pattern is put: no direction', { maxLength: 4 }, { maxLength: 8, pattern: '^x' }, [
      { id: 'request-property-property-names-changed', level: 'warning' },
    ]),
  ]);
});
