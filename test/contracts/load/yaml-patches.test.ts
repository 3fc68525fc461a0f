// The js-yaml the engine bundle carries (contracts/yaml-patches.mjs edits it) reads every text exactly as the published
// package does: the same data, keys in the same order, the same objects shared, or the same error at the same place.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import published from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeOf, type ReadOutcome, readAlike, yamlFilesToCompare } from '../../helpers/yaml-compare.js';

type Yaml = typeof published;

const root = path.resolve(import.meta.dirname, '../../..');
let patched: Yaml;
let dir: string;

/** js-yaml as the engine bundle carries it: built by esbuild with the build's own plugin, from the package in `from`. */
async function buildYaml(from: string, outfile: string): Promise<void> {
  const { patchYaml } = (await import(pathToFileURL(path.join(root, 'contracts/yaml-patches.mjs')).href)) as { patchYaml: Plugin };
  await build({
    stdin: { contents: "export { default } from 'js-yaml';", resolveDir: from, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile,
    plugins: [patchYaml],
    logLevel: 'silent',
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'overseer-yaml-'));
  await buildYaml(root, path.join(dir, 'js-yaml.mjs'));
  patched = (await import(pathToFileURL(path.join(dir, 'js-yaml.mjs')).href)).default as Yaml;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a reader makes of a text with the loader's schema (YAML 1.2 core with merge keys). */
function read(reader: Yaml, text: string): ReadOutcome {
  const schema = reader.CORE_SCHEMA.extend({ implicit: [(reader as unknown as { types: { merge: never } }).types.merge] });
  return outcomeOf(() => reader.load(text, { filename: 'a.yaml', schema }));
}

/** Undefined when both readers agree, else what each made of the text. */
function disagreement(text: string): { ours: ReadOutcome; theirs: ReadOutcome } | undefined {
  const ours = read(patched, text);
  const theirs = read(published, text);
  return readAlike(ours, theirs) ? undefined : { ours, theirs };
}

// Plain scalars across lines, trailing spaces and tabs, `#` and `:` inside and after them, flow collections, merge keys
// overriding and overridden, duplicate keys, tags, anchors, and characters YAML forbids in each kind of scalar.
const WRITTEN = [
  'a: one two  \nb: three\t\n  four \t \n  five\nc: x#y # comment\nd: a:b c: \n',
  'k: {a: b c, d: [e f, g:h, "i"], j: k#l}\nm: [n, o p ]\n',
  'base: &b {x: 1, y: 2}\nover:\n  <<: *b\n  y: 3\nmany:\n  <<: [*b, {z: 4}]\n  x: 5\n',
  'a: 1\nb: 2\na: 3\n',
  'm:\n  <<: {a: 1}\n  a: 2\n  a: 3\n',
  't: !!str 12\nu: &an !!map {v: w}\nw: *an\nx: !!int "7"\n',
  'a: plain \u0001 text\n',
  "a: 'quoted \u0002'\n",
  'a: |\n  block \u0003\n',
  'a: "dq \u0004"\n',
  'a: lone \ud800 high\nb: lone \udc00 low\n',
  'a: pair \ud83d\ude00 ok\nb: \ufffe\n',
  'a: “curly” ’ é\n---\nb: 2\n',
  'desc: first line\n  second: not a key\n  third # not a comment\n  --- not a separator\n',
  'list:\n- a b\n- c:d\n-  e  \n- ? complex\n  : value\n',
  'x: 0x1F\ny: 1.5e3\nz: .inf\nn: ~\nb: True\no: 0o17\nq: -.5\nr: +12_000\n',
  'a:\tb\n\tc: d\n',
  'a: b\n...\n',
  '"key with spaces": v\nkey with spaces 2: w\n',
  'folded: >-\n  a line of a folded block scalar that runs well past forty characters\n  next\n\n   more in\n  back\nkept: |+\n  x  \n\nlast: |2\n    two more\n',
];

// Characters that end, fold or break a plain scalar, or that YAML forbids, put at random places of a small contract.
const SPECIALS = [
  ':',
  ' ',
  '\t',
  '\n',
  '#',
  ',',
  '[',
  ']',
  '{',
  '}',
  '-',
  '?',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '\u0001',
  '\u0085',
  '\ud800',
  'é',
  '“',
  '.',
];
// The written cases that read without error, each under a key of its own.
const SEED = [0, 1, 2, 5, 13, 14, 15, 18, 19].map((i) => `case${i}:\n${WRITTEN[i].replace(/^(?=.)/gm, '  ')}`).join('');

/** A small deterministic generator, so that a failure names a case that can be run again. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('the js-yaml the engine bundles', () => {
  it('reads every YAML file of the fixtures, and of the real corpus where present, as the published package does', { timeout: 300_000 }, () => {
    const files = yamlFilesToCompare();
    expect(files.length).toBeGreaterThan(700);
    const differing = files.filter((file) => disagreement(readFileSync(file, 'utf8')) !== undefined);
    expect(differing).toEqual([]);
  });

  it('reads written cases alike, errors included', () => {
    for (const text of WRITTEN) expect(disagreement(text), JSON.stringify(text)).toBeUndefined();
    // The cases reach the paths the edits touch: a merge that overrides, and each forbidden character refused.
    expect(read(patched, WRITTEN[2])).toEqual({ data: { base: { x: 1, y: 2 }, over: { x: 1, y: 3 }, many: { x: 5, y: 2, z: 4 } } });
    expect(read(patched, WRITTEN[6])).toEqual({ error: expect.stringMatching(/non-printable/) });
    expect(read(patched, WRITTEN[10])).toEqual({ error: expect.stringMatching(/non-printable/) });
  });

  it('reads 1,500 texts with special characters put at random places alike', () => {
    const next = random(29);
    for (let n = 0; n < 1500; n++) {
      let text = SEED;
      for (let k = 1 + Math.floor(next() * 4); k > 0; k--) {
        const at = Math.floor(next() * text.length);
        text = text.slice(0, at) + SPECIALS[Math.floor(next() * SPECIALS.length)] + text.slice(at);
      }
      expect(disagreement(text), `case ${n}: ${JSON.stringify(text)}`).toBeUndefined();
    }
  });

  it('gives every plain scalar the type the published package does, whatever character it starts with', () => {
    // The bundle offers a plain scalar to the implicit types only when its first character could start one of them.
    const implied = [
      '~',
      'null',
      'NULL',
      'true',
      'False',
      '0',
      '-1',
      '+12',
      '0x1F',
      '0o17',
      '0b101',
      '1.5',
      '-.5',
      '.5e3',
      '.inf',
      '-.Inf',
      '.NaN',
      '2001-12-14',
      '<<',
    ];
    const texts: string[] = [];
    for (let code = 0x21; code < 0x7f; code++) {
      const c = String.fromCharCode(code);
      for (const value of implied) texts.push(`a: ${c}${value}\n${value}${c}: b\n`, `a: ${value}\n  ${c}1\n`);
    }
    for (const value of implied) texts.push(`${value}: x\n`, `a: ${value}\n`, `a: [${value}, é${value}]\n`, `a: !<?> "${value}"\n`);
    for (const text of texts) expect(disagreement(text), JSON.stringify(text)).toBeUndefined();
    expect(read(patched, 'a: 12\nb: .5\nc: ~\nd: x12\n')).toEqual({ data: { a: 12, b: 0.5, c: null, d: 'x12' } });
  });

  it("offers every plain scalar to a schema whose implicit types are not all js-yaml's own", () => {
    const withCustom = (reader: Yaml) => {
      const hello = new reader.Type('!hello', { kind: 'scalar', resolve: (d: unknown) => d === 'hello', construct: () => 'greeting' });
      return reader.CORE_SCHEMA.extend({ implicit: [hello] });
    };
    const text = 'a: hello\nb: 12\nhello: c\n';
    const ours = outcomeOf(() => patched.load(text, { schema: withCustom(patched) }));
    expect(ours).toEqual(outcomeOf(() => published.load(text, { schema: withCustom(published) })));
    expect(ours).toEqual({ data: { a: 'greeting', b: 12, greeting: 'c' } });
  });

  it('refuses to build from a js-yaml whose text an edit no longer finds', async () => {
    const other = path.join(dir, 'other');
    mkdirSync(path.join(other, 'node_modules/js-yaml/dist'), { recursive: true });
    writeFileSync(path.join(other, 'node_modules/js-yaml/package.json'), '{"name": "js-yaml", "version": "9.0.0"}');
    writeFileSync(path.join(other, 'node_modules/js-yaml/dist/js-yaml.mjs'), 'export default {};\n');
    await expect(buildYaml(other, path.join(other, 'out.mjs'))).rejects.toThrow(/no longer holds[\s\S]*update contracts\/yaml-patches\.mjs/);
  });
});
