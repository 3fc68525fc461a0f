// The diff command with contracts and consumer manifests on disk, as a user would run it: through the CLI's run() in the
// test's process (test/e2e/in-process.ts: the words and exit code bin.ts prints, without a node start and an engine load
// per command), and through the built binary (`npm test` builds first) where only a process shows it: a report larger
// than a pipe holds.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(root, 'test/fixtures');

const overseer = (args: string[], cwd = path.join(fixtures, 'consumers')) => runCliHere(args, { cwd, env: { NO_COLOR: '1' } });
/** `overseer diff` of the users-service pair in test/fixtures/consumers, with `more` options. */
const diffUsers = (...more: string[]) => overseer(['diff', 'users.base.yaml', 'users.rev.yaml', ...more]);

function overseerProcess(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [path.join(root, 'dist/cli/bin.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonChange {
  id: string;
  level: string;
  operation?: string;
  location: string;
  line?: number;
  message: string;
  consumers?: string[];
}

describe('overseer diff with consumers', () => {
  it('names exactly the consumers each change breaks, and blocks because one is broken', async () => {
    const r = await diffUsers('--service', 'users-service', '--consumers', 'consumers/*.yaml', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { changes: JsonChange[]; summary: Record<string, number> };
    const byId = (id: string) => out.changes.filter((c) => c.id === id);
    const [nickname] = byId('response-optional-property-removed');
    expect(nickname.level).toBe('warning');
    expect(nickname.consumers).toEqual(['checkout-web']);
    expect(nickname.location).toBe('/components/schemas/User/properties/nickname');
    expect(nickname.line).toBe(80);
    const [tenant] = byId('new-required-request-parameter');
    expect(tenant.operation).toBe('GET /users');
    expect(tenant.consumers).toEqual(['billing-worker']);
    const [removed] = byId('api-removed-without-deprecation');
    expect(removed.operation).toBe('DELETE /users/{id}');
    expect(removed.consumers).toEqual([]);
    for (const c of out.changes) expect(Array.isArray(c.consumers)).toBe(true);
    expect(out.summary.blocking).toBe(2);
  });

  it('does not block on a breaking change that no consumer uses', async () => {
    const r = await diffUsers('--service', 'users-service', '--consumers', 'only-audit/*.yaml', '--format', 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.summary.breaking).toBeGreaterThan(0);
    expect(out.summary.blocking).toBe(0);
  });

  it('refuses a --service that no manifest consumes when one consumes a name a typo away (a yes from a typo)', async () => {
    const r = await diffUsers('--service', 'user-service', '--consumers', 'consumers/*.yaml');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no consumer manifest consumes "user-service" (--service): did you mean --service users-service?');
  });

  it('says so in the report when no manifest given consumes the provider at all', async () => {
    const r = await diffUsers('--service', 'payments-api', '--consumers', 'consumers/*.yaml', '--format', 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { notices: { code: string; message: string }[]; summary: { blocking: number } };
    expect(out.summary.blocking).toBe(0);
    expect(out.notices).toContainEqual({
      code: 'provider-not-consumed',
      message: 'none of the 3 consumer manifests given consumes "payments-api" (--service): no change can break them',
    });
  });

  it('accepts a glob the shell already expanded', async () => {
    const r = await diffUsers('--service', 'users-service', '--consumers', 'consumers/audit-service.yaml', 'consumers/checkout-web.yaml', '--format', 'json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { changes: JsonChange[] };
    expect(out.changes.find((c) => c.id === 'new-required-request-parameter')?.consumers).toEqual([]);
  });

  it('shows who to talk to in the text output', async () => {
    const r = await diffUsers('--service', 'users-service', '--consumers', 'consumers/*.yaml');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('checkout-web');
    expect(r.stdout).toContain('@acme/checkout');
    expect(r.stdout).toContain('@acme/billing');
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('blocks on breaking changes when no consumers are given', async () => {
    const r = await diffUsers('--format', 'json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { changes: JsonChange[] };
    expect(out.changes.every((c) => !('consumers' in c))).toBe(true);
    expect((await diffUsers('--fail-on', 'never')).code).toBe(0);
    expect((await overseer(['diff', 'users.base.yaml', 'users.base.yaml'])).code).toBe(0);
  });

  it('exits 2 with one clear line for bad input, never a stack trace', async () => {
    const cases = [
      ['diff', 'users.base.yaml'],
      ['diff', 'users.base.yaml', 'missing.yaml'],
      ['diff', '../load/not-yaml.yaml', 'users.rev.yaml'],
      ['diff', '../load/remote-ref.yaml', 'users.rev.yaml'],
      ['diff', '../load/alias-bomb.yaml', 'users.rev.yaml'],
      ['diff', 'users.base.yaml', 'users.rev.yaml', '--format', 'yaml'],
      ['diff', 'users.base.yaml', 'users.rev.yaml', '--consumers', 'consumers/*.yaml'],
      ['diff', 'users.base.yaml', 'users.rev.yaml', '--service', 'users-service', '--consumers', 'nothing/*.yaml'],
    ];
    for (const args of cases) {
      const r = await overseer(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^error ERR_[A-Z_]+: /);
      expect(r.stderr, args.join(' ')).not.toMatch(/\n\s+at /);
    }
  });

  it('blocks a consumer taking the API whole when a deprecated operation it may call is removed, as can-i-deploy refuses it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'overseer-deprecated-removal-'));
    try {
      const contract = (deprecatedDelete: boolean) => {
        const item: Record<string, object> = { get: { operationId: 'getUser', responses: { '200': { description: 'the user' } } } };
        if (deprecatedDelete) item.delete = { operationId: 'deleteUser', deprecated: true, responses: { '204': { description: 'deleted' } } };
        return JSON.stringify({
          openapi: '3.0.3',
          info: { title: 'users', version: '1.0.0' },
          paths: { '/users/{id}': { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], ...item } },
        });
      };
      writeFileSync(path.join(dir, 'base.json'), contract(true));
      writeFileSync(path.join(dir, 'rev.json'), contract(false));
      writeFileSync(path.join(dir, 'catalog.yaml'), 'service: catalog-app\nconsumes:\n  users-service: "*"\n');
      writeFileSync(path.join(dir, 'mailer.yaml'), 'service: mailer\nconsumes:\n  users-service: [getUser]\n');
      const r = await overseer(
        ['diff', 'base.json', 'rev.json', '--service', 'users-service', '--consumers', 'catalog.yaml', 'mailer.yaml', '--format', 'json'],
        dir,
      );
      expect(r.code).toBe(1);
      const out = JSON.parse(r.stdout) as { changes: JsonChange[]; summary: Record<string, number> };
      expect(out.summary.blocking).toBe(1);
      expect(out.changes.filter((c) => c.consumers?.length).map((c) => [c.id, c.consumers])).toEqual([['api-removed-with-deprecation', ['catalog-app']]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('overseer diff output', () => {
  it('writes a report far larger than a pipe holds whole before it exits (the CLI exits without freeing its heap)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'overseer-large-report-'));
    try {
      // 2,000 paths removed: a JSON report of some 700 KB, ten times what a pipe buffers (and under spawnSync's 1 MB).
      const paths = Object.fromEntries(
        Array.from({ length: 2000 }, (_, i) => [`/items-${i}/{id}`, { get: { responses: { '200': { description: 'one item' } } } }]),
      );
      const contract = (p: object) => JSON.stringify({ openapi: '3.0.3', info: { title: 'items', version: '1.0.0' }, paths: p });
      writeFileSync(path.join(dir, 'base.json'), contract(paths));
      writeFileSync(path.join(dir, 'rev.json'), contract({}));
      const r = overseerProcess(['diff', 'base.json', 'rev.json', '--format', 'json'], dir);
      expect(r.code).toBe(1);
      expect(r.stdout.length).toBeGreaterThan(640 * 1024);
      const out = JSON.parse(r.stdout) as { changes: JsonChange[] };
      expect(out.changes.filter((c) => c.id === 'api-path-removed-without-deprecation')).toHaveLength(2000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
