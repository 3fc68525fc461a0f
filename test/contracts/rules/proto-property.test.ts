// A property may be named `__proto__` (JSON and YAML make it an own key like any other). Merged from an `allOf` or from
// the keywords beside a 3.1 `$ref`, it was assigned with `=`, which set the merged record's prototype instead: the
// property vanished, and its type changed from string to integer read as "no changes".
import { describe } from 'vitest';
import { type Doc, json, ok, type RuleCase, responseBody, runRuleCases } from './harness.js';

// Written as JSON text: an object literal's `__proto__:` would set the prototype here too.
const withProto = (type: string): Doc => JSON.parse(`{"type": "object", "properties": {"__proto__": {"type": "${type}"}, "name": {"type": "string"}}}`);
const beside31 = (type: string): Doc => ({
  openapi: '3.1.0',
  info: { title: 'pets', version: '1.0.0' },
  paths: { '/pets': { get: { responses: ok(json({ $ref: '#/components/schemas/Named', ...withProto(type) })) } } },
  components: { schemas: { Named: { type: 'object', properties: { name: { type: 'string' } } } } },
});

describe('a property named __proto__', () => {
  const cases: RuleCase[] = [
    {
      name: 'in an allOf member, its type changed in a response: judged like any property',
      base: responseBody({ allOf: [withProto('string')] }),
      revision: responseBody({ allOf: [withProto('integer')] }),
      expect: [{ id: 'response-property-type-changed', level: 'breaking', message: ['__proto__'] }],
    },
    {
      name: 'beside a 3.1 $ref, its type changed in a response: judged like any property',
      base: beside31('string'),
      revision: beside31('integer'),
      expect: [{ id: 'response-property-type-changed', level: 'breaking', message: ['__proto__'] }],
    },
    {
      name: 'in an allOf member, unchanged: nothing',
      base: responseBody({ allOf: [withProto('string')] }),
      revision: responseBody({ allOf: [withProto('string')] }),
      expect: 'none',
    },
  ];
  runRuleCases(cases);
});
