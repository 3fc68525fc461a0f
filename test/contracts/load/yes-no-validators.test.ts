// A valid contract is validated only by the yes/no validators (contracts/load/yes-no.mjs): a document one of them called
// valid but the full one would have reported would lose its warnings without a word. So both are asked about every
// OpenAPI document of the fixtures, and about copies changed where the yes/no one was built differently.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseContract } from '../../../contracts/index.js';
import * as full20 from '../../../contracts/load/validators/openapi-2-0.js';
import * as yesNo20 from '../../../contracts/load/validators/openapi-2-0-valid.js';
import * as full30 from '../../../contracts/load/validators/openapi-3-0.js';
import * as yesNo30 from '../../../contracts/load/validators/openapi-3-0-valid.js';
import * as full31 from '../../../contracts/load/validators/openapi-3-1.js';
import * as yesNo31 from '../../../contracts/load/validators/openapi-3-1-valid.js';

type Check = (doc: unknown) => boolean;

/** The keywords 3.0's Schema Object names, read from the schema the full validator was built from. */
function full30SchemaProperties(): Record<string, unknown> {
  const source = readFileSync(path.resolve(import.meta.dirname, '../../../contracts/load/validators/openapi-3-0.ts'), 'utf8');
  const written = /^const schema\d+ = (\{"id":"https:\/\/spec\.openapis\.org\/oas\/3\.0.*\});$/m.exec(source);
  return JSON.parse(written?.[1] ?? '{}').definitions?.Schema?.properties ?? {};
}
const PAIRS: Record<string, [Check, Check]> = {
  '2.0': [full20.validate, yesNo20.validate],
  '3.0': [full30.validate, yesNo30.validate],
  '3.1': [full31.validate, yesNo31.validate],
};

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');

function* documentFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* documentFiles(file);
    else if (/\.(ya?ml|json)$/.test(entry.name)) yield file;
  }
}

function versionOf(doc: unknown): string | undefined {
  if (doc === null || typeof doc !== 'object') return undefined;
  const { swagger, openapi } = doc as { swagger?: unknown; openapi?: unknown };
  if (String(swagger).startsWith('2')) return '2.0';
  if (typeof openapi === 'string' && /^3\.[01]/.test(openapi)) return openapi.slice(0, 3);
  return undefined;
}

/** Whether the tree, its aliases expanded, holds more than `limit` nodes: an alias bomb (fixtures/hostile) is left out. */
function expandsBeyond(node: unknown, limit: number): boolean {
  let count = 0;
  const stack = [node];
  while (stack.length > 0) {
    const next = stack.pop();
    if (++count > limit) return true;
    if (next !== null && typeof next === 'object') stack.push(...Object.values(next));
  }
  return false;
}

/** Every OpenAPI document of the fixtures, once: the 65 that are copies of another (the same tree) add no ask. */
function readDocuments(): { file: string; version: string; doc: unknown }[] {
  const out = [];
  const seen = new Set<string>();
  for (const file of documentFiles(fixtures)) {
    let doc: unknown;
    try {
      doc = yaml.load(readFileSync(file, 'utf8'));
    } catch {
      continue; // a fixture about a file that is not YAML
    }
    const version = versionOf(doc);
    if (!version || expandsBeyond(doc, 200_000)) continue;
    const tree = JSON.stringify(doc);
    if (!seen.has(tree)) out.push({ file: path.relative(fixtures, file), version, doc });
    seen.add(tree);
  }
  return out;
}

/**
 * About 8 objects of the document, each changed where the specification offers alternatives: a Reference Object or what
 * it stands for, a schema or a content.
 */
function* changedCopies(doc: unknown): Generator<unknown> {
  const objects: Record<string, unknown>[] = [];
  const seen = new Set<object>();
  const collect = (node: unknown) => {
    // A YAML alias makes two places one object: each is changed once.
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (!Array.isArray(node)) objects.push(node as Record<string, unknown>);
    for (const value of Object.values(node)) collect(value);
  };
  collect(doc);
  const step = Math.max(1, Math.floor(objects.length / 8));
  const changes: ((o: Record<string, unknown>) => void)[] = [
    (o) => {
      o.$ref = '#/components/schemas/Other';
    },
    (o) => {
      o.$ref = 7;
    },
    (o) => {
      delete o.$ref;
    },
    (o) => {
      o.bogus = true;
    },
    // Both of the alternatives a parameter or header must pick one of.
    (o) => {
      o.schema ??= { type: 'string' };
      o.content ??= { 'application/json': {} };
    },
  ];
  for (let i = 0; i < objects.length; i += step) {
    for (const change of changes) {
      const before = { ...objects[i] };
      change(objects[i]);
      yield doc;
      for (const key of Object.keys(objects[i])) delete objects[i][key];
      Object.assign(objects[i], before);
    }
  }
}

