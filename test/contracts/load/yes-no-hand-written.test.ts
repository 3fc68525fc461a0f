// The parts of the yes/no validators written here rather than by ajv (load/yes-no-schema.mjs): the 3.0 Schema Object
// check and the shortcut for lists of parameters or tags, each asked what the full validator is asked, on inputs made
// to reach every branch of theirs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as full20 from '../../../contracts/load/validators/openapi-2-0.js';
import * as yesNo20 from '../../../contracts/load/validators/openapi-2-0-valid.js';
import * as full30 from '../../../contracts/load/validators/openapi-3-0.js';
import * as yesNo30 from '../../../contracts/load/validators/openapi-3-0-valid.js';

type Check = (doc: unknown) => boolean;
const PAIRS: Record<string, [Check, Check]> = {
  '2.0': [full20.validate, yesNo20.validate],
  '3.0': [full30.validate, yesNo30.validate],
};

/** The keywords 3.0's Schema Object names, read from the schema the full validator was built from. */
function full30SchemaProperties(): Record<string, unknown> {
  const source = readFileSync(path.resolve(import.meta.dirname, '../../../contracts/load/validators/openapi-3-0.ts'), 'utf8');
  const written = /^const schema\d+ = (\{"id":"https:\/\/spec\.openapis\.org\/oas\/3\.0.*\});$/m.exec(source);
  return JSON.parse(written?.[1] ?? '{}').definitions?.Schema?.properties ?? {};
}

describe('the yes/no validators, where written by hand', () => {
  // The 3.0 Schema Object's yes/no check is written by hand (load/yes-no-schema.mjs): every keyword, and a key that is
  // none, is given values of every kind, where a schema sits directly and where it sits below another keyword.
  it('judge every keyword of a 3.0 Schema Object, given values of every kind, as the full validator does', () => {
    const [full, yesNo] = PAIRS['3.0'];
    const named = Object.keys(full30SchemaProperties());
    expect(named).toHaveLength(35);
    const keywords = named.concat(['x-note', 'bogus', '$ref', '__proto__', 'constructor']);
    const values: unknown[] = [
      'a',
      '',
      0,
      -1,
      1,
      1.5,
      -0.5,
      Number.POSITIVE_INFINITY,
      Number.NaN,
      true,
      false,
      null,
      [],
      ['a'],
      ['a', 'b'],
      ['a', 'a'],
      [1],
      [{}],
      [{ type: 'string' }, { $ref: '#/components/schemas/A' }],
      [{ $ref: 7 }],
      [{ bogus: 1 }],
      {},
      { type: 'string' },
      { type: 'text' },
      { $ref: '#/components/schemas/A' },
      { $ref: '#/components/schemas/A', description: 'd' },
      { $ref: 7 },
      { a: { type: 'string' } },
      { a: { $ref: '#/components/schemas/A' } },
      { a: { bogus: 1 } },
      { a: 'b' },
      { a: 1 },
      { propertyName: 'kind' },
      { propertyName: 'kind', mapping: { a: '#/x' } },
      { propertyName: 'kind', mapping: { a: 1 } },
      { propertyName: 1 },
      { url: 'u' },
      { url: 'u', description: 'd', 'x-a': 1 },
      { url: 1 },
      { description: 'd' },
      { url: 'u', other: 1 },
      { name: 'n', wrapped: true },
      { name: 'n', attribute: 'yes' },
      { namespace: 1 },
      { prefix: 'p', 'x-b': 2 },
      { wrapped: false, other: 1 },
      Array.from({ length: 40 }, (_, i) => `p${i}`),
      [...Array.from({ length: 40 }, (_, i) => `p${i}`), 'p3'],
    ];
    const places: ((schema: unknown) => unknown)[] = [
      (schema) => schema,
      (schema) => ({ type: 'object', properties: { a: schema } }),
      (schema) => ({ type: 'array', items: schema }),
      (schema) => ({ allOf: [{ type: 'object' }, schema] }),
      (schema) => ({ additionalProperties: schema }),
    ];
    const disagreements: string[] = [];
    let refused = 0;
    for (const keyword of keywords) {
      for (const value of values) {
        for (const place of places) {
          const schema = JSON.parse('{}');
          Object.defineProperty(schema, keyword, { value, enumerable: true, writable: true, configurable: true });
          const doc = { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {}, components: { schemas: { A: place(schema) } } };
          const answer = full(doc);
          if (!answer) refused++;
          if (yesNo(doc) !== answer) disagreements.push(`${keyword}: ${JSON.stringify(value)} at ${places.indexOf(place)}, the full validator ${answer}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(refused).toBeGreaterThan(5_000);
  });

  // The yes/no validators pass a list whose items differ by `name` and `in`, or by `$ref`, without comparing every pair.
  it('find two equal parameters or tags in a list, and only equal ones, as the full validator does', () => {
    const q = (name: string, extra: Record<string, unknown> = {}) => ({ name, in: 'query', schema: { type: 'string' }, ...extra });
    const lists: Record<string, unknown[]> = {
      distinct: [q('a'), q('b'), { ...q('a'), in: 'header' }],
      'twice alike': [q('a'), q('b'), q('a')],
      'same name and place, another schema': [q('a'), q('a', { schema: { type: 'integer' } })],
      'same name and place, keys in another order': [q('a'), { schema: { type: 'string' }, in: 'query', name: 'a' }],
      'a name that reads like another name and place': [{ name: 'a=query', schema: { type: 'string' } }, q('a')],
      'references, distinct': [{ $ref: '#/components/parameters/A' }, { $ref: '#/components/parameters/B' }],
      'references, twice': [{ $ref: '#/components/parameters/A' }, q('a'), { $ref: '#/components/parameters/A' }],
      'a name that is no string': [
        { name: 7, in: 'query' },
        { name: 7, in: 'query' },
      ],
      'no name, twice': [{ in: 'query' }, { in: 'query' }],
      'a string item': ['a', 'a'],
    };
    const answers: Record<string, boolean[]> = {};
    for (const [name, parameters] of Object.entries(lists)) {
      const components = { parameters: { A: q('x'), B: q('y') } };
      const v30 = {
        openapi: '3.0.3',
        info: { title: 't', version: '1' },
        components,
        paths: { '/a': { parameters, get: { parameters, responses: { 200: { description: 'ok' } } } } },
      };
      // A tag for each parameter, equal exactly when the parameters are.
      const tags = parameters.map((p) => {
        if (p === null || typeof p !== 'object' || !('name' in p)) return p;
        const { name, in: place, schema } = p as { name: unknown; in?: unknown; schema?: unknown };
        return typeof name === 'string' ? { name: `${name} ${String(place)}`, description: JSON.stringify(schema ?? null) } : { name, in: place };
      });
      // Swagger 2.0 writes a query parameter's type on it, not in a schema.
      const parameters20 = parameters.map((p) => {
        if (p === null || typeof p !== 'object' || !('schema' in p)) return p;
        const { schema, ...rest } = p as { schema: { type: string } };
        return { ...rest, type: schema.type };
      });
      const v20 = {
        swagger: '2.0',
        info: { title: 't', version: '1' },
        tags,
        paths: { '/a': { get: { parameters: parameters20, responses: { 200: { description: 'ok' } } } } },
      };
      answers[name] = [];
      for (const [version, doc] of [
        ['3.0', v30],
        ['2.0', v20],
        ['3.0', { ...v30, paths: {}, tags }],
      ] as const) {
        const [full, yesNo] = PAIRS[version];
        expect(yesNo(doc), `${name}, ${version}`).toBe(full(doc));
        answers[name].push(full(doc));
      }
    }
    // Both answers are met: the lists are not all refused for another reason.
    expect(answers.distinct).toEqual([true, true, true]);
    expect(answers['twice alike']).toEqual([false, false, false]);
  });
});
