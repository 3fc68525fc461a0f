// A YAML contract read on another thread comes back through JSON: the same data, keys in the same order, the same
// objects shared, every string as written; and what JSON cannot carry is given back to be read on the reader's thread.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseContract } from '../../../contracts/load/load.js';
import { parseYamlJson, readYamlAsJson } from '../../../contracts/load/yaml-json.js';
import { loadYaml } from '../../../contracts/load/yaml-narrow.js';
import { yamlSchema } from '../../../contracts/load/yaml-schema.js';
import { outcomeOf, readAlike, yamlFilesToCompare } from '../../helpers/yaml-compare.js';

const bytesOf = (text: string) => new TextEncoder().encode(text);

/** Whether the tree back through JSON is the tree js-yaml reads, shared objects included, seen from either side. */
function comesBackAlike(bytes: Uint8Array): boolean | undefined {
  const read = readYamlAsJson(bytes, 'a.yaml');
  if (read === undefined) return undefined;
  const back = outcomeOf(() => parseYamlJson(read));
  const direct = outcomeOf(() => loadYaml(new TextDecoder().decode(bytes), 'a.yaml', yamlSchema()));
  return readAlike(back, direct) && readAlike(direct, back);
}

describe('readYamlAsJson and parseYamlJson', () => {
  it('bring back every YAML file of the fixtures and the corpus they carry as js-yaml reads it', { timeout: 300_000 }, () => {
    const outcomes = yamlFilesToCompare().map((file) => [file, comesBackAlike(readFileSync(file))] as const);
    expect(outcomes.filter(([, alike]) => alike === false).map(([file]) => file)).toEqual([]);
    // Not a test of nothing: most files are carried, some of them with shared objects.
    expect(outcomes.filter(([, alike]) => alike === true).length).toBeGreaterThan(outcomes.length / 2);
  });

  it.each([
    ['an alias of a mapping and of a sequence', 'a: &m {x: 1}\nb: *m\nc: &s [1, 2]\nd: [*s, *m]\n'],
    ['merge keys, whose values stay shared', 'base: &b\n  k: {deep: 1}\n  v: 2\nover:\n  <<: *b\n  v: 3\nmany:\n  <<: [*b, {z: 4}]\n'],
    ['an alias inside an aliased mapping', 'inner: &i {x: 1}\nouter: &o {i: *i}\nagain: *o\nalso: *i\n'],
    ['characters above U+00FF, pairs, U+2028 and Latin-1', 'a: “quoted” ’s\nb: "😀 \\u2028 \\L"\nc: é ÿ\n“k”: [Ω, 🚀]\n'],
    ['keys JSON treats alike', '"__proto__": {a: 1}\n"10": x\n"2": y\nb: z\n'],
  ])('carry %s', (_name, text) => {
    expect(comesBackAlike(bytesOf(text))).toBe(true);
  });

  it('share in the tree back exactly the objects js-yaml shares', () => {
    const read = readYamlAsJson(bytesOf('a: &m {x: 1}\nb: *m\nc: {x: 1}\n'), 'a.yaml')!;
    expect(read.links).toEqual([{ at: ['b'], to: ['a'] }]);
    const tree = parseYamlJson(read) as Record<string, object>;
    expect(tree.b).toBe(tree.a);
    expect(tree.c).not.toBe(tree.a);
  });

  it('write one byte per character, whatever the text holds', () => {
    const { json } = readYamlAsJson(bytesOf('a: “x” 😀\n'), 'a.yaml')!;
    expect(Buffer.from(json).toString('latin1')).toBe('{"a":"\\u201cx\\u201d \\ud83d\\ude00"}');
  });

  it.each([
    ['negative zero', 'a: -0.0\n'],
    ['not a number', 'a: .nan\n'],
    ['infinity', 'a: -.inf\n'],
    ['an alias of its own ancestor', 'a: &a\n  b: *a\n'],
    [
      'an alias bomb',
      Array.from({ length: 9 }, (_, i) =>
        i === 0
          ? 'a0: &a0 [{x: 1}]'
          : `a${i}: &a${i} [${Array(10)
              .fill(`*a${i - 1}`)
              .join(', ')}]`,
      ).join('\n'),
    ],
    ['a duplicate key, refused', 'a: 1\na: 2\n'],
    ['a syntax error', 'a: [\n'],
    ['JSON', '{"openapi": "3.0.0"}'],
    ['a scalar at the top', 'just text\n'],
    ['bytes that are not UTF-8', '\xff'],
  ])('give back %s, to be read where it is needed', (_name, text) => {
    const bytes = text === '\xff' ? new Uint8Array([0x61, 0x3a, 0x20, 0xff]) : bytesOf(text);
    expect(readYamlAsJson(bytes, 'a.yaml')).toBeUndefined();
  });
});

describe('parseContract with the tree read elsewhere', () => {
  const contract = [
    'openapi: 3.0.3',
    'info: {title: “Pets”, version: "1"}',
    'paths:',
    '  /pets:',
    '    get:',
    '      responses:',
    "        '200': &ok",
    '          description: ok',
    '          content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}',
    '    post:',
    '      responses:',
    "        '200': *ok",
    'components:',
    '  schemas:',
    '    Pet: {type: object, properties: {name: {type: strin}}}',
    '',
  ].join('\n');

  it('loads the same contract, warnings and lines as a read on its own thread', async () => {
    const bytes = bytesOf(contract);
    const here = await parseContract(bytes, 'pets.yaml');
    const there = await parseContract(bytes, 'pets.yaml', { yamlRead: readYamlAsJson(bytes, 'pets.yaml') });
    expect(readAlike({ data: there.doc }, { data: here.doc }) && readAlike({ data: here.doc }, { data: there.doc })).toBe(true);
    expect(there.warnings).toEqual(here.warnings);
    expect(there.warnings.length).toBeGreaterThan(0);
    expect(there.locate('/components/schemas/Pet/properties/name')).toEqual(here.locate('/components/schemas/Pet/properties/name'));
  });
});
