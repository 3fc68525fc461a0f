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
