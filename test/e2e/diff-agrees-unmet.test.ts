// `diff --consumers` and the gate on a use the revision does not offer and no change caused (the base failed it too):
// the gate refused the provider's deploy (operation-missing, field-missing), while the offline diff of the same
// contracts against the same manifest said "safe", exit 0, with a notice. Both say no now, and a waiver naming the use
// lets both through.

import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './cli-process.js';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const read = {
  parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
  responses: {
    '200': {
      description: 'ok',
      content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } } } },
    },
  },
};
const users = (version: string) => ({ openapi: '3.0.3', info: { title: 'users', version }, paths: { '/users/{id}': { get: read } } });

const session = useRegistry({ name: 'diff-agrees-unmet', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

/** users 1.1.0 against what production runs, judged offline for the consumers in `manifest`. */
function diffOffline(manifest: string, ...options: string[]) {
  return session.cli(
    'diff',
    'registry:users@production',
    join(session.dir, 'users-1.1.0', 'openapi.json'),
    '--service',
    'users',
    '--consumers',
    manifest,
    ...options,
  );
}

async function both(consumer: string, consumes: string) {
  await publish(consumer, '1.0.0', { consumes });
  await deploy(consumer, '1.0.0');
  const gate = await verdictOf('users', '1.1.0');
  const manifest = join(session.dir, `${consumer}-1.0.0`, 'overseer.yaml');
  return { gate, diff: await diffOffline(manifest, '--format', 'json'), manifest };
}

describe('a declared use neither version of the provider offers', () => {
  it('an operation: refused at the gate, and blocked by diff --consumers with the same code', async () => {
    await publish('users', '1.0.0', { contract: users('1.0.0') });
    await deploy('users', '1.0.0');
    await publish('users', '1.1.0', { contract: users('1.1.0') });
    const { gate, diff } = await both('web', '  users:\n    - GET /user/{id}');
    expect(gate.code).toBe(1);
    expect(gate.errors.map((r) => [r.code, r.consumer])).toEqual([['operation-missing', 'web']]);
    expect(diff.code, diff.stderr).toBe(1);
    const report = JSON.parse(diff.stdout);
    expect(report.summary.blocking).toBe(1);
    expect(report.unmet).toEqual([
      {
        code: 'operation-missing',
        consumer: 'web',
        operation: 'GET /user/{id}',
        message: 'users does not offer GET /user/{id}, which web uses: did you mean GET /users/{id}?',
        line: 5,
        blocking: true,
      },
    ]);
    // The notice that said "it protects nothing" gave way to the refusal.
    expect(report.notices ?? []).toEqual([]);
    const manifest = join(session.dir, 'web-1.0.0', 'overseer.yaml');
    const text = await diffOffline(manifest);
    expect(text.stdout).toContain(
      'What blocks, by consumer\n  web  owners: @acme/team\n    GET /user/{id}: users does not offer GET /user/{id}, which web uses: did you mean GET /users/{id}? (operation-missing; declared at ',
    );
    // The manifest as the diff was run with it: relative to the working folder.
    expect(text.stdout).toContain(`${relative(REPO_ROOT, manifest)}:5; no change caused it`);
    // The pull request's annotations name it too, on its manifest entry, titled as the gate's reasons are: the count of 1 blocking has its line.
    const annotated = await diffOffline(manifest, '--format', 'github');
    expect(annotated.stdout.split('\n')).toContain(
      `::error file=${relative(REPO_ROOT, manifest).replace(/:/g, '%3A')},line=5,title=web%3A operation-missing::users does not offer GET /user/{id}, which web uses: did you mean GET /users/{id}?`,
    );
    await session.cli('record-undeployment', '--service', 'web', '--version', '1.0.0', '--env', 'production');
  });

  it('a response field: refused at the gate, blocked offline, and a waiver naming the use lets the diff through', async () => {
    const { gate, diff, manifest } = await both('app', '  users:\n    - operation: GET /users/{id}\n      response: [id, nickname]');
    expect(gate.code).toBe(1);
    expect(gate.errors.map((r) => [r.code, r.consumer, r.field])).toEqual([['field-missing', 'app', 'nickname']]);
    expect(diff.code, diff.stderr).toBe(1);
    expect(JSON.parse(diff.stdout).unmet).toMatchObject([{ code: 'field-missing', consumer: 'app', field: 'nickname', blocking: true }]);

    const waivers = join(session.dir, 'waivers.yaml');
    await writeFile(
      waivers,
      '- rule: field-missing\n  operation: GET /users/{id}\n  consumer: app\n  field: nickname\n  reason: app stops reading it in 2.0\n  expires: 2099-01-01\n',
    );
    const waived = await diffOffline(manifest, '--waivers', waivers, '--format', 'json');
    expect(waived.code, waived.stdout).toBe(0);
    expect(JSON.parse(waived.stdout).unmet).toMatchObject([{ code: 'field-missing', blocking: false, waived: { reason: 'app stops reading it in 2.0' } }]);
  });
});
