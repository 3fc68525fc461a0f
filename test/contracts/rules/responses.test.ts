// Response rules on base/revision pairs: statuses, media types, headers, the body schema.
import { describe } from 'vitest';
import { api, type Doc, json, obj, type RuleCase, responseBody, runRuleCases } from './harness.js';

const get = (responses: Doc, components?: Doc) => api({ '/pets': { get: { responses } } }, components ? { components } : {});
const pet = obj({ name: { type: 'string' } });
const R = '/paths/~1pets/get/responses';
const header = (schema: Doc = { type: 'integer' }, extra: Doc = {}) => ({ schema, ...extra });
const withHeaders = (headers: Doc) => get({ '200': { description: 'ok', headers, content: json(pet) } });

describe('responses: statuses and media types', () => {
  const cases: RuleCase[] = [
    {
      name: 'a success status removed breaks',
      base: get({ '200': { description: 'ok' }, '201': { description: 'created' } }),
      revision: get({ '201': { description: 'created' } }),
      expect: [{ id: 'response-success-status-removed', level: 'breaking', operation: 'GET /pets', pointer: `${R}/200`, message: ['response 200'] }],
    },
    {
      name: '2XX narrowed to 200: a code every reader of the range read already, info; the bodies compared alike',
      base: get({ '2XX': { description: 'ok', content: json(pet) } }),
      revision: get({ '200': { description: 'ok', content: json(pet) } }),
      expect: [{ id: 'response-status-range-narrowed', level: 'info', operation: 'GET /pets', pointer: `${R}/2XX`, message: ['only 200 is still described'] }],
    },
    {
      name: '2XX narrowed to 201 and 204, both described beside it before: info',
      base: get({ '2XX': { description: 'ok', content: json(pet) }, '201': { description: 'created' }, '204': { description: 'none' } }),
      revision: get({ '201': { description: 'created' }, '204': { description: 'none' } }),
      expect: [{ id: 'response-status-range-narrowed', level: 'info', message: ['only 201, 204 are still described'] }],
    },
    {
      name: 'an error status removed or added is info',
      base: get({ '200': { description: 'ok' }, '404': { description: 'missing' } }),
      revision: get({ '200': { description: 'ok' }, '409': { description: 'conflict' } }),
      expect: [
        { id: 'response-non-success-status-removed', level: 'info', message: ['404'] },
        { id: 'response-non-success-status-added', level: 'info', message: ['409'] },
      ],
    },
    {
      name: 'a success status added is info',
      base: get({ '200': { description: 'ok' } }),
      revision: get({ '200': { description: 'ok' }, '202': { description: 'later' } }),
      expect: [{ id: 'response-success-status-added', level: 'info' }],
    },
    {
      name: 'a media type no longer returned breaks; a new one is info',
      base: get({ '200': { description: 'ok', content: json(pet) } }),
      revision: get({ '200': { description: 'ok', content: { 'application/xml': { schema: pet } } } }),
      expect: [
        { id: 'response-media-type-removed', level: 'breaking', pointer: `${R}/200/content/application~1json` },
        { id: 'response-media-type-added', level: 'info' },
      ],
    },
    {
      name: 'a media type loses its schema: warning (anything may come back)',
      base: get({ '200': { description: 'ok', content: json(pet) } }),
      revision: get({ '200': { description: 'ok', content: { 'application/json': {} } } }),
      expect: [{ id: 'response-body-media-type-schema-removed', level: 'warning' }],
    },
    {
      name: 'a response moved into components/responses and referenced: no change',
      base: get({ '200': { description: 'ok', content: json(pet) } }),
      revision: get({ '200': { $ref: '#/components/responses/Pet' } }, { responses: { Pet: { description: 'ok', content: json(pet) } } }),
      expect: 'none',
    },
  ];
  runRuleCases(cases);
});

