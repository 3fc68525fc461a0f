// A `not` schema kept but changed (excluding more narrows a request, excluding fewer widens a response), the XML form
// of a schema in an XML body, and a 3.1 `$dynamicRef`, followed to the schema its anchor names.
import { describe } from 'vitest';
import { api, type Doc, ok, type RuleCase, requestBody, responseBody, runRuleCases, withParameter } from './harness.js';

const notIn = (...values: string[]): Doc => ({ type: 'string', not: { enum: values } });
const named = (properties: Doc) => ({ type: 'object', properties });
const many = (n: number) => Array.from({ length: n }, (_, i) => `value ${i}`);
const xmlBody = (schema: Doc, side: 'request' | 'response'): Doc => {
  const content = { 'application/xml': { schema } };
  const operation = side === 'request' ? { requestBody: { content }, responses: ok() } : { responses: ok(content) };
  return api({ '/pets': { post: operation } });
};

describe('a changed `not` schema', () => {
  const cases: RuleCase[] = [
    {
      // An `anyOf` of values or types excludes what any of them matches: the lists joined have a direction.
      name: 'a request `not: {anyOf: [...]}` of values given one more: excludes more (breaking, not merely changed)',
      base: requestBody({ type: 'string', not: { anyOf: [{ enum: ['a'] }] } }),
      revision: requestBody({ type: 'string', not: { anyOf: [{ enum: ['a'] }, { enum: ['b'] }] } }),
      expect: [{ id: 'request-body-not-excludes-more', level: 'breaking', message: ['now excludes more values'] }],
    },
    {
      name: 'a response `not: {anyOf: [value, type]}` narrowed to the value: excludes fewer (breaking: integers may be returned)',
      base: responseBody({ not: { anyOf: [{ enum: ['a'] }, { type: 'integer' }] } }),
      revision: responseBody({ not: { enum: ['a'] } }),
      expect: [{ id: 'response-body-not-excludes-fewer', level: 'breaking', message: ['now excludes fewer values'] }],
    },
    {
      name: 'a request excluding one more value refuses what clients sent',
      base: requestBody(notIn('a')),
      revision: requestBody(notIn('a', 'b')),
      expect: [
        {
          id: 'request-body-not-excludes-more',
          level: 'breaking',
          pointer: '/paths/~1pets/post/requestBody/content/application~1json/schema/not',
          message: ['now excludes more values'],
        },
      ],
    },
    {
      name: 'a request excluding fewer values accepts more: info',
      base: requestBody(notIn('a', 'b')),
      revision: requestBody(notIn('a')),
      expect: [{ id: 'request-body-not-excludes-fewer', level: 'info' }],
    },
    {
      name: 'a response excluding fewer values may return what it excluded: breaking, as a request excluding more',
      base: responseBody(named({ s: notIn('a', 'b') })),
      revision: responseBody(named({ s: notIn('a') })),
      expect: [{ id: 'response-property-not-excludes-fewer', level: 'breaking', message: ['response property `s`'] }],
    },
    {
      name: 'a response excluding more values returns less: info',
      base: responseBody(notIn('a')),
      revision: responseBody(notIn('a', 'b')),
      expect: [{ id: 'response-body-not-excludes-more', level: 'info' }],
    },
    {
      name: 'a `not` of another kind changed: no direction is known, so it warns on both sides',
      base: requestBody({ type: 'string', not: { pattern: '^x' } }),
      revision: requestBody({ type: 'string', not: { pattern: '^y' } }),
      expect: [{ id: 'request-body-not-changed', level: 'warning', message: ['{"pattern":"^x"} became {"pattern":"^y"}'] }],
    },
    {
      name: 'the same values excluded, with a `type` written beside them: nothing',
      base: requestBody(notIn('a', 'b')),
      revision: requestBody({ type: 'string', not: { type: 'string', enum: ['b', 'a'] } }),
      expect: 'none',
    },
    {
      name: 'the same `not` written in another key order: nothing',
      base: requestBody({ not: { type: 'string', enum: ['a'] } }),
      revision: requestBody({ not: { enum: ['a'], type: 'string' } }),
      expect: 'none',
    },
  ];
  runRuleCases(cases);
});

