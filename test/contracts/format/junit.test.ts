// `--format junit`: XML that CI test reporters read, a test case per change, the blocking ones failed.
import { describe, expect, it } from 'vitest';
import { escapeXml, formatJunit } from '../../../contracts/format/junit.js';
import { aReport } from './report-builder.js';
import { findAll, parseXml } from './xml-check.js';

describe('parseXml (the test helper) is strict', () => {
  it.each([
    ['<a><b></a></b>', 'mismatched'],
    ['<a x=1/>', 'quoted'],
    ['<a x="1" x="2"/>', 'repeated'],
    ['<a>1 < 2</a>', 'expected a name'],
    ['<a>R&D</a>', 'raw'],
    ['<a>&nbsp;</a>', 'raw'],
    ['<a/><b/>', 'after the root'],
    ['<a>\u0001</a>', 'forbids'],
  ])('rejects %s', (xml, why) => {
    expect(() => parseXml(xml)).toThrow(why);
  });
});

describe('formatJunit', () => {
  const report = aReport()
    .consumer('billing')
    .change({ consumers: ['billing'], message: 'users removed' })
    .change({ level: 'warning', blocking: false, consumers: [], location: '/paths/~1users~1{id}/get/responses/200', message: 'field removed' })
    .change({ operation: 'POST /orders', blocking: false, consumers: [], waived: { reason: 'agreed', expires: '2030-01-01' } })
    .change({
      operation: undefined,
      id: 'api-security-removed',
      level: 'info',
      blocking: false,
      consumers: [],
      location: '/security',
      side: 'revision',
      line: undefined,
    })
    .notice({ code: 'waiver-expired', message: 'the waiver expired', file: 'waivers.yaml', line: 3 })
    .build();

  it('writes one testsuite per operation and one testcase per change, with counts that add up', () => {
    const root = parseXml(formatJunit(report));
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ tests: '5', failures: '1', errors: '0', skipped: '1' });
    const suites = findAll(root, 'testsuite');
    expect(suites.map((s) => [s.attributes.name, s.attributes.tests, s.attributes.failures, s.attributes.skipped])).toEqual([
      ['Document', '1', '0', '0'],
      ['POST /orders', '1', '0', '1'],
      ['GET /users/{id}', '2', '1', '0'],
      ['Notices', '1', '0', '0'],
    ]);
    for (const suite of suites) expect(findAll(suite, 'testcase')).toHaveLength(Number(suite.attributes.tests));
  });

  it('fails blocking changes with their details, skips waived ones, passes the rest', () => {
    const root = parseXml(formatJunit(report));
    const [failure] = findAll(root, 'failure');
    expect(failure.attributes).toEqual({ message: 'users removed', type: 'breaking' });
    expect(failure.text).toBe('breaking: users removed\nrule: api-path-removed-without-deprecation\nwhere: base.yaml:12\nbreaks: billing');
    expect(findAll(root, 'skipped').map((s) => s.attributes.message)).toEqual(['waived until 2030-01-01 24:00 UTC: agreed']);
    const users = findAll(root, 'testcase').filter((c) => c.attributes.classname === 'GET /users/{id}');
    expect(users.map((c) => c.attributes.name)).toEqual([
      'api-path-removed-without-deprecation at /paths/~1users~1{id}/get',
      'api-path-removed-without-deprecation at /paths/~1users~1{id}/get/responses/200',
    ]);
    expect(users[0].attributes).toMatchObject({ file: 'base.yaml', line: '12' });
  });

  it('escapes whatever the contract says, in attributes and text', () => {
    const nasty = 'a <b> & "c" \'d\'\nline\u0007bell';
    const root = parseXml(formatJunit(aReport().change({ operation: 'GET /x"<&', message: nasty }).build()));
    const [suite] = findAll(root, 'testsuite');
    expect(suite.attributes.name).toBe('GET /x"<&');
    const [failure] = findAll(root, 'failure');
    expect(failure.attributes.message).toBe('a <b> & "c" \'d\'\nline\ufffdbell');
    expect(failure.text.startsWith('breaking: a <b> & "c"')).toBe(true);
  });

  it('escapes lone surrogates and keeps real pairs', () => {
    expect(escapeXml('x\ud800y\u{1F600}')).toBe('x\ufffdy\u{1F600}');
  });

  it('says there were no changes rather than writing no tests', () => {
    const root = parseXml(formatJunit(aReport().build()));
    expect(root.attributes).toMatchObject({ tests: '1', failures: '0' });
    expect(findAll(root, 'testcase').map((c) => c.attributes.name)).toEqual(['no changes']);
  });
});
