// `--format github`: the workflow annotations a GitHub job shows on the lines of the contract.
import { describe, expect, it } from 'vitest';
import { chooseCommand, escapeData, escapeProperty, formatGithub, renderCommand } from '../../../contracts/format/github.js';
import { aReport, buildChange } from './report-builder.js';

/** Splits `::cmd k=v,k=v::message` into its parts, undoing GitHub's escapes, as the runner does. */
function parseCommand(line: string): { command: string; properties: Record<string, string>; message: string } {
  const match = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const decodeProperty = (text: string) => text.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  const properties = Object.fromEntries(
    (match[2] ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), decodeProperty(pair.slice(pair.indexOf('=') + 1))]),
  );
  return { command: match[1], properties, message: decodeProperty(match[3]) };
}

describe('formatGithub', () => {
  it('puts a revision-side change on its own line of the revision file', () => {
    const report = aReport()
      .change({ id: 'new-required-request-parameter', side: 'revision', line: 15, message: 'new required query parameter `tenant`' })
      .build();
    const [first] = formatGithub(report).split('\n');
    expect(first).toBe(
      '::error file=revision.yaml,line=15,title=GET /users/{id}%3A new-required-request-parameter::new required query parameter `tenant` (breaking, blocking)',
    );
  });

  it.each([
    { name: 'on the line of its operation in the revision file', lines: { 'GET /users/{}': 7 } as Record<string, number>, line: '7' },
    { name: 'on the revision file without a line when the operation is gone', lines: {} as Record<string, number>, line: undefined },
  ])('puts a base-side change $name', ({ lines, line }) => {
    const report = { ...aReport().change({ side: 'base', line: 12 }).build(), operationLines: lines };
    const parsed = parseCommand(formatGithub(report).split('\n')[0]);
    expect(parsed.properties.file).toBe('revision.yaml');
    expect(parsed.properties.line).toBe(line);
    expect(parsed.message).toContain('Seen in the base: base.yaml:12');
  });

  it.each([
    { name: 'blocking', change: {}, command: 'error' },
    { name: 'breaking, blocking nobody', change: { blocking: false, consumers: [] }, command: 'warning' },
    { name: 'warning', change: { level: 'warning' as const, blocking: false }, command: 'warning' },
    { name: 'info', change: { level: 'info' as const, blocking: false }, command: 'notice' },
    { name: 'waived', change: { blocking: false, waived: { reason: 'agreed', expires: '2030-01-01' } }, command: 'notice' },
  ])('chooses $command for a $name change', ({ change, command }) => {
    expect(chooseCommand(buildChange(change))).toBe(command);
  });

  it('lists blocking changes first, then notices, then the verdict', () => {
    const report = aReport()
      .change({ level: 'info', blocking: false, message: 'added' })
      .change({ message: 'removed' })
      .notice({ code: 'waiver-expired', message: 'the waiver expired', file: './policy/waivers.yaml', line: 3 })
      .build();
    const lines = formatGithub(report).trimEnd().split('\n');
    expect(lines.map((line) => line.slice(0, line.indexOf(' ')))).toEqual(['::error', '::notice', '::warning', 'overseer:']);
    expect(lines[2]).toBe('::warning file=policy/waivers.yaml,line=3,title=waiver-expired::the waiver expired');
    expect(lines[3]).toBe('overseer: 1 breaking, 0 warnings, 1 info; 1 blocking -> blocked');
  });

  it('says who breaks and what is waived in the message', () => {
    const report = aReport()
      .consumer('billing')
      .change({ consumers: ['billing', 'checkout'], waivedFor: ['checkout'], side: 'revision' })
      .change({ operation: 'POST /orders', blocking: false, consumers: [], waived: { reason: 'agreed', expires: '2030-01-01' }, side: 'revision' })
      .build();
    const [blocked, waived] = formatGithub(report).split('\n').slice(0, 2).map(parseCommand);
    expect(blocked.message.split('\n')).toEqual([
      'api path removed without deprecation (breaking, blocking)',
      // The consumer a waiver covers is named once, as waived: not among those it breaks.
      'Breaks: billing',
      'Waived for: checkout',
    ]);
    expect(waived.message.split('\n')).toEqual(['api path removed without deprecation (breaking)', 'Waived until 2030-01-01 24:00 UTC: agreed']);
  });

  it('escapes data and properties by GitHub rules, so input cannot end or inject a command', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    const line = renderCommand('error', { file: 'api/open,api:v1.yaml', line: 3, title: 'x' }, 'evil\n::error::injected');
    expect(line).toBe('::error file=api/open%2Capi%3Av1.yaml,line=3,title=x::evil%0A::error::injected');
    expect(line.split('\n')).toHaveLength(1);
    expect(parseCommand(line).message).toBe('evil\n::error::injected');
  });

  it('escapes every change and title end to end', () => {
    const report = aReport().change({ operation: 'GET /a,b', message: 'x%y\nz', side: 'revision', line: 2 }).build();
    const line = formatGithub(report).split('\n')[0];
    expect(line).toBe('::error file=revision.yaml,line=2,title=GET /a%2Cb%3A api-path-removed-without-deprecation::x%25y%0Az (breaking, blocking)');
  });

  it('leaves out the line of a change whose line is unknown, and names the document', () => {
    const report = aReport().change({ operation: undefined, line: undefined, side: 'revision', level: 'info', blocking: false }).build();
    expect(formatGithub(report).split('\n')[0]).toBe(
      '::notice file=revision.yaml,title=Document%3A api-path-removed-without-deprecation::api path removed without deprecation (info)',
    );
  });

  it('normalises the file to a repository path', () => {
    const report = { ...aReport().change({ side: 'revision' }).build(), revision: { file: '.\\api\\openapi.yaml' } };
    expect(parseCommand(formatGithub(report).split('\n')[0]).properties.file).toBe('api/openapi.yaml');
  });

  it('prints only the verdict for an empty report', () => {
    expect(formatGithub(aReport().build())).toBe('overseer: 0 breaking, 0 warnings, 0 info; 0 blocking -> safe\n');
  });
});