describe('the yes/no validators', () => {
  const documents = readDocuments();

  it('are asked about hundreds of documents of each version', () => {
    const counts = Object.fromEntries(Object.keys(PAIRS).map((v) => [v, documents.filter((d) => d.version === v).length]));
    expect(counts['3.0']).toBeGreaterThan(300);
    expect(counts['2.0']).toBeGreaterThan(10);
    expect(counts['3.1']).toBeGreaterThan(10);
  });

  // One test per version, each within its own timeout: the 40,000 asks together took over a minute on a loaded machine.
  it.each(Object.keys(PAIRS))('call an OpenAPI %s fixture valid exactly when the full validator does, as written and changed', (version) => {
    const [full, yesNo] = PAIRS[version];
    const disagreements: string[] = [];
    let asked = 0;
    let refused = 0;
    for (const { file, doc } of documents.filter((d) => d.version === version)) {
      const ask = (copy: unknown) => {
        asked++;
        const answer = full(copy);
        if (!answer) refused++;
        if (yesNo(copy) !== answer) disagreements.push(file);
      };
      ask(doc);
      for (const copy of changedCopies(structuredClone(doc))) ask(copy);
    }
    expect(disagreements).toEqual([]);
    // Both answers were met many times: an always-yes or always-no validator would not pass.
    expect(refused).toBeGreaterThan(100);
    expect(asked - refused).toBeGreaterThan(100);
  });

  it('find a name written twice in a short or a long `required` list, or in a list of scopes, as the full validator does', () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);
    const lists = {
      short: names(5),
      'short, twice': [...names(5), 'p2'],
      long: names(40),
      'long, twice': [...names(40), 'p37'],
      'toString twice': ['toString', 'a', 'toString'],
      // The object ajv marks names on has `__proto__` as its prototype, not as a name: neither validator refuses it.
      '__proto__ twice': ['__proto__', 'a', '__proto__'],
      'long, __proto__ twice': [...names(40), '__proto__', '__proto__'],
    };
    const answers: Record<string, boolean[]> = {};
    for (const [name, required] of Object.entries(lists)) {
      const v30 = { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {}, components: { schemas: { Pet: { type: 'object', required } } } };
      const v20 = {
        swagger: '2.0',
        info: { title: 't', version: '1' },
        paths: {},
        definitions: { Pet: { type: 'object', required } },
        security: [{ oauth: required }],
      };
      answers[name] = [];
      for (const [version, doc] of [
        ['3.0', v30],
        ['2.0', v20],
      ] as const) {
        const [full, yesNo] = PAIRS[version];
        expect(yesNo(doc), `${name}, ${version}`).toBe(full(doc));
        answers[name].push(yesNo(doc));
      }
    }
    expect(answers).toEqual({
      short: [true, true],
      'short, twice': [false, false],
      long: [true, true],
      'long, twice': [false, false],
      'toString twice': [false, false],
      '__proto__ twice': [true, true],
      'long, __proto__ twice': [true, true],
    });
  });

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

  it('leave a document that is not valid to the full validator, which reports each problem', async () => {
    const text = [
      'openapi: 3.0.3',
      'info: {title: t, version: "1"}',
      'paths: {}',
      'components:',
      '  schemas:',
      '    Pet:',
      '      properties:',
      '        name: {type: string, bogus: 1}',
      '        owner: {$ref: "#/components/schemas/Pet", description: an owner}',
    ].join('\n');
    const loaded = await parseContract(text, 'api.yaml');
    expect(loaded.warnings.map((w) => [w.message, w.line])).toEqual([['schema Pet, property "name": has a key the specification does not allow: "bogus"', 8]]);
  });
});
