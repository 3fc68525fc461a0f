// A 3.1 `$dynamicRef` resolved through the dynamic scope: a generic list whose `items` anchor the schema using it
// overrides. A change to one user's override is that user's change (its operations, its side), not the other's.
import { describe } from 'vitest';
import { type Doc, obj, type RuleCase, runRuleCases } from './harness.js';

const body = (name: string): Doc => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });
/** `Names` and `Counts` are both a generic `List`, each overriding its `items` anchor; `List`'s own default comes first. */
function lists(names: Doc, counts: Doc = { type: 'integer' }, fallback: Doc = {}, listName = 'List', beside: Doc = {}): Doc {
  const user = (items: Doc) => ({ $ref: `#/components/schemas/${listName}`, $defs: { items: { $dynamicAnchor: 'items', ...items } } });
  return {
    openapi: '3.1.0',
    info: { title: 'lists', version: '1.0.0' },
    paths: {
      '/names': {
        get: { responses: { '200': { description: 'ok', ...body('Names') } } },
        post: { requestBody: body('Names'), responses: { '204': { description: 'ok' } } },
      },
      '/counts': { get: { responses: { '200': { description: 'ok', ...body('Counts') } } } },
      '/anything': { get: { responses: { '200': { description: 'ok', ...body(listName) } } } },
    },
    components: {
      schemas: {
        [listName]: { type: 'array', items: { $dynamicRef: '#items', ...beside }, $defs: { items: { $dynamicAnchor: 'items', ...fallback } } },
        Names: user(names),
        Counts: user(counts),
      },
    },
  };
}
const ITEMS = '/components/schemas/Names/$defs/items';
const LIST_ITEMS = '/components/schemas/List/items';
const NOTHING = 'on an integer schema, where it constrains nothing';
const named = obj({ id: { type: 'string' }, label: { type: 'string' } });
const idRequired = obj({ id: { type: 'string' }, label: { type: 'string' } }, ['id']);

describe('$dynamicRef through the dynamic scope (3.1)', () => {
  const cases: RuleCase[] = [
    {
      name: "the user's override changes type: reported on both sides of that user's operations, where the override is written",
      base: lists({ type: 'string' }),
      revision: lists({ type: 'integer' }),
      expect: [
        { id: 'request-property-type-changed', level: 'breaking', operation: 'POST /names', pointer: ITEMS, message: ['`[]` changed from string to integer'] },
        { id: 'response-property-type-changed', level: 'breaking', operation: 'GET /names', pointer: ITEMS },
      ],
    },
    {
      name: 'the override now requires a field: a request narrowed (breaking), a response that promises more (info)',
      base: lists(named),
      revision: lists(idRequired),
      expect: [
        { id: 'request-property-became-required', level: 'breaking', operation: 'POST /names', pointer: `${ITEMS}/properties/id` },
        { id: 'response-property-became-required', level: 'info', operation: 'GET /names' },
      ],
    },
    {
      name: 'the override no longer requires the field: a request widened (info), a response that promises less (breaking)',
      base: lists(idRequired),
      revision: lists(named),
      expect: [
        { id: 'request-property-became-optional', level: 'info', operation: 'POST /names' },
        { id: 'response-property-became-optional', level: 'breaking', operation: 'GET /names' },
      ],
    },
    {
      name: "the list's own default changes: only the operation that uses the list without overriding it sees it",
      base: lists({ type: 'string' }, { type: 'integer' }, { type: 'string' }),
      revision: lists({ type: 'string' }, { type: 'integer' }, { type: 'boolean' }),
      expect: [{ id: 'response-property-type-changed', operation: 'GET /anything', pointer: '/components/schemas/List/$defs/items' }],
    },
    {
      name: 'the list written after its users: the override still wins over the first anchor in the document',
      base: lists({ type: 'string' }, { type: 'integer' }, {}, 'ZList'),
      revision: lists({ type: 'integer' }, { type: 'integer' }, {}, 'ZList'),
      expect: ['request-property-type-changed', 'response-property-type-changed'],
    },
    { name: 'nothing changed: nothing', base: lists({ type: 'string' }), revision: lists({ type: 'string' }), expect: 'none' },
  ];
  runRuleCases(cases);
});

describe('keywords beside a $dynamicRef (3.1): applied with what it resolves to, as beside a $ref', () => {
  const beside = (extra: Doc) => lists({ type: 'string' }, { type: 'integer' }, {}, 'List', extra);
  const cases: RuleCase[] = [
    {
      name: 'maxLength added beside it: the request narrowed (breaking), the response bounded (info), where it is written',
      base: beside({}),
      revision: beside({ maxLength: 10 }),
      expect: [
        { id: 'request-property-max-length-set', level: 'breaking', operation: 'POST /names', pointer: `${LIST_ITEMS}/maxLength` },
        { id: 'response-property-max-length-set', level: 'info', pointer: `${LIST_ITEMS}/maxLength` },
        // Counts resolves the items to integers, which maxLength does not constrain: shown apart, saying so.
        { id: 'response-property-max-length-set', level: 'info', operation: 'GET /counts', message: [NOTHING] },
      ],
    },
    {
      name: 'maxLength lowered beside it: breaking for the request',
      base: beside({ maxLength: 20 }),
      revision: beside({ maxLength: 8 }),
      expect: [
        { id: 'request-property-max-length-decreased', level: 'breaking', message: ['from 20 to 8'] },
        { id: 'response-property-max-length-decreased', level: 'info', message: ['from 20 to 8'] },
        { id: 'response-property-max-length-decreased', level: 'info', operation: 'GET /counts', message: [NOTHING] },
      ],
    },
    {
      name: 'a bound beside it looser than the override keeps the override, and the override still judged: its type changed',
      base: lists({ type: 'string', maxLength: 5 }, { type: 'integer' }, {}, 'List', { maxLength: 50 }),
      revision: lists({ type: 'integer', maxLength: 5 }, { type: 'integer' }, {}, 'List', { maxLength: 50 }),
      expect: [
        { id: 'request-property-type-changed', operation: 'POST /names' },
        { id: 'response-property-type-changed', operation: 'GET /names' },
      ],
    },
    {
      name: 'only a description beside it changed: documentation, nothing',
      base: beside({ description: 'one entry' }),
      revision: beside({ description: 'an entry of the list' }),
      expect: 'none',
    },
  ];
  runRuleCases(cases);
});
