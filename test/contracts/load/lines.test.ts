// Lines of pointers in YAML when the scan passes over blocks no wanted pointer enters: what it skips must end
// exactly where the YAML says the block ends, or every line reported after it is wrong.
import { describe, expect, it } from 'vitest';
import { findLines } from '../../../contracts/load/lines.js';

const YAML = [
  'openapi: 3.0.3', // 1
  'info:', // 2
  '  title: t', // 3
  '  description: |', // 4
  '    a block scalar', // 5
  '    wanted: not a key', // 6
  '', // 7
  '  version: "1"', // 8
  'paths:', // 9
  '  /skipped:', // 10
  '    get:', // 11
  '      # a comment at a shallower column does not end the block', // 12
  '# nor does one at the left edge', // 13
  '      responses: {}', // 14
  '   ', // 15 (spaces only)
  '  /wanted:', // 16
  '    get:', // 17
  '      parameters:', // 18
  '      - name: a', // 19
  '        in: query', // 20
  '      - name: b', // 21
  '        in: query', // 22
  '      responses:', // 23
  '        "200":', // 24
  '          description: ok', // 25
  'tags:', // 26
  '- name: x', // 27
  '- name: y', // 28
  '\tdescription: a tab', // 29
].join('\n');

describe('findLines in YAML', () => {
  it('skips blocks no pointer enters, and finds what follows them on its own line', () => {
    const pointers = ['/info/version', '/paths/~1wanted/get/parameters/1/in', '/paths/~1wanted/get/responses/200/description', '/tags/1/name', '/tags/0'];
    const lines = findLines(YAML, 'yaml', pointers);
    expect(Object.fromEntries(lines)).toEqual({
      '/info/version': 8,
      '/paths/~1wanted/get/parameters/1/in': 22,
      '/paths/~1wanted/get/responses/200/description': 25,
      '/tags/1/name': 28,
      '/tags/0': 27,
    });
  });

  it('passes over a sequence written at its key column when the key is not wanted', () => {
    const text = ['a:', '- 1', '- 2', 'b:', '  c: 3', 'd: 4'].join('\n');
    expect(Object.fromEntries(findLines(text, 'yaml', ['/b/c', '/d']))).toEqual({ '/b/c': 5, '/d': 6 });
  });

  it('counts lines the same with CRLF endings', () => {
    const text = ['a:', '  x: 1', '', '  y: 2', 'b:', '  c: 3'].join('\r\n');
    expect(Object.fromEntries(findLines(text, 'yaml', ['/b/c']))).toEqual({ '/b/c': 6 });
  });

  it('gives the nearest ancestor line for a pointer past the end of a skipped last block', () => {
    const text = ['a:', '  b:', '    c: 1', 'z:', '  skipped: 1'].join('\n');
    expect(Object.fromEntries(findLines(text, 'yaml', ['/a/b/missing']))).toEqual({ '/a/b/missing': 2 });
  });
});

describe('findLines in JSON', () => {
  // Strings holding brackets, escaped quotes and trailing backslashes: a scan that ended a string early, or read
  // one of its brackets as structure, would put every line after it in the wrong place.
  const JSON_TEXT = [
    '{', // 1
    '  "skipped": {', // 2
    '    "a": "} ] { [ \\" still inside",', // 3
    '    "b\\"q": ["\\\\", "x\\\\\\"y"]', // 4
    '  },', // 5
    '  "wanted": {', // 6
    '    "k\\"ey": "v \\\\",', // 7
    '    "list": [', // 8
    '      "[{",', // 9
    '      {"in": "}"},', // 10
    '      3', // 11
    '    ],', // 12
    '    "a/b": true', // 13
    '  }', // 14
    '}', // 15
  ].join('\n');

  it('reads keys with escapes, passes over strings holding brackets, and counts items', () => {
    expect(JSON.parse(JSON_TEXT).wanted['k"ey']).toBe('v \\');
    const pointers = ['/wanted/k"ey', '/wanted/list/1/in', '/wanted/list/2', '/wanted/a~1b', '/skipped/b"q/1'];
    expect(Object.fromEntries(findLines(JSON_TEXT, 'json', pointers))).toEqual({
      '/wanted/k"ey': 7,
      '/wanted/list/1/in': 10,
      '/wanted/list/2': 11,
      '/wanted/a~1b': 13,
      '/skipped/b"q/1': 4,
    });
  });

  it('passes over a branch no pointer enters, whatever its strings hold, and counts the lines inside it', () => {
    // The skip jumps from bracket to bracket with strings taken whole: a bracket, an escaped quote or a trailing
    // backslash inside a string read as structure would end the branch early (or late) and move every line after it.
    const text = [
      '{', // 1
      '  "passed": {', // 2
      '    "a": "} ] ",', // 3
      '    "b": ["\\\\", "\\\\\\"]", {"c": "{{"}],', // 4
      '    "d": {"e": [[], {}, "x\\\\"]}', // 5
      '  },', // 6
      '  "list": [', // 7
      '    {"skip": ["]"]},', // 8
      '    {"want": 1}', // 9
      '  ],', // 10
      '  "after": 2', // 11
      '}', // 12
    ].join('\n');
    expect(JSON.parse(text).passed.b[1]).toBe('\\"]');
    expect(Object.fromEntries(findLines(text, 'json', ['/after', '/list/1/want']))).toEqual({ '/after': 11, '/list/1/want': 9 });
  });
});
