// `diff --consumers` names the manifest entry of every use the revision does not offer: a request field a consumer
// sends that the revision does not accept, or a required request field it does not send, had no line, while a missing
// operation had one, so a reader of twenty manifests was left to search for it. Each now says `file:line`, in the text,
// the JSON and the annotations (which sit on the entry itself).

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../e2e/cli-process.js';

const body = (schema: object) => ({ required: true, content: { 'application/json': { schema } } });
const users = {
  openapi: '3.0.3',
  info: { title: 'users', version: '1.0.0' },
  paths: {
    '/users/{id}': {
      get: {
        operationId: 'getUser',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } } },
      },
    },
    '/users': {
      post: {
        requestBody: body({ type: 'object', required: ['email'], properties: { name: { type: 'string' }, email: { type: 'string' } } }),
        responses: { '201': { description: 'made' } },
      },
    },
  },
};

// Line 5 names the operation by its id, line 7 by a path written with another parameter name, line 9 sends a body.
const manifest = `service: web
owners: ["@acme/web"]
consumes:
  users:
    - operation: getUser
      response: [id]
    - operation: GET /users/{userId}
      response: [nickname]
    - operation: POST /users
      request: [name, shoeSize]
`;

describe('diff --consumers on uses the revision does not offer', () => {
  it('names the manifest line of each, a request field as much as a response field', async () => {
    assertBuilt();
    const dir = await mkdtemp(join(tmpdir(), 'overseer-unmet-lines-'));
    await writeFile(join(dir, 'users.json'), JSON.stringify(users));
    await writeFile(join(dir, 'web.yaml'), manifest);
    const diff = (format: string) =>
      runCli(['diff', 'users.json', 'users.json', '--service', 'users', '--consumers', 'web.yaml', '--format', format], { cwd: dir });

    const json = await diff('json');
    expect(json.code, json.stderr).toBe(1);
    expect(JSON.parse(json.stdout).unmet.map((u: { code: string; field: string; line?: number }) => [u.code, u.field, u.line])).toEqual([
      ['field-missing', 'nickname', 7],
      ['request-field-rejected', 'shoeSize', 9],
      ['required-input-missing', 'email', 9],
    ]);

    const text = await diff('text');
    expect(text.stdout).toContain('which web sends (request-field-rejected; declared at web.yaml:9; no change caused it');
    expect(text.stdout).toContain('which web does not send (required-input-missing; declared at web.yaml:9; no change caused it');
    expect(text.stdout).toContain('which web reads (field-missing; declared at web.yaml:7; no change caused it');

    const github = (await diff('github')).stdout.split('\n');
    expect(github).toContain(
      '::error file=web.yaml,line=9,title=web%3A request-field-rejected::POST /users of users does not accept `shoeSize` in its request body, which web sends',
    );
    expect(github).toContain(
      '::error file=web.yaml,line=9,title=web%3A required-input-missing::POST /users of users requires the request field `email`, which web does not send',
    );

    // SARIF and JUnit said nothing of them, though they block: code scanning showed no alert, a CI test view no failure.
    const sarif = JSON.parse((await diff('sarif')).stdout).runs[0].results as { ruleId: string; level: string; locations: unknown[] }[];
    expect(sarif.map((r) => [r.ruleId, r.level, r.locations[0]])).toEqual([
      ['field-missing', 'error', expect.objectContaining({ physicalLocation: { artifactLocation: { uri: 'web.yaml' }, region: { startLine: 7 } } })],
      ['request-field-rejected', 'error', expect.objectContaining({ physicalLocation: { artifactLocation: { uri: 'web.yaml' }, region: { startLine: 9 } } })],
      ['required-input-missing', 'error', expect.objectContaining({ physicalLocation: { artifactLocation: { uri: 'web.yaml' }, region: { startLine: 9 } } })],
    ]);
    const junit = (await diff('junit')).stdout;
    expect(junit).toContain('tests="3" failures="3"');
    expect(junit).toContain('<testcase name="request-field-rejected for web (shoeSize)" classname="POST /users" file="web.yaml" line="9" time="0">');
  });
});
