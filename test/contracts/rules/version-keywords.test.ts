// A keyword is judged by the version of the document that holds it: JSON Schema 2020-12's words (`const`, `prefixItems`,
// a numeric `exclusiveMinimum`...) are no part of a 3.0 or 2.0 Schema Object, and 3.0's boolean `exclusiveMinimum` sets
// no bound in 3.1. Written there, they constrain nothing a reader of that version applies: info, saying so, never a verdict.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffContracts, parseContract } from '../../../contracts/index.js';
import { RULE_TABLE, type SchemaChange } from '../../../contracts/rules/table.js';
import { type Doc, inRequest, inResponse, obj, REQ_V, RES_V, type RuleCase, requestBody, responseBody, runRuleCases } from './harness.js';
import { MATRIX, type Mutation } from './matrix.js';
import { levelsFound } from './mutation-place.js';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 5) };
const placed = RULE_TABLE.flatMap((r) => ('at' in r ? [{ id: r.id, direction: r.at[0], position: r.at[1], change: r.at[2] as SchemaChange }] : []));
const sampleOf = (p: (typeof placed)[number]) => fc.sample(MATRIX[p.change].make(p.direction, p.position), 1)[0];
/** Whether the revision writes a keyword of 2020-12 (a numeric bound among them) other than the base wrote it: then it is named. */
const writesNew = (m: Mutation) => Object.keys(m.revision).some((k) => !ANY_VERSION.has(k) && JSON.stringify(m.revision[k]) !== JSON.stringify(m.base[k]));
/** The keywords the matrix's 3.1 rows write beside their 2020-12 one, which 3.0 has too. */
const ANY_VERSION = new Set([
  'type',
  'items',
  'properties',
  'required',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'additionalProperties',
  'enum',
  'format',
]);

describe('every 3.1 row of the mutation matrix, made in a 3.0 document', () => {
  // `patternProperties` is a word of the drafts 3.0 builds on (draft 4 and 5 validators read it), though 3.0's list omits it.
  const rows = placed.filter((p) => sampleOf(p).openapi === '3.1.0' && !p.change.startsWith('pattern-propert'));
  it('covers the 2020-12 keywords', () => expect(rows.length).toBeGreaterThan(100));
  it.each(rows.map((p) => [p.id, p] as const))('%s: judged as no constraint', (_name, p) => {
    fc.assert(
      fc.property(MATRIX[p.change].make(p.direction, p.position), (m) => {
        const found = levelsFound({ ...m, openapi: '3.0.3' }, p.direction, p.position);
        expect([...found.keys()].filter((id) => id !== 'schema-keyword-ignored')).toEqual([]);
        expect(found.has('schema-keyword-ignored')).toBe(writesNew(m));
        if (writesNew(m)) expect(found.get('schema-keyword-ignored')).toBe('info');
      }),
      RUNS,
    );
  });
});

describe("3.0's boolean exclusive bounds, made in a 3.1 document", () => {
  const rows = placed.filter((p) => /-became-(ex|in)clusive$/.test(p.change));
  it.each(rows.map((p) => [p.id, p] as const))('%s: judged as no constraint', (_name, p) => {
    fc.assert(
      fc.property(MATRIX[p.change].make(p.direction, p.position), (m) => {
        const found = levelsFound({ ...m, openapi: '3.1.0' }, p.direction, p.position);
        expect([...found.keys()].filter((id) => id !== 'schema-keyword-ignored')).toEqual([]);
        expect(found.has('schema-keyword-ignored')).toBe(p.change.endsWith('exclusive'));
      }),
      RUNS,
    );
  });
});

const as = (version: string, c: RuleCase): RuleCase => ({ ...c, base: { ...c.base, openapi: version }, revision: { ...c.revision, openapi: version } });
const moved = (from: string, to: string, c: RuleCase): RuleCase => ({ ...c, base: { ...c.base, openapi: from }, revision: { ...c.revision, openapi: to } });
const str = { type: 'string' };

describe('keywords read by the version of their document', () => {
  runRuleCases([
    as(
      '3.0.3',
      inRequest('3.0: const written on a request property: info naming it a 3.1 keyword, no verdict', str, { ...str, const: 'a' }, [
        { id: 'schema-keyword-ignored', level: 'info', pointer: `${REQ_V}/const`, message: ['`const`', 'OpenAPI 3.1', 'no keyword of the 3.0 Schema Object'] },
      ]),
    ),
    as('3.0.3', inResponse('3.0: const dropped from a response: it never applied, nothing', { ...str, const: 'a' }, str, 'none')),
    as(
      '3.0.3',
      inRequest('3.0: a numeric exclusiveMinimum written: no bound in 3.0, info', { type: 'number' }, { type: 'number', exclusiveMinimum: 3 }, [
        { id: 'schema-keyword-ignored', level: 'info', pointer: `${REQ_V}/exclusiveMinimum`, message: ['a numeric `exclusiveMinimum`'] },
      ]),
    ),
    as(
      '3.0.3',
      inRequest(
        '3.0: const kept and the property otherwise changed: judged on the rest, the const not named again',
        { ...str, const: 'a' },
        { ...str, const: 'a', maxLength: 3 },
        [{ id: 'request-property-max-length-set', level: 'breaking' }],
      ),
    ),
    as(
      '3.1.0',
      inRequest(
        '3.1: a boolean exclusiveMinimum beside minimum: 3.0 words, no bound in 3.1',
        { type: 'number', minimum: 1 },
        { type: 'number', minimum: 1, exclusiveMinimum: true },
        [{ id: 'schema-keyword-ignored', level: 'info', pointer: `${REQ_V}/exclusiveMinimum`, message: ['OpenAPI 3.0', 'sets no bound'] }],
      ),
    ),
    moved(
      '3.0.3',
      '3.1.0',
      inRequest('3.0 to 3.1 with const kept: 3.1 reads it, so the request is narrowed now', { ...str, const: 'a' }, { ...str, const: 'a' }, [
        { id: 'request-property-const-added', level: 'breaking' },
      ]),
    ),
    moved(
      '3.1.0',
      '3.0.3',
      inResponse(
        '3.1 to 3.0 with const kept: no 3.0 reader applies it, so the response may hold any string; the info says why',
        { ...str, const: 'a' },
        { ...str, const: 'a' },
        [
          { id: 'response-property-const-removed', level: 'breaking' },
          { id: 'schema-keyword-ignored', level: 'info', pointer: `${RES_V}/const` },
        ],
      ),
    ),
    {
      name: '3.0: a prefixItems subschema changed: nothing is compared inside a keyword 3.0 does not have',
      base: requestBody(obj({ v: { type: 'array', prefixItems: [{ type: 'string' }] } })),
      revision: requestBody(obj({ v: { type: 'array', prefixItems: [{ type: 'integer' }] } })),
      expect: [{ id: 'schema-keyword-ignored', level: 'info', pointer: `${REQ_V}/prefixItems` }],
    },
    {
      name: '3.0: const in a component schema a response uses',
      base: responseBody({ $ref: '#/components/schemas/V' }, { schemas: { V: str } }),
      revision: responseBody({ $ref: '#/components/schemas/V' }, { schemas: { V: { ...str, const: 'a' } } }),
      expect: [{ id: 'schema-keyword-ignored', level: 'info', pointer: '/components/schemas/V/const', operation: null }],
    },
  ]);
});

