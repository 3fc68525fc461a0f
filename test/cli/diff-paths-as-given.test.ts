// A diff that cannot read a side names the file as the user wrote it: `openapi.yaml:8`, not the runner's
// `/home/runner/work/repo/repo/openapi.yaml:8` in every CI log line; a file it refers to is named from the working directory.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

let dir: string;
const head = 'openapi: 3.0.0\ninfo: {title: t, version: "1"}\n';
const withRef = (ref: string) => `${head}paths:\n  /a:\n    get:\n      responses:\n        "200": {$ref: "${ref}"}\n`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-diff-paths-'));
  await mkdir(join(dir, 'api'));
  await writeFile(join(dir, 'api/base.yaml'), `${head}paths: {}\n`);
  await writeFile(join(dir, 'api/broken.yaml'), `${head}paths:\n  /a: {get: [\n`);
  await writeFile(join(dir, 'api/external.yaml'), withRef('parts/ok.yaml#/r'));
  await mkdir(join(dir, 'api/parts'));
  await writeFile(join(dir, 'api/parts/ok.yaml'), 'r: [\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const firstLine = async (...args: string[]) => {
  const r = await runCliHere(['diff', ...args], { cwd: dir });
  return [r.code, r.stderr.split('\n')[0]];
};

describe('a diff side that cannot be read', () => {
  it('is named as given, relative or absolute', async () => {
    expect(await firstLine('api/base.yaml', 'api/broken.yaml')).toEqual([
      2,
      'error ERR_CONTRACT_SYNTAX: api/broken.yaml:5: not valid YAML: unexpected end of the stream within a flow collection',
    ]);
    expect(await firstLine('api/base.yaml', './api/missing.yaml')).toEqual([2, 'error ERR_CONTRACT_UNREADABLE: ./api/missing.yaml: no such file']);
    // The file a typo away is named from the working directory too, ready to paste.
    expect(await firstLine('api/base.yaml', 'api/broken.yml')).toEqual([
      2,
      'error ERR_CONTRACT_UNREADABLE: api/broken.yml: no such file: did you mean api/broken.yaml?',
    ]);
    expect(await firstLine('api/base.yaml', join(dir, 'api/missing.yaml'))).toEqual([
      2,
      `error ERR_CONTRACT_UNREADABLE: ${join(dir, 'api/missing.yaml')}: no such file`,
    ]);
  });

  it('names an external $ref refused from the file as given, and a file it refers to from the working directory', async () => {
    const [code, line] = await firstLine('api/base.yaml', 'api/external.yaml');
    expect([code, line]).toEqual([
      2,
      expect.stringMatching(/^error ERR_CONTRACT_EXTERNAL_REF: api\/external\.yaml:7: \$ref to "parts\/ok\.yaml#\/r" is refused/),
    ]);
    expect(await firstLine('api/base.yaml', 'api/external.yaml', '--allow-external-refs')).toEqual([
      2,
      'error ERR_CONTRACT_SYNTAX: api/parts/ok.yaml:2: not valid YAML: unexpected end of the stream within a flow collection',
    ]);
  });
});