describe('responses: headers', () => {
  const cases: RuleCase[] = [
    {
      name: 'a required header removed breaks',
      base: withHeaders({ 'X-Rate-Limit': header({ type: 'integer' }, { required: true }) }),
      revision: withHeaders({}),
      expect: [{ id: 'required-response-header-removed', level: 'breaking', pointer: `${R}/200/headers/X-Rate-Limit`, message: ['`X-Rate-Limit`'] }],
    },
    {
      name: 'an optional header removed: warning',
      base: withHeaders({ 'X-Trace': header() }),
      revision: withHeaders({}),
      expect: [{ id: 'optional-response-header-removed', level: 'warning' }],
    },
    {
      name: 'a header became optional breaks',
      base: withHeaders({ 'X-Trace': header({ type: 'string' }, { required: true }) }),
      revision: withHeaders({ 'X-Trace': header({ type: 'string' }) }),
      expect: [{ id: 'response-header-became-optional', level: 'breaking' }],
    },
    {
      name: 'a header added is info',
      base: withHeaders({}),
      revision: withHeaders({ 'X-Trace': header() }),
      expect: [{ id: 'response-header-added', level: 'info' }],
    },
    {
      name: 'header names differ only in case: no change',
      base: withHeaders({ 'X-Trace': header() }),
      revision: withHeaders({ 'x-trace': header() }),
      expect: 'none',
    },
    {
      name: 'a header type changed breaks',
      base: withHeaders({ 'X-Count': header({ type: 'integer' }) }),
      revision: withHeaders({ 'X-Count': header({ type: 'string' }) }),
      expect: [{ id: 'response-header-type-changed', level: 'breaking', message: ['response header `X-Count`', 'from integer to string'] }],
    },
  ];
  runRuleCases(cases);
});

describe('responses: the body schema (narrowing is safe, widening is not)', () => {
  const body = (name: string, from: Doc, to: Doc, expect: RuleCase['expect']): RuleCase => ({
    name,
    base: responseBody(from),
    revision: responseBody(to),
    expect,
  });
  const S = `${R}/200/content/application~1json/schema`;
  const cases: RuleCase[] = [
    body('number to integer narrows a response (info)', { type: 'number' }, { type: 'integer' }, [{ id: 'response-body-type-specialized', level: 'info' }]),
    body('integer to number widens a response (breaking)', { type: 'integer' }, { type: 'number' }, [
      { id: 'response-body-type-generalized', level: 'breaking', pointer: S },
    ]),
    body('string to integer breaks readers', { type: 'string' }, { type: 'integer' }, [{ id: 'response-body-type-changed', level: 'breaking' }]),
    body('maxLength introduced tightens a response (info)', { type: 'string' }, { type: 'string', maxLength: 10 }, [
      { id: 'response-body-max-length-set', level: 'info' },
    ]),
    body('maxLength dropped loosens a response (breaking)', { type: 'string', maxLength: 10 }, { type: 'string' }, [
      { id: 'response-body-max-length-unset', level: 'breaking' },
    ]),
    body('became nullable breaks readers', pet, { ...pet, nullable: true }, [{ id: 'response-body-became-nullable', level: 'breaking' }]),
    body('an enum value added: breaking (readers do not know it)', { type: 'string', enum: ['a'] }, { type: 'string', enum: ['a', 'b'] }, [
      { id: 'response-body-enum-value-added', level: 'breaking', message: ['"b"'] },
    ]),
    body("an enum value removed is info (oasdiff's id)", { type: 'string', enum: ['a', 'b'] }, { type: 'string', enum: ['a'] }, [
      { id: 'response-mediatype-enum-value-removed', level: 'info' },
    ]),
    body('3.0 nullable and 3.1 type list say the same (no change)', { type: 'string', nullable: true }, { type: ['string', 'null'] }, 'none'),
    {
      name: 'an inline schema moved into components and referenced: no change',
      base: responseBody(obj({ id: { type: 'integer' }, name: { type: 'string', maxLength: 20 } }, ['id'])),
      revision: responseBody(
        { $ref: '#/components/schemas/Pet' },
        { schemas: { Pet: obj({ id: { type: 'integer' }, name: { type: 'string', maxLength: 20 } }, ['id']) } },
      ),
      expect: 'none',
    },
    {
      name: 'properties moved into an allOf part: no change',
      base: responseBody(obj({ id: { type: 'integer' }, name: { type: 'string' } }, ['id'])),
      revision: responseBody({ allOf: [obj({ id: { type: 'integer' } }, ['id']), obj({ name: { type: 'string' } })] }),
      only: ['response-required-property-removed', 'response-optional-property-removed', 'response-property-became-optional', 'response-body-type-changed'],
      expect: 'none',
    },
    {
      name: 'XML: an element that was text now has structure (compatible, info)',
      base: api({ '/pets': { get: { responses: { '200': { description: 'ok', content: { 'application/xml': { schema: { type: 'string' } } } } } } } }),
      revision: api({ '/pets': { get: { responses: { '200': { description: 'ok', content: { 'application/xml': { schema: { type: 'object' } } } } } } } }),
      expect: [{ id: 'response-body-type-compatible', level: 'info' }],
    },
  ];
  runRuleCases(cases);
});