// 3.0's Schema Object leaves out `patternProperties` and `dependencies` and refuses a list of types, but the draft it takes
// its subset from (Wright draft 00) has all three, and the draft 4 and 5 validators 3.0 servers check requests with
// apply them: a request narrowed by one may be refused, so they are judged, not set aside as 3.1's words are (ENGINE.md).
describe("3.0: the draft words 3.0's list leaves out are judged as its validators apply them", () => {
  runRuleCases([
    as(
      '3.0.3',
      inRequest(
        'patternProperties added beside a closed object: names it matches are admitted, a widening',
        { type: 'object', additionalProperties: false },
        { type: 'object', additionalProperties: false, patternProperties: { '^x_': { type: 'string' } } },
        [{ id: 'request-property-additional-properties-allowed', level: 'info' }],
      ),
    ),
    as(
      '3.0.3',
      inRequest(
        'dependencies added: a request sending a must now send b',
        { type: 'object', properties: { a: str, b: str } },
        { type: 'object', properties: { a: str, b: str }, dependencies: { a: ['b'] } },
        [{ id: 'request-property-dependent-required-added', level: 'breaking' }],
      ),
    ),
    as(
      '3.0.3',
      inResponse('a list of types narrowed in a response: read as the list it is, info', { type: ['string', 'integer'] }, str, [
        { id: 'response-property-type-specialized', level: 'info', message: ['from integer|string to string'] },
      ]),
    ),
    as(
      '3.0.3',
      inRequest('a list of types narrowed in a request: judged as a type change', { type: ['string', 'integer'] }, str, [
        { id: 'request-property-type-changed', level: 'breaking' },
      ]),
    ),
  ]);
});

describe('keywords read by the version of their document: Swagger 2.0', () => {
  const swagger2 = (field: Doc) =>
    JSON.stringify({
      swagger: '2.0',
      info: { title: 'pets', version: '1' },
      paths: {
        '/pets': {
          post: {
            consumes: ['application/json'],
            parameters: [{ name: 'b', in: 'body', schema: obj({ v: field }) }],
            responses: { '200': { description: 'ok' } },
          },
        },
      },
    });
  it('const written on a body property: info, not a narrowed request', async () => {
    const diff = diffContracts(await parseContract(swagger2(str), 'base.json'), await parseContract(swagger2({ ...str, const: 'a' }), 'revision.json'));
    expect(diff.changes.map((c) => `${c.id} ${c.level}`)).toEqual(['schema-keyword-ignored info']);
    expect(diff.changes[0].message).toContain('no keyword of the 2.0 Schema Object');
  });
});

describe('keywords read by the version of their document: loaded from a file', () => {
  // The loader notes whether a document writes such a keyword at all, and the diff walks its schemas for them only then.
  const oas = (version: string, field: Doc) => JSON.stringify({ ...responseBody(obj({ v: field })), openapi: version });
  const changes = async (version: string, from: Doc, to: Doc) =>
    diffContracts(await parseContract(oas(version, from), 'base.json'), await parseContract(oas(version, to), 'revision.json')).changes.map(
      (c) => `${c.id} ${c.level} ${c.location}`,
    );
  it('3.0: const written on a response property is named, not judged', async () => {
    expect(await changes('3.0.3', str, { ...str, const: 'a' })).toEqual([`schema-keyword-ignored info ${RES_V}/const`]);
  });
  it('3.1: a boolean exclusiveMaximum is named, not judged', async () => {
    const n = { type: 'number', maximum: 5 };
    expect(await changes('3.1.0', n, { ...n, exclusiveMaximum: true })).toEqual([`schema-keyword-ignored info ${RES_V}/exclusiveMaximum`]);
  });
  it('3.0: a property named `const` is a name, not the keyword', async () => {
    expect(await changes('3.0.3', obj({ const: str }), obj({ const: { type: 'integer' } }))).toEqual([
      `response-property-type-changed breaking ${RES_V}/properties/const`,
    ]);
  });
});
