// readYaml reads manifests and waiver files with js-yaml and finds, from its node events, what the data does not say:
// the line of each key and item, keys written twice, and what the data would weigh with its aliases expanded.
import fc from 'fast-check';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { readYaml, YAML_LIMITS, type YamlLimits, YamlReadError } from '../../../contracts/load/yaml-read.js';
import { catchError } from '../catch-error.js';

function refusal(text: string, limits?: YamlLimits): YamlReadError {
  return catchError(YamlReadError, () => readYaml(text, limits));
}

describe('readYaml: data', () => {
  it('keeps date-like scalars as strings (YAML 1.2 core schema: no timestamps)', () => {
    expect(readYaml('expires: 2026-01-31\nat: 2026-01-31T10:00:00Z\nn: 12\nok: true\nnothing: ~\n').docs).toEqual([
      { expires: '2026-01-31', at: '2026-01-31T10:00:00Z', n: 12, ok: true, nothing: null },
    ]);
  });

  it('merges `<<` keys, one mapping or a list of them, with the keys written beside them winning', () => {
    const text = [
      'base: &base {owner: a, team: x}',
      'extra: &extra {slack: "#s", team: y}',
      'one:',
      '  <<: *base',
      '  owner: b',
      'two: {<<: [*base, *extra], repository: r}',
      '',
    ].join('\n');
    const [doc] = readYaml(text).docs as Record<string, unknown>[];
    expect(doc.one).toEqual({ owner: 'b', team: 'x' });
    expect(doc.two).toEqual({ owner: 'a', team: 'x', slack: '#s', repository: 'r' });
  });

  it('reads every document of a multi-document file, each with its own lines', () => {
    const text = '# leading comment\nservice: a\n---\nservice: b\nowners: [x]\n...\n---\n# empty\n';
    const { docs, lines } = readYaml(text);
    expect(docs).toEqual([{ service: 'a' }, { service: 'b', owners: ['x'] }, null]);
    expect([lines.lineOf([], 0), lines.lineOf(['service'], 0)]).toEqual([2, 2]);
    expect([lines.lineOf([], 1), lines.lineOf(['owners', 0], 1)]).toEqual([3, 5]);
    expect(lines.lineOf([], 2)).toBe(7);
  });

  it('reads a byte-order mark and CRLF line ends without moving any line', () => {
    const { docs, lines } = readYaml('\ufeffa: 1\r\nb:\r\n  - x\r\n  - y\r\n');
    expect(docs).toEqual([{ a: 1, b: ['x', 'y'] }]);
    expect([lines.lineOf(['a']), lines.lineOf(['b', 0]), lines.lineOf(['b', 1])]).toEqual([1, 3, 4]);
  });
});

