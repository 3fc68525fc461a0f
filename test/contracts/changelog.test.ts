// The changelog of two contracts, grouped by operation, as `overseer changelog` prints it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../../cli/main.js';
import { buildChangelog } from '../../contracts/changelog.js';
import { formatChangelog } from '../../contracts/format/changelog.js';
import type { Change } from '../../contracts/model.js';
import type { OperationReach } from '../../contracts/reach.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/policy');

function aChange(id: string, level: Change['level'], operation: string | undefined, message = id): Change {
  return { id, level, ...(operation ? { operation } : {}), location: `/x/${id}`, side: 'revision', message, target: { kind: 'operation' } };
}

function anOperation(key: string, flags: { added?: boolean; removed?: boolean } = {}): [string, OperationReach] {
  return [key, { key, label: key, roots: [], operationIds: {}, ...flags }];
}

const diff = {
  changes: [
    aChange('endpoint-added', 'info', 'POST /users', 'POST /users was added'),
    aChange('api-path-removed-with-deprecation', 'info', 'GET /legacy', 'GET /legacy was removed after its deprecation'),
    aChange('api-path-removed-without-deprecation', 'breaking', 'GET /orders', 'GET /orders was removed'),
    aChange('new-optional-request-parameter', 'info', 'GET /users/{userId}', 'new optional parameter `limit`'),
    aChange('new-required-request-parameter', 'breaking', 'GET /users/{userId}', 'new required parameter `tenant`'),
    aChange('response-optional-property-removed', 'warning', 'GET /accounts', 'nickname removed'),
    aChange('api-security-removed', 'info', undefined, 'security removed'),
  ],
  operations: new Map([
    anOperation('POST /users', { added: true }),
    anOperation('GET /legacy', { removed: true }),
    anOperation('GET /orders', { removed: true }),
    anOperation('GET /users/{}'),
    anOperation('GET /accounts'),
  ]),
};

const changelog = buildChangelog({ diff, base: { file: 'v1.yaml', version: '1.0.0' }, revision: { file: 'v2.yaml', version: '1.1.0' }, title: 'Users' });

describe('buildChangelog', () => {
  it('groups by operation into added, removed and changed, breaking first', () => {
    const names = (entries: typeof changelog.added) => entries.map((e) => e.operation ?? 'Document');
    expect(names(changelog.added)).toEqual(['POST /users']);
    expect(names(changelog.removed)).toEqual(['GET /orders', 'GET /legacy']);
    expect(names(changelog.changed)).toEqual(['GET /users/{userId}', 'GET /accounts', 'Document']);
    expect(changelog.changed[0].changes.map((c) => c.id)).toEqual(['new-required-request-parameter', 'new-optional-request-parameter']);
    expect(changelog.counts).toEqual({ breaking: 2, warning: 1, info: 4 });
  });
});

describe('formatChangelog', () => {
  it('text', () => {
    expect(formatChangelog(changelog, 'text')).toBe(
      [
        'Users: 1.0.0 -> 1.1.0',
        '2 breaking, 1 warning, 4 info',
        '',
        'Added',
        '  POST /users',
        '    INFO      POST /users was added',
        '',
        'Removed',
        '  GET /orders',
        '    BREAKING  GET /orders was removed',
        '  GET /legacy',
        '    INFO      GET /legacy was removed after its deprecation',
        '',
        'Changed',
        '  GET /users/{userId}',
        '    BREAKING  new required parameter `tenant`',
        '    INFO      new optional parameter `limit`',
        '  GET /accounts',
        '    WARNING   nickname removed',
        '  Document',
        '    INFO      security removed',
        '',
      ].join('\n'),
    );
  });

  it('markdown, with the bump the changes need, escaping what the contract says', () => {
    const withBump = { ...changelog, versionBump: { base: '1.0.0', revision: '1.1.0', given: 'minor', needed: 'major' } as const };
    const output = formatChangelog(withBump, 'markdown');
    expect(
      output.startsWith(
        '## Users: 1.0.0 -> 1.1.0\n\n2 breaking, 1 warning, 4 info.\n\nThese changes need a major version bump (given: minor).\n\n### Added\n\n- `POST /users`\n\n',
      ),
    ).toBe(true);
    expect(output).toContain('- `GET /users/{userId}`\n  - :red_circle: **Breaking:** new required parameter `tenant`\n  - new optional parameter `limit`\n');
    const nasty = buildChangelog({
      diff: { changes: [aChange('x-y', 'warning', 'GET /a', 'a|b<c>')], operations: new Map() },
      base: { file: 'a' },
      revision: { file: 'b' },
    });
    expect(formatChangelog(nasty, 'markdown')).toContain('  - :warning: **Warning:** a\\|b&lt;c>');
  });

  it('json', () => {
    const json = JSON.parse(formatChangelog(changelog, 'json'));
    expect(json.added).toEqual([
      { operation: 'POST /users', changes: [{ id: 'endpoint-added', level: 'info', location: '/x/endpoint-added', message: 'POST /users was added' }] },
    ]);
    expect(json.changed.at(-1)).toEqual({
      changes: [{ id: 'api-security-removed', level: 'info', location: '/x/api-security-removed', message: 'security removed' }],
    });
    expect(json.counts).toEqual({ breaking: 2, warning: 1, info: 4 });
  });

  it('says "No changes." when there are none', () => {
    const empty = buildChangelog({ diff: { changes: [], operations: new Map() }, base: { file: 'a.yaml' }, revision: { file: 'b.yaml' } });
    expect(formatChangelog(empty, 'text')).toBe('b.yaml: a.yaml -> b.yaml\n0 breaking, 0 warnings, 0 info\n\nNo changes.\n');
  });
});

describe('overseer changelog', () => {
  async function runCli(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t), env: {}, cwd: FIXTURES, isTTY: false };
    return { code: await run(argv, io), stdout, stderr };
  }

  it('prints the changelog of two files and exits 0 even with breaking changes', async () => {
    const { code, stdout } = await runCli('changelog', 'base.yaml', 'revision.yaml', '--format', 'markdown');
    expect(code).toBe(0);
    expect(stdout.startsWith('## Users: 1.2.0 -> 1.2.1\n')).toBe(true);
    expect(stdout).toContain('These changes need a major version bump (given: patch).');
    expect(stdout).toMatch(/### Added\n\n- `POST \/users`\n\n### Removed\n\n- `GET \/orders`\n/);
    expect(stdout).toContain('- `GET /users/{userId}`\n  - :red_circle: **Breaking:** new required query parameter `tenant`');
  });

  it.each([
    { argv: ['changelog', 'base.yaml'], message: 'changelog needs two contracts: BASE and REVISION' },
    { argv: ['changelog', 'base.yaml', 'revision.yaml', '--format', 'sarif'], message: '--format must be one of text, markdown, json' },
    { argv: ['changelog', 'base.yaml', 'missing.yaml'], message: 'missing.yaml: no such file' },
  ])('exits 2: $message', async ({ argv, message }) => {
    const { code, stderr } = await runCli(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
