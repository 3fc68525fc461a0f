// The deprecation listing (what `migrations` and the sunset notifier read) and the diff's property rules (what the gate
// reads) must call the same properties deprecated, with the same sunset, however the author wrote the flag.
import { describe, expect, it } from 'vitest';
import { listDeprecations, type OpenApiDocument } from '../../contracts/index.js';
import { findings } from './rules/harness.js';

type Doc = Record<string, any>;
const OWNER = { $ref: '#/components/schemas/Owner' };
const NULL = { $ref: '#/components/schemas/Null' };

/** `GET /pets` returning a Pet whose `owner` is written as given. */
const withOwner = (version: string, owner: Doc): Doc => ({
  openapi: version,
  info: { title: 'pets', version: '1.0.0' },
  paths: {
    '/pets': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } } } },
  },
  components: {
    schemas: {
      Pet: { type: 'object', properties: { name: { type: 'string' }, owner } },
      Owner: { type: 'object', properties: { name: { type: 'string' } } },
      OldOwner: { type: 'object', deprecated: true, 'x-sunset': '2027-03-01', properties: { name: { type: 'string' } } },
      Null: { type: 'null' },
      NullEnum: { enum: [null] },
    },
  },
});

interface Form {
  name: string;
  version: string;
  owner: Doc;
  /** Whether the property is deprecated, and with which sunset; `false` where it is not. */
  deprecated: false | { sunset?: string };
}

const FORMS: Form[] = [
  {
    name: 'every alternative deprecated',
    version: '3.0.3',
    owner: {
      oneOf: [
        { ...ownerInAllOf(), deprecated: true },
        { type: 'string', deprecated: true },
      ],
    },
    deprecated: {},
  },
  { name: 'one alternative of two deprecated', version: '3.0.3', owner: { oneOf: [ownerInAllOf(), { type: 'string', deprecated: true }] }, deprecated: false },
  {
    name: 'one anyOf alternative of two deprecated (3.1)',
    version: '3.1.0',
    owner: { anyOf: [OWNER, { type: 'string', deprecated: true }] },
    deprecated: false,
  },
  { name: 'the alternative beside an inline null', version: '3.1.0', owner: { anyOf: [{ ...OWNER, deprecated: true }, { type: 'null' }] }, deprecated: {} },
  { name: 'the alternative beside a $ref to a null schema', version: '3.1.0', owner: { anyOf: [{ ...OWNER, deprecated: true }, NULL] }, deprecated: {} },
  {
    name: 'the alternative beside a $ref to an enum of null',
    version: '3.1.0',
    owner: { oneOf: [{ ...OWNER, deprecated: true }, { $ref: '#/components/schemas/NullEnum' }] },
    deprecated: {},
  },
  {
    name: 'the $ref target deprecated with a sunset',
    version: '3.0.3',
    owner: { $ref: '#/components/schemas/OldOwner' },
    deprecated: { sunset: '2027-03-01' },
  },
  {
    name: 'an allOf member with deprecated and x-sunset',
    version: '3.0.3',
    owner: { allOf: [OWNER, { deprecated: true, 'x-sunset': '2027-01-31' }] },
    deprecated: { sunset: '2027-01-31' },
  },
  {
    name: 'deprecated beside the allOf, x-sunset in a nested member',
    version: '3.1.0',
    owner: { deprecated: true, allOf: [{ allOf: [OWNER, { 'x-sunset': '2027-02-28' }] }] },
    deprecated: { sunset: '2027-02-28' },
  },
  {
    name: 'deprecated and x-sunset beside a 3.1 $ref',
    version: '3.1.0',
    owner: { ...OWNER, deprecated: true, 'x-sunset': '2027-04-30' },
    deprecated: { sunset: '2027-04-30' },
  },
  {
    name: 'x-sunset beside a 3.1 $ref to a deprecated component, which wins over the component',
    version: '3.1.0',
    owner: { $ref: '#/components/schemas/OldOwner', 'x-sunset': '2027-05-31' },
    deprecated: { sunset: '2027-05-31' },
  },
  // OpenAPI 3.0: "any properties added SHALL be ignored" beside a Reference Object; the flag is not read by either.
  {
    name: 'deprecated and x-sunset beside a 3.0 $ref (ignored)',
    version: '3.0.3',
    owner: { ...OWNER, deprecated: true, 'x-sunset': '2027-04-30' },
    deprecated: false,
  },
];

/** A `$ref` to Owner that is also an object (so the alternative is not only a reference in 3.0, where siblings are ignored). */
function ownerInAllOf(): Doc {
  return { allOf: [OWNER] };
}

describe('the listing and the diff agree on what is deprecated', () => {
  for (const form of FORMS) {
    it(form.name, () => {
      const revision = withOwner(form.version, form.owner);
      const listed = listDeprecations(revision as OpenApiDocument).filter((d) => d.field === 'owner');
      const said = findings(withOwner(form.version, OWNER), revision).filter((f) => f.id.startsWith('response-property-deprecated'));
      if (form.deprecated === false) {
        expect(listed).toEqual([]);
        expect(said).toEqual([]);
        return;
      }
      const { sunset } = form.deprecated;
      expect(listed.map((d) => [d.operation, d.field, d.sunset, d.sunsetDate])).toEqual([['GET /pets', 'owner', sunset, sunset]]);
      expect(said.map((f) => [f.id, f.message])).toEqual([
        sunset === undefined
          ? ['response-property-deprecated', 'response property `owner` was deprecated']
          : ['response-property-deprecated-with-sunset', `response property \`owner\` was deprecated (sunset ${sunset})`],
      ]);
    });
  }
});
