// A warning blocks no one, but one that reaches what a consumer uses must name it: the owner reading the report has to
// know whom to tell. Here the OAuth flow drops a scope (a warning: the authorization server may refuse a token asked
// with it) of the scheme GET /orders requires; web calls GET /orders, probe only GET /health.

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

const contract = (scopes: string) => `openapi: 3.0.3
info: {title: orders, version: 1.0.0}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://auth.example.com/token
          scopes: {${scopes}}
paths:
  /orders:
    get:
      security: [{oauth: [read]}]
      responses:
        '200': {description: ok}
  /health:
    get:
      responses:
        '200': {description: ok}
`;
const manifest = (service: string, owner: string, operation: string) =>
  `service: ${service}\nowners: ['${owner}']\nconsumes:\n  orders:\n    - operation: ${operation}\n`;

let dir = '';
const diff = (...args: string[]) =>
  runCliHere([
    'diff',
    join(dir, 'base.yaml'),
    join(dir, 'revision.yaml'),
    '--service',
    'orders',
    '--consumers',
    join(dir, 'web.yaml'),
    '--consumers',
    join(dir, 'probe.yaml'),
    ...args,
  ]);
const SCOPE_REMOVED = 'security scheme oauth (clientCredentials): scope write was removed';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-warned-'));
  await writeFile(join(dir, 'base.yaml'), contract('read: read orders, write: write orders'));
  await writeFile(join(dir, 'revision.yaml'), contract('read: read orders'));
  await writeFile(join(dir, 'web.yaml'), manifest('web', '@acme/web', 'GET /orders'));
  await writeFile(join(dir, 'probe.yaml'), manifest('probe', '@acme/ops', 'GET /health'));
});

describe('overseer diff --consumers with a warning that reaches a used operation', () => {
  it('--format text names the consumer under the warnings to pass on, and blocks nothing', async () => {
    const r = await diff();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      'Warnings to pass on, by consumer (not blocking)\n  web  owners: @acme/web\n' +
        `    GET /orders: ${SCOPE_REMOVED}: a client that asks for it when getting a token may be refused (invalid_scope, RFC 6749 5.2) or get a token without it (api-security-component-oauth-scope-removed)\n`,
    );
    // With the operation it uses, as the dashboard's diff, JUnit and SARIF name it.
    expect(r.stdout).toContain('(used by web (GET /orders): a warning, not blocking)');
    expect(r.stdout).not.toContain('probe');
    expect(r.stdout).toMatch(/0 blocking -> safe\n$/);
  });

  it('--format json carries warnedConsumers beside an empty consumers list', async () => {
    const r = await diff('--format', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { changes: Record<string, unknown>[]; summary: { blocking: number } };
    const change = report.changes.find((c) => c.id === 'api-security-component-oauth-scope-removed');
    expect(change).toMatchObject({ level: 'warning', consumers: [], warnedConsumers: { web: ['GET /orders'] } });
    expect(report.summary.blocking).toBe(0);
  });

  it('--format markdown has a table of the consumers to warn', async () => {
    const r = await diff('--format', 'markdown');
    expect(r.stdout).toContain('**Warnings to pass on, by consumer** (not blocking)');
    expect(r.stdout).toContain(`| web | @acme/web | GET /orders | ${SCOPE_REMOVED}:`);
    expect(r.stdout).toContain('(used by web (GET /orders): a warning, not blocking) | — |');
    expect(r.stdout).toContain('### :white_check_mark: No blocking changes');
  });

  it('--format github says in the warning annotation who uses it', async () => {
    const r = await diff('--format', 'github');
    expect(r.stdout).toMatch(
      /^::warning [^\n]*title=GET \/orders%3A api-security-component-oauth-scope-removed::[^\n]*%0AUsed by \(a warning, not blocking\): web \(GET \/orders\)/m,
    );
  });

  it('--format sarif says it in the result message and its properties', async () => {
    const r = await diff('--format', 'sarif');
    const results = (JSON.parse(r.stdout) as { runs: { results: { ruleId: string; message: { text: string }; properties: Record<string, unknown> }[] }[] })
      .runs[0]!.results;
    const result = results.find((x) => x.ruleId === 'api-security-component-oauth-scope-removed');
    expect(result?.message.text).toMatch(/ Used by \(a warning, not blocking\): web \(GET \/orders\)\.$/);
    expect(result?.properties).toMatchObject({ blocking: false, consumers: [], warnedConsumers: { web: ['GET /orders'] } });
  });

  it('--format junit passes the warning and says in its details who uses it', async () => {
    const r = await diff('--format', 'junit');
    expect(r.code, r.stderr).toBe(0);
    const testcase = /<testcase name="api-security-component-oauth-scope-removed at [^"]*"[^>]*>\n\s*<system-out>([^<]*)<\/system-out>/.exec(r.stdout);
    expect(testcase?.[1]).toMatch(/&#10;used by \(a warning, not blocking\): web \(GET \/orders\)$/);
    expect(r.stdout).toContain('failures="0"');
    expect(r.stdout).not.toContain('probe');
  });

  it('without --consumers says nothing of consumers', async () => {
    const r = await runCliHere(['diff', join(dir, 'base.yaml'), join(dir, 'revision.yaml'), '--format', 'json']);
    expect(r.stdout).not.toContain('warnedConsumers');
  });
});
