// A 600 KB Pact file whose response body nests 100,000 objects deep: `overseer publish --pact` reads its fields before
// asking the registry anything, and used to overflow the stack ("error: Maximum call stack size exceeded"). Now one
// line names the file, the interaction and the bound, with exit 2; a body within the bound still gives its field.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fieldPaths } from '../../contracts/index.js';
import { useRegistry } from '../e2e/registry-session.js';

const session = useRegistry({ name: 'pact-depth' });

function nested(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

function pactWithBody(body: string): string {
  const interaction = `{"description":"get x","request":{"method":"GET","path":"/x"},"response":{"status":200,"body":${body}}}`;
  return `{"consumer":{"name":"web"},"provider":{"name":"users"},"interactions":[${interaction}],"metadata":{"pactSpecification":{"version":"2.0.0"}}}`;
}

let deepFile = '';

beforeAll(async () => {
  deepFile = join(session.dir, 'deep-pact.json');
  await writeFile(deepFile, pactWithBody(nested(100_000)));
});

describe('a Pact body nested past the bound', () => {
  it('overseer publish --pact exits 2 with one line naming the file, the interaction and the bound', async () => {
    const r = await session.cli('publish', '--pact', deepFile, '--version', '1');
    expect(r.stderr).toMatch(
      /^error ERR_PACT_INVALID: [^\n]*deep-pact\.json: get x: a body nested deeper than 64 levels\nRun "overseer explain ERR_PACT_INVALID" for what to do\.\n$/,
    );
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
  });

  it('reads a body 60 levels deep to its one field', () => {
    expect(fieldPaths(JSON.parse(nested(60)))).toEqual([Array(60).fill('a').join('.')]);
  });
});
