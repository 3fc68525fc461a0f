// Severity files: reading them, with their mistakes, and the levels they give to changes.
import { describe, expect, it } from 'vitest';
import type { ContractDiff } from '../../../contracts/diff.js';
import type { Change } from '../../../contracts/model.js';
import { applySeverity, applySeverityToDiff, findUnknownRules, PolicyError, parseSeverityLevels } from '../../../contracts/policy/apply.js';
import type { SchemaFinding } from '../../../contracts/rules/types.js';
import { catchError } from '../catch-error.js';

function aChange(id: string, level: Change['level'] = 'breaking'): Change {
  return { id, level, operation: 'GET /users/{id}', location: '/paths/~1users~1{id}/get', side: 'base', message: id, target: { kind: 'operation' } };
}

describe('parseSeverityLevels', () => {
  it('reads oasdiff levels and ours, case-insensitive, with comments and blank lines', () => {
    const text = [
      '# team policy',
      'api-path-removed-without-deprecation ERR',
      '',
      'response-optional-property-removed   warn   # readers are told',
      'endpoint-added info',
      'request-parameter-removed breaking',
      'api-security-removed NONE',
      '\tnew-optional-request-parameter\tWarning',
    ].join('\r\n');
    const levels = parseSeverityLevels(`\uFEFF${text}`, 'severity.txt');
    expect([...levels.values()].map((e) => [e.rule, e.level, e.line])).toEqual([
      ['api-path-removed-without-deprecation', 'breaking', 2],
      ['response-optional-property-removed', 'warning', 4],
      ['endpoint-added', 'info', 5],
      ['request-parameter-removed', 'breaking', 6],
      ['api-security-removed', 'none', 7],
      ['new-optional-request-parameter', 'warning', 8],
    ]);
    expect(levels.get('endpoint-added')?.file).toBe('severity.txt');
  });

  it('reads an empty file as no levels', () => {
    expect(parseSeverityLevels('\n# nothing\n', 'severity.txt').size).toBe(0);
  });

  it.each([
    { line: 'api-path-removed-without-deprecation', message: 'severity.txt:1: expected "rule-id level", got 1 words' },
    { line: 'api-path-removed ERR extra', message: 'severity.txt:1: expected "rule-id level", got 3 words' },
    { line: 'api-path-removed FATAL', message: 'severity.txt:1: "FATAL" is not a level: use ERR, WARN, INFO or NONE (or breaking, warning, info, none)' },
    { line: 'Api_Path ERR', message: 'severity.txt:1: "Api_Path" is not a rule id' },
    { line: 'api-path-removed ERR#comment', message: 'is not a level' },
  ])('names file and line of a bad line: $line', ({ line, message }) => {
    const error = catchError(PolicyError, () => parseSeverityLevels(line, 'severity.txt'));
    expect(error).toBeInstanceOf(PolicyError);
    expect(error.code).toBe('ERR_SEVERITY_INVALID');
    expect(error.message).toContain(message);
  });

  it('reports every bad line at once, and a rule set twice', () => {
    const error = catchError(PolicyError, () => parseSeverityLevels('a-b ERR\nbad\nc-d WARN\na-b INFO\n', 'levels.txt'));
    expect(error.problems.map((p) => p.line)).toEqual([2, 4]);
    expect(error.message).toBe('levels.txt:2: expected "rule-id level", got 1 words\nlevels.txt:4: rule "a-b" is already set on line 1');
    expect([error.file, error.line]).toEqual(['levels.txt', 2]);
  });
});

describe('applySeverity', () => {
  const levels = parseSeverityLevels('endpoint-added ERR\napi-security-removed NONE\nrequest-parameter-removed warn\n', 's.txt');

  it('sets levels, drops rules set to NONE, leaves the rest and the input alone', () => {
    const changes = [
      aChange('endpoint-added', 'info'),
      aChange('api-security-removed', 'info'),
      aChange('request-parameter-removed', 'warning'),
      aChange('other-rule'),
    ];
    const before = structuredClone(changes);
    const out = applySeverity(changes, levels);
    expect(out.map((c) => [c.id, c.level])).toEqual([
      ['endpoint-added', 'breaking'],
      ['request-parameter-removed', 'warning'],
      ['other-rule', 'breaking'],
    ]);
    expect(changes).toEqual(before);
    expect(out[1]).toBe(changes[2]);
  });

  it("keeps a diff's schema-finding index pointing at the new changes, without dropped ones", () => {
    const kept = aChange('endpoint-added', 'info');
    const dropped = aChange('api-security-removed', 'info');
    const findingA = { id: 'a' } as SchemaFinding;
    const findingB = { id: 'b' } as SchemaFinding;
    const diff: ContractDiff = {
      changes: [kept, dropped],
      operations: new Map(),
      serverPaths: { document: [], byOperation: new Map() },
      changeOf: new Map([
        [findingA, kept],
        [findingB, dropped],
      ]),
    };
    const out = applySeverityToDiff(diff, levels);
    expect(out.changes.map((c) => c.level)).toEqual(['breaking']);
    expect(out.changeOf.get(findingA)).toBe(out.changes[0]);
    expect(out.changeOf.has(findingB)).toBe(false);
    expect(applySeverityToDiff(diff, new Map())).toBe(diff);
  });
});

describe('findUnknownRules', () => {
  it('notices lines naming rules the engine does not check, with file and line', () => {
    const levels = parseSeverityLevels('endpoint-added ERR\nsome-oasdiff-only-rule WARN\n', 'severity.txt');
    expect(findUnknownRules(levels, (id) => id === 'endpoint-added')).toEqual([
      {
        code: 'severity-rule-unknown',
        message: '"some-oasdiff-only-rule" is not a rule overseer checks: this line has no effect',
        file: 'severity.txt',
        line: 2,
      },
    ]);
  });
});
