// A list of alternatives written "or null" (`anyOf: [{oneOf: [...]}, {type: "null"}]`, as OpenAI's 2026 document writes
// `response_format`) is the same list with null now valid: one nullability finding, then the alternatives compared
// pair by pair. A null alternative added to (or dropped from) a list is that same one change, said once.
import { describe } from 'vitest';
import { type Doc, type RuleCase, requestBody, responseBody, runRuleCases } from './harness.js';

const TEXT = { $ref: '#/components/schemas/Text' };
const IMAGE = { $ref: '#/components/schemas/Image' };
const NULL = { type: 'null' };
const components = (imageProps: Doc): Doc => ({
  schemas: {
    Text: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    Image: { type: 'object', properties: imageProps, required: ['url'] },
  },
});
const BEFORE = components({ url: { type: 'string' } });
/** Image with a property its request side now requires, so something beside the nullability changed too. */
const AFTER = components({ url: { type: 'string' }, size: { type: 'integer' } });
const AFTER_REQUIRED = {
  schemas: { ...AFTER.schemas, Image: { ...(AFTER.schemas as any).Image, required: ['url', 'size'] } },
};
const ALTERNATIVES_AND_NULL = ['request', 'response'].flatMap((d) =>
  ['one-of-removed', 'any-of-added', 'became-nullable'].map((change) => `${d}-body-${change}`),
);
const v31 = (doc: Doc): Doc => ({ ...doc, openapi: '3.1.0' });

const both = (name: string, from: Doc, to: Doc, parts: [Doc, Doc], req: RuleCase['expect'], res: RuleCase['expect']): RuleCase[] => [
  { name: `request body: ${name}`, base: v31(requestBody(from, parts[0])), revision: v31(requestBody(to, parts[1])), expect: req },
  { name: `response body: ${name}`, base: v31(responseBody(from, parts[0])), revision: v31(responseBody(to, parts[1])), expect: res },
];

const LIST = { oneOf: [TEXT, IMAGE] };
const LIST_OR_NULL = { anyOf: [{ oneOf: [TEXT, IMAGE] }, NULL] };

describe('a list wrapped as the list or null', () => {
  runRuleCases([
    ...both(
      'wrapped: null is newly valid, no alternative added or removed',
      LIST,
      LIST_OR_NULL,
      [BEFORE, BEFORE],
      [{ id: 'request-body-became-nullable', level: 'info', pointer: '/paths/~1pets/post/requestBody/content/application~1json/schema' }],
      [{ id: 'response-body-became-nullable', level: 'breaking' }],
    ),
    ...both(
      'unwrapped: null no longer valid, no alternative added or removed',
      LIST_OR_NULL,
      LIST,
      [BEFORE, BEFORE],
      [{ id: 'request-body-became-not-nullable', level: 'breaking' }],
      [{ id: 'response-body-became-not-nullable', level: 'info' }],
    ),
    ...both(
      'wrapped while an alternative changed: that change is still judged, inside the alternative',
      LIST,
      LIST_OR_NULL,
      [BEFORE, AFTER_REQUIRED],
      [
        { id: 'request-body-became-nullable', level: 'info' },
        { id: 'new-required-request-property', level: 'breaking', message: ['size'] },
      ],
      [
        { id: 'response-body-became-nullable', level: 'breaking' },
        { id: 'response-required-property-added', level: 'info', message: ['size'] },
      ],
    ),
    // An anyOf whose other alternative is no null is no "or null": its alternatives are judged, and null is no finding.
    ...both(
      'a list put beside another alternative that is not null: the alternatives, not nullability',
      LIST,
      { anyOf: [{ oneOf: [TEXT, IMAGE] }, { type: 'string' }] },
      [BEFORE, BEFORE],
      [{ id: 'request-body-one-of-removed' }, { id: 'request-body-one-of-removed' }, { id: 'request-body-any-of-added' }, { id: 'request-body-any-of-added' }],
      [
        { id: 'response-body-one-of-removed' },
        { id: 'response-body-one-of-removed' },
        { id: 'response-body-any-of-added' },
        { id: 'response-body-any-of-added' },
      ],
    ).map((c) => ({ ...c, only: ALTERNATIVES_AND_NULL })),
  ]);
});

describe('a null alternative added to or dropped from a list', () => {
  runRuleCases([
    ...both(
      'added: one nullability finding, no alternative added',
      LIST,
      { oneOf: [TEXT, IMAGE, NULL] },
      [BEFORE, BEFORE],
      [{ id: 'request-body-became-nullable', level: 'info' }],
      [{ id: 'response-body-became-nullable', level: 'breaking' }],
    ),
    ...both(
      'dropped: one nullability finding, no alternative removed',
      { anyOf: [TEXT, IMAGE, NULL] },
      { anyOf: [TEXT, IMAGE] },
      [BEFORE, BEFORE],
      [{ id: 'request-body-became-not-nullable', level: 'breaking' }],
      [{ id: 'response-body-became-not-nullable', level: 'info' }],
    ),
    {
      name: "3.0's `nullable` beside a list, then a null alternative in 3.1: null valid in both, nothing changed",
      base: requestBody({ oneOf: [TEXT, IMAGE], nullable: true }, BEFORE),
      revision: v31(requestBody({ oneOf: [TEXT, IMAGE, NULL] }, BEFORE)),
      expect: 'none',
    },
    {
      // An allOf part is one more constraint, not an alternative: admitting only null, it refuses every object sent.
      name: 'an allOf part admitting only null is still a part added, though null stays valid',
      base: v31(requestBody({ allOf: [{ type: ['object', 'null'] }] })),
      revision: v31(requestBody({ allOf: [{ type: ['object', 'null'] }, NULL] })),
      only: ['request-body-all-of-added'],
      expect: [{ id: 'request-body-all-of-added', level: 'breaking' }],
    },
  ]);
});