describe('a `not` whose $ref keeps its name while its target changes: judged by the target', () => {
  const BANNED = '#/components/schemas/Banned';
  const notRef = { type: 'string', not: { $ref: BANNED } };
  const banned = (target: Doc) => ({ schemas: { Banned: target } });
  const values = (...v: string[]) => banned({ enum: v });
  const cases: RuleCase[] = [
    {
      name: 'the target lists one more value: a request refuses what clients sent',
      base: requestBody(notRef, values('a')),
      revision: requestBody(notRef, values('a', 'b')),
      expect: [
        {
          id: 'request-body-not-excludes-more',
          level: 'breaking',
          pointer: '/paths/~1pets/post/requestBody/content/application~1json/schema/not',
          message: ['now excludes more values (`#/components/schemas/Banned` changed): {"enum":["a"]} became {"enum":["a","b"]}'],
        },
      ],
    },
    {
      name: 'the target lists fewer values: a request accepts more, info',
      base: requestBody(notRef, values('a', 'b')),
      revision: requestBody(notRef, values('a')),
      expect: [{ id: 'request-body-not-excludes-fewer', level: 'info' }],
    },
    {
      name: 'the target lists fewer values: a response property may return what it excluded, breaking',
      base: responseBody(named({ s: notRef }), values('a', 'b')),
      revision: responseBody(named({ s: notRef }), values('a')),
      expect: [{ id: 'response-property-not-excludes-fewer', level: 'breaking', message: ['response property `s`'] }],
    },
    {
      name: 'the target lists one more value: a response returns less, info',
      base: responseBody(notRef, values('a')),
      revision: responseBody(notRef, values('a', 'b')),
      expect: [{ id: 'response-body-not-excludes-more', level: 'info' }],
    },
    {
      name: 'a parameter whose excluded target widens from a value to its whole type: breaking',
      base: withParameter({ name: 'q', in: 'query', schema: notRef }, values('a')),
      revision: withParameter({ name: 'q', in: 'query', schema: notRef }, banned({ type: 'string' })),
      expect: [{ id: 'request-parameter-not-excludes-more', level: 'breaking' }],
    },
    {
      name: 'the target changed in a way with no direction: a warning on the request side',
      base: requestBody(notRef, banned({ pattern: '^a' })),
      revision: requestBody(notRef, banned({ pattern: '^b' })),
      expect: [{ id: 'request-body-not-changed', level: 'warning', message: ['`#/components/schemas/Banned` changed'] }],
    },
    {
      name: 'the target changed in a way with no direction: a warning on the response side',
      base: responseBody(notRef, banned({ pattern: '^a' })),
      revision: responseBody(notRef, banned({ pattern: '^b' })),
      expect: [{ id: 'response-body-not-changed', level: 'warning' }],
    },
    {
      name: 'an excluded list moved into a component, the same values: nothing',
      base: requestBody(notIn('a', 'b')),
      revision: requestBody(notRef, values('b', 'a')),
      expect: 'none',
    },
    {
      name: 'a recursive target changed: written out once, a change without a direction',
      base: requestBody({ type: 'object', not: { $ref: BANNED } }, banned(named({ next: { $ref: BANNED }, a: { type: 'string' } }))),
      revision: requestBody({ type: 'object', not: { $ref: BANNED } }, banned(named({ next: { $ref: BANNED }, a: { type: 'integer' } }))),
      expect: [{ id: 'request-body-not-changed', level: 'warning' }],
    },
    {
      name: 'a target too large to write out (over 2,000 nodes) changed under the same name: changed, with no direction',
      base: requestBody(notRef, values(...many(2100))),
      revision: requestBody(notRef, values(...many(2100), 'one more')),
      expect: [{ id: 'request-body-not-changed', level: 'warning', message: ['`#/components/schemas/Banned` changed'] }],
    },
    {
      name: 'a target too large to write out, unchanged while something else changed: nothing',
      base: requestBody(notRef, { schemas: { ...values(...many(2100)).schemas, Other: { type: 'string' } } }),
      revision: requestBody(notRef, { schemas: { ...values(...many(2100)).schemas, Other: { type: 'integer' } } }),
      expect: 'none',
    },
    {
      name: 'an excluded type widened to two: a request refuses more',
      base: requestBody(named({ s: { not: { type: 'string' } } })),
      revision: requestBody(named({ s: { not: { type: ['string', 'integer'] } } })),
      expect: [{ id: 'request-property-not-excludes-more', level: 'breaking', message: ['{"type":"string"} became {"type":["string","integer"]}'] }],
    },
    {
      name: 'an excluded `number` narrowed to `integer`: a response may return fractions it excluded, breaking',
      base: responseBody({ not: { type: 'number' } }),
      revision: responseBody({ not: { type: 'integer' } }),
      expect: [{ id: 'response-body-not-excludes-fewer', level: 'breaking' }],
    },
  ];
  runRuleCases(cases);
});