describe('readYaml: lines', () => {
  it.each([
    { name: 'empty items, at their own `-`', text: 'a:\n  -\n  - x\n  - # nothing\n  - y\n', path: ['a', 3], line: 5, also: [[['a', 0], 2]] },
    { name: 'items after comments and anchors', text: 'a:\n  # first\n  - &one 1\n  # second\n  - *one\n', path: ['a', 1], line: 5, also: [[['a', 0], 3]] },
    { name: 'a flow list over several lines', text: 'a: [\n  1,\n  {b: 2,\n   c: 3}\n]\n', path: ['a', 1, 'c'], line: 4, also: [[['a', 0], 2]] },
    { name: 'a flow list of pairs', text: 'a: [x: 1, y, z: 2]\n', path: ['a', 2], line: 1, also: [] },
    { name: 'explicit keys', text: '? a\n: 1\n? b\n: - x\n  - y\n', path: ['b', 1], line: 5, also: [[['a'], 1]] },
    { name: 'a nested list written compactly', text: '- - a\n  - b\n- - c\n', path: [1, 0], line: 3, also: [[[0, 1], 2]] },
    { name: 'a list at its key’s indentation', text: 'a:\n- x\n- y\nb: 1\n', path: ['a', 1], line: 3, also: [[['b'], 4]] },
    { name: 'tagged and quoted keys', text: '"q": 1\n!!str 2: x\n\'s\': {t: 1}\n', path: ['s', 't'], line: 3, also: [[['2'], 2]] },
  ])('finds $name', ({ text, path, line, also }) => {
    const { lines } = readYaml(text);
    expect(lines.lineOf(path)).toBe(line);
    for (const [p, l] of also as [(string | number)[], number][]) expect(lines.lineOf(p)).toBe(l);
  });

  it('falls back to the nearest ancestor it knows: inside an alias, or past the data', () => {
    const { lines } = readYaml('base: &b\n  x: 1\nuse:\n  copy: *b\n');
    expect(lines.lineOf(['use', 'copy', 'x'])).toBe(4);
    expect(lines.lineOf(['use', 'missing', 'deeper'])).toBe(3);
  });

  // Dumped by js-yaml in block style, each key starts the line that reports it.
  it('puts every key of a random document on the line where it is written', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/);
    const leaf = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('tree'), { maxLength: 3 }), fc.dictionary(key, tie('tree'), { maxKeys: 4 })),
    }));
    fc.assert(
      fc.property(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 4 }), fc.integer({ min: 1, max: 4 }), (data, indent) => {
        const text = yaml.dump(data, { indent, flowLevel: -1 });
        const { docs, lines } = readYaml(text);
        expect(docs).toEqual([data]);
        const rows = text.split('\n');
        for (const path of keyPaths(data)) {
          const written = rows[lines.lineOf(path) - 1].trimStart().replace(/^(- )+/, '');
          expect(
            [`${path.at(-1)}:`, `'${path.at(-1)}':`].some((k) => written.startsWith(k)),
            `${JSON.stringify(path)} in\n${text}`,
          ).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('readYaml: duplicate keys', () => {
  it('reports every key written twice, with both lines, and keeps the last value', () => {
    const text = 'a: 1\nb:\n  c: 1\n  d: [1, {e: 1, e: 2}]\n  c: 2\na: 3\n---\nx: 1\nx: 2\n';
    const { docs, lines } = readYaml(text);
    expect(docs).toEqual([{ a: 3, b: { c: 2, d: [1, { e: 2 }] } }, { x: 2 }]);
    expect(lines.duplicates).toEqual([
      { doc: 0, path: ['b', 'd', 1, 'e'], line: 4, firstLine: 4 },
      { doc: 0, path: ['b', 'c'], line: 5, firstLine: 3 },
      { doc: 0, path: ['a'], line: 6, firstLine: 1 },
      { doc: 1, path: ['x'], line: 9, firstLine: 8 },
    ]);
  });

  it('does not count a second `<<` as a duplicate', () => {
    expect(readYaml('a: &a {x: 1}\nb: &b {y: 1}\nc:\n  <<: *a\n  <<: *b\n').lines.duplicates).toEqual([]);
  });
});

describe('readYaml: bounded while it reads', () => {
  // The classic "billion laughs": nine levels of ten aliases each, 10^9 strings once expanded, 1 KB of text.
  const names = 'abcdefghi';
  const laughs = [...names].map((name, i) => {
    const items = Array.from({ length: 10 }, () => (i === 0 ? '"lol"' : `*${names[i - 1]}`));
    return `${name}: &${name} [${items.join(',')}]`;
  });

  it('refuses a billion laughs, naming the limit', () => {
    const error = refusal(`${laughs.join('\n')}\n`);
    expect(error.limit).toBe('maxExpandedNodes');
    expect(error.message).toBe('the file expands to more than 500000 nodes once its aliases are replaced by what they name (limit maxExpandedNodes = 500000)');
    expect(error.line).toBe(6);
  });

  it('refuses merge keys that would copy a large mapping many times', () => {
    const big = `big: &big {${Array.from({ length: 2000 }, (_, i) => `k${i}: ${i}`).join(', ')}}`;
    const copies = Array.from({ length: 300 }, (_, i) => `c${i}: {<<: *big}`).join('\n');
    expect(refusal(`${big}\n${copies}\n`).limit).toBe('maxExpandedNodes');
  });

  it.each([
    { limit: 'maxAliases', text: `x: &a 1\ny: [${Array.from({ length: 11 }, () => '*a').join(', ')}]\n`, line: 2 },
    { limit: 'maxNodes', text: `x: [${Array.from({ length: 100 }, (_, i) => i).join(', ')}]\n`, line: 1 },
    // Line n holds a list n - 1 levels deep: 9 passes the limit, and the first line certainly past it is refused.
    { limit: 'maxDepth', text: `x:\n${Array.from({ length: 12 }, (_, i) => `${'  '.repeat(i + 1)}- `).join('\n')}end\n`, line: 11 },
  ] as const)('refuses $limit under a lower limit, at a line past it', ({ limit, text, line }) => {
    const error = refusal(text, { maxAliases: 10, maxNodes: 50, maxDepth: 8, maxExpandedNodes: 1000 });
    expect({ limit: error.limit, line: error.line }).toEqual({ limit, line });
    expect(error.message).toMatch(new RegExp(`\\(limit ${limit} = \\d+\\)$`));
  });

  it('refuses a flow nested 100,000 levels deep as too deep, not with a stack overflow', () => {
    expect(refusal(`x: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`).limit).toBe('maxDepth');
  });

  it('refuses a file one level too deep at its deepest line', () => {
    const text = `a:\n${Array.from({ length: 9 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} end\n`;
    expect(readYaml(text, { ...YAML_LIMITS, maxDepth: 10 }).docs).toHaveLength(1);
    expect(refusal(text, { ...YAML_LIMITS, maxDepth: 9 })).toMatchObject({ limit: 'maxDepth', line: 10 });
  });

  it('refuses an alias inside the node it names', () => {
    const error = refusal('a: 1\nb: &loop\n  c: [*loop]\n');
    expect({ message: error.message, line: error.line, limit: error.limit }).toEqual({
      message: 'not valid YAML: alias *loop is inside the node it names, which would contain itself',
      line: 3,
      limit: undefined,
    });
  });

  it('reads data that reuses a list through aliases many times within the limits', () => {
    const text = `fields: &f [${Array.from({ length: 100 }, (_, i) => `f${i}`).join(', ')}]\n${Array.from({ length: 900 }, (_, i) => `u${i}: *f`).join('\n')}\n`;
    const [doc] = readYaml(text).docs as Record<string, string[]>[];
    expect(doc.u899).toHaveLength(100);
    expect(YAML_LIMITS.maxAliases).toBe(1000);
  });

  it('reports a syntax error with its line and what is wrong', () => {
    expect(refusal('a: 1\nb: [1, 2\nc: 3\n')).toMatchObject({ message: 'not valid YAML: missed comma between flow collection entries', line: 3 });
    expect(refusal('a: *nowhere\n')).toMatchObject({ message: 'not valid YAML: unidentified alias "nowhere"', line: 1 });
  });
});

/** Every path from the top of `value` to one of its mapping keys. */
function keyPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => keyPaths(item, [...path, i]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [[...path, k], ...keyPaths(v, [...path, k])]);
}
