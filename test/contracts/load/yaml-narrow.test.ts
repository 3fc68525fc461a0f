// Reading YAML from its one-byte copy must give exactly what js-yaml gives from the text as written: the same data,
// keys in the same order, or the same error; checked on every YAML file here, on written cases, and on mutations.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseContract } from '../../../contracts/load/load.js';
import { loadYaml, narrowText } from '../../../contracts/load/yaml-narrow.js';
import { yamlSchema } from '../../../contracts/load/yaml-schema.js';
import { outcomeOf, readAlike, yamlFilesToCompare } from '../../helpers/yaml-compare.js';

/** Whether loadYaml answers as js-yaml does on the text as written. */
function agrees(text: string): boolean {
  return readAlike(
    outcomeOf(() => loadYaml(text, 'a.yaml', yamlSchema())),
    outcomeOf(() => yaml.load(text, { filename: 'a.yaml', schema: yamlSchema() })),
  );
}

const fixtures = path.resolve(__dirname, '../../fixtures');

describe('narrowText', () => {
  it('keeps every offset and line, and leaves a text with nothing above U+00FF alone', () => {
    const text = 'a: “b” ’ 😀\nc: é\n';
    const narrow = narrowText(text);
    expect(narrow?.text.length).toBe(text.length);
    expect(narrow?.text.split('\n').length).toBe(text.split('\n').length);
    expect(narrow?.text).not.toMatch(/[^\x00-\xff]/);
    expect(narrowText('a: é à\n')).toBeUndefined();
  });

  it('gives up on a character js-yaml refuses, and on more distinct wide characters than stand-ins', () => {
    expect(narrowText('a: ’\nb: \ud800x\n')).toBeUndefined();
    expect(narrowText('a: ’\ufffe\n')).toBeUndefined();
    const many = Array.from({ length: 70 }, (_, i) => `k${i}: ${String.fromCharCode(0x400 + i)}`).join('\n');
    expect(narrowText(many)).toBeUndefined();
    expect(agrees(many)).toBe(true);
  });
});

describe('loadYaml against js-yaml', () => {
  // Every file parsed by both readers, the real corpus's large ones among them: 84 s at load 24 (over the default 60).
  it('reads every YAML file of the fixtures and the corpus as js-yaml does', { timeout: 300_000 }, () => {
    const files = yamlFilesToCompare();
    const texts = files.map((file) => [file, readFileSync(file, 'utf8').replace(/^\ufeff/, '')] as const);
    expect(texts.filter(([, text]) => !agrees(text)).map(([file]) => file)).toEqual([]);
    // Not a test of nothing: some of them hold characters above U+00FF and are read from their copy.
    expect(texts.filter(([, text]) => narrowText(text) !== undefined).length).toBeGreaterThan(0);
  });

  it.each([
    ['keys, plain, quoted and block scalars', 'naïve’s: “x”\n\'q’\': "d’"\nb: |\n  line ’\n  two “\nm: plain ’ over\n  two lines “\n'],
    ['flow collections', 'a: [x’, {k’: v“}, "’"]\n'],
    ['an anchored string used by an alias, as a value and as a key', 'a: &n ’x\nb: *n\nc:\n  *n : 1\n'],
    ['merge keys', 'base: &b\n  k’: v“\nd:\n  <<: *b\n  e: ’\n'],
    ['surrogate pairs', 'emoji 😀: "😀 and 🚀"\nlist: [🚀]\n'],
    ['stand-in characters written in the text', 'À: ÿ ’\nÁ: “Â”\n'],
    ['escapes that write characters of the stand-ins’ range', 'a: "\\xC0\\u00c1\\U000000C2 ’"\nb: ’\n'],
    ['a duplicate key with a wide character', 'k’: 1\nk’: 2\n'],
    ['a syntax error after a wide character', 'a: ’\nb: [\n'],
    ['a lone surrogate', 'a: ’ \ud800\n'],
    ['a tag and an anchor with wide characters', 'a: !’ x\nb: &’ y\nc: *’\n'],
  ])('%s', (_name, text) => {
    expect(agrees(text)).toBe(true);
  });

  it('reads each of 600 texts with a wide character put somewhere as js-yaml does', () => {
    const base = readFileSync(path.join(fixtures, 'load/petstore.yaml'), 'utf8');
    const wide = ['’', '“', '😀', 'Ω', '\u2028'];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const failing: string[] = [];
    for (let i = 0; i < 600; i++) {
      const at = random(base.length);
      const char = wide[random(wide.length)];
      const text = random(2) === 0 ? base.slice(0, at) + char + base.slice(at) : base.slice(0, at) + char + base.slice(at + 1);
      if (!agrees(text)) failing.push(JSON.stringify(text.slice(Math.max(0, at - 20), at + 20)));
    }
    expect(failing).toEqual([]);
  });
});

describe('parseContract with characters above U+00FF', () => {
  it('keeps them in keys and values, and finds their lines', async () => {
    const text = [
      'openapi: 3.0.3',
      'info: {title: “T”, version: "1"}',
      'paths:',
      '  /caf’:',
      '    get:',
      '      description: it’s “quoted” 😀',
      '      responses:',
      "        '200': {description: ok}",
      '',
    ].join('\n');
    const contract = await parseContract(Buffer.from(text), 'api.yaml');
    expect(contract.doc.info.title).toBe('“T”');
    expect(contract.doc.paths['/caf’'].get.description).toBe('it’s “quoted” 😀');
    expect(contract.locate('/paths/~1caf’/get/description').line).toBe(6);
  });
});
