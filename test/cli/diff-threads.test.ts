// `overseer diff` may load one contract of a large pair in a worker thread: what the user reads (report, exit
// code, the error naming file and line) must not depend on which thread read which file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const policy = path.join(root, 'test/fixtures/policy');
const dir = mkdtempSync(path.join(tmpdir(), 'overseer-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function overseer(threads: '1' | '2', args: string[], cwd: string) {
  const env = { ...process.env, NO_COLOR: '1', OVERSEER_DIFF_THREADS: threads };
  const r = spawnSync(process.execPath, [path.join(root, 'dist/cli/bin.js'), 'diff', ...args], { cwd, encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The smaller file of the pair goes to the worker: each case below makes the file under test the smaller one.
const ALIASED_BASE = `openapi: 3.0.3
info: { title: pets, version: 1.0.0 }
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: &pet
                type: object
                required: [id]
                properties: { id: { type: integer }, name: { type: string } }
    post:
      requestBody:
        content:
          application/json:
            schema: *pet
      responses: { '201': { description: created } }
`;
const ALIASED_REVISION = `${ALIASED_BASE.replace('required: [id]', 'required: [id, name]').replace('name: { type: string }', 'name: { type: string, maxLength: 40 }')}
# a longer revision, so that the base is the file the worker reads
# ${'.'.repeat(400)}
`;

describe('overseer diff: the same answer on one thread or two', () => {
  it('reports the same changes for a pair whose smaller file shares a schema by a YAML alias', () => {
    writeFileSync(path.join(dir, 'base.yaml'), ALIASED_BASE);
    writeFileSync(path.join(dir, 'revision.yaml'), ALIASED_REVISION);
    const one = overseer('1', ['base.yaml', 'revision.yaml', '--format', 'json'], dir);
    const two = overseer('2', ['base.yaml', 'revision.yaml', '--format', 'json'], dir);
    expect(one.code).toBe(1);
    const ids = JSON.parse(one.stdout).changes.map((c: { id: string }) => c.id);
    // The aliased schema is read in both places it is used: as a request body and as a response.
    expect(ids).toEqual(expect.arrayContaining(['request-property-became-required', 'response-property-max-length-set']));
    expect(two).toEqual(one);
  });

  it('reports the same changes, lines included, for the policy pair', () => {
    const one = overseer('1', ['base.yaml', 'revision.yaml', '--format', 'github'], policy);
    const two = overseer('2', ['base.yaml', 'revision.yaml', '--format', 'github'], policy);
    expect(one.code).toBe(1);
    expect(one.stdout).toContain('Seen in the base: base.yaml:30');
    expect(one.stdout).toContain('file=revision.yaml,line=15');
    expect(two).toEqual(one);
  });

  it('names the file and line of a syntax error in the file the worker reads, and exits 2', () => {
    writeFileSync(path.join(dir, 'broken.yaml'), 'openapi: 3.0.3\ninfo: [this is: not valid\n');
    const one = overseer('1', ['broken.yaml', path.join(policy, 'revision.yaml')], dir);
    const two = overseer('2', ['broken.yaml', path.join(policy, 'revision.yaml')], dir);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/^error: \S*broken\.yaml:3: not valid YAML/);
    expect(two).toEqual(one);
  });

  it('names the file of a document that is no contract, read by the worker, and exits 2', () => {
    writeFileSync(path.join(dir, 'other.yaml'), 'title: not a contract\n');
    const one = overseer('1', ['other.yaml', path.join(policy, 'revision.yaml')], dir);
    const two = overseer('2', ['other.yaml', path.join(policy, 'revision.yaml')], dir);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/^error: \S*other\.yaml: not an OpenAPI document: no "openapi" or "swagger" version field/);
    expect(two).toEqual(one);
  });
});
