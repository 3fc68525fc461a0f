// A change to a shared schema reaches several operations; with --consumers, what a reviewer reads names the operations
// each broken consumer calls, not the first one the change reaches, which none of them may call (examples/: User.email
// is dropped from the schema GET /users and GET /users/{id} share; checkout-web reads it through getUser only).

import { describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

const EXAMPLES = ['examples/users-service/openapi.yaml', 'examples/users-service/openapi.v2.yaml', '--service', 'users-service'];
const diff = (...args: string[]) => runCliHere(['diff', ...EXAMPLES, '--consumers', 'examples/*/overseer.yaml', ...args]);

describe('overseer diff --consumers', () => {
  it('--format github titles the change with the operation the consumer it breaks calls', async () => {
    const r = await diff('--format', 'github');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(
      /^::error file=examples\/users-service\/openapi\.v2\.yaml,line=\d+,title=GET \/users\/\{id\}%3A response-optional-property-removed::/,
    );
    expect(r.stdout).toContain('%0ABreaks: checkout-web (GET /users/{id})%0A');
  });

  it('--format text lists under each consumer the operations it calls that the change reaches', async () => {
    const r = await diff();
    expect(r.stdout).toContain(
      'What blocks, by consumer\n  checkout-web  owners: @acme/checkout  slack: #checkout-alerts\n' +
        '    GET /users/{id}: response property `User.email` was removed (it was optional) (response-optional-property-removed)\n',
    );
  });

  it('--format markdown names, in the table of what blocks by consumer, the operation that consumer calls', async () => {
    const r = await diff('--format', 'markdown');
    expect(r.stdout).toContain('| checkout-web | @acme/checkout | GET /users/{id} | response property `User.email` was removed (it was optional) |\n');
  });

  it('--format sarif and junit name the operation each consumer broken calls, as the github annotation does', async () => {
    const sarif = JSON.parse((await diff('--format', 'sarif')).stdout) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] };
    const result = sarif.runs[0]!.results.find((x) => x.ruleId === 'response-optional-property-removed');
    expect(result?.message.text).toMatch(/ Breaks: checkout-web \(GET \/users\/\{id\}\)\.$/);
    const junit = (await diff('--format', 'junit')).stdout;
    expect(junit).toMatch(
      /<failure message="response property `User\.email` was removed[^>]*>[^<]*&#10;breaks: checkout-web \(GET \/users\/\{id\}\)<\/failure>/,
    );
  });

  it('--format json carries, per consumer broken, the operations it uses that the change reaches', async () => {
    const report = JSON.parse((await diff('--format', 'json')).stdout) as {
      changes: { id: string; consumers: string[]; consumerOperations?: Record<string, string[]> }[];
    };
    const change = report.changes.find((c) => c.id === 'response-optional-property-removed');
    expect(change).toMatchObject({ consumers: ['checkout-web'], consumerOperations: { 'checkout-web': ['GET /users/{id}'] } });
  });

  it('--format text lists the change under its first operation and says every other one it reaches, as the JSON does', async () => {
    const r = await runCliHere(['diff', ...EXAMPLES.slice(0, 2)]);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('GET /users');
    expect(lines[1]).toMatch(
      /^ {2}WARNING +response property `User\.email` was removed \(it was optional\) \(response-optional-property-removed\) \(also GET \/users\/\{id\}, POST \/users\) {2}examples\/users-service\/openapi\.yaml:\d+$/,
    );
    const json = JSON.parse((await runCliHere(['diff', ...EXAMPLES.slice(0, 2), '--format', 'json'])).stdout) as { changes: { operations: string[] }[] };
    expect(json.changes[0]!.operations).toEqual(['GET /users', 'GET /users/{id}', 'POST /users']);
  });

  it('without consumers titles a change with the first operation it reaches, as before', async () => {
    const r = await runCliHere(['diff', ...EXAMPLES.slice(0, 2), '--format', 'github']);
    expect(r.stdout).toMatch(/title=GET \/users%3A response-optional-property-removed::/);
  });
});