describe('the XML form of a schema', () => {
  const pet = (xml?: Doc) => named({ id: { type: 'string', ...(xml ? { xml } : {}) } });
  const tags = (wrapped: boolean) => named({ tags: { type: 'array', items: { type: 'string' }, xml: { wrapped } } });
  const cases: RuleCase[] = [
    {
      name: 'a request property now sent as an attribute: clients sending an element are misread',
      base: xmlBody(pet(), 'request'),
      revision: xmlBody(pet({ attribute: true }), 'request'),
      expect: [{ id: 'request-property-xml-changed', level: 'breaking', message: ['attribute false -> true'] }],
    },
    {
      name: "a response body's element renamed: readers look for the old one",
      base: xmlBody({ ...pet(), xml: { name: 'pet' } }, 'response'),
      revision: xmlBody({ ...pet(), xml: { name: 'animal' } }, 'response'),
      expect: [{ id: 'response-body-xml-changed', level: 'breaking', message: ['name "pet" -> "animal"'] }],
    },
    {
      name: 'an array no longer wrapped in the response',
      base: xmlBody(tags(true), 'response'),
      revision: xmlBody(tags(false), 'response'),
      expect: ['response-property-xml-changed'],
    },
    {
      name: 'only the namespace prefix changed: readers match the namespace',
      base: xmlBody(pet({ namespace: 'urn:p', prefix: 'a' }), 'request'),
      revision: xmlBody(pet({ namespace: 'urn:p', prefix: 'b' }), 'request'),
      expect: 'none',
    },
    { name: 'a JSON body never reads `xml`', base: requestBody(pet({ name: 'a' })), revision: requestBody(pet({ name: 'b' })), expect: 'none' },
  ];
  runRuleCases(cases);
});

describe('$dynamicRef (3.1)', () => {
  const list = (item: Doc): Doc => ({
    openapi: '3.1.0',
    info: { title: 'pets', version: '1.0.0' },
    paths: { '/pets': { get: { responses: ok({ 'application/json': { schema: { $ref: '#/components/schemas/List' } } }) } } },
    components: { schemas: { List: { type: 'array', items: { $dynamicRef: '#item' } }, Item: { $dynamicAnchor: 'item', ...item } } },
  });
  const cases: RuleCase[] = [
    {
      name: 'a property removed from the schema a $dynamicRef names is reported where it is written',
      base: list(named({ id: { type: 'string' }, name: { type: 'string' } })),
      revision: list(named({ id: { type: 'string' } })),
      expect: [{ id: 'response-optional-property-removed', pointer: '/components/schemas/Item/properties/name' }],
    },
    {
      name: 'the same schema behind it: nothing',
      base: list(named({ id: { type: 'string' } })),
      revision: list(named({ id: { type: 'string' } })),
      expect: 'none',
    },
  ];
  runRuleCases(cases);
});
