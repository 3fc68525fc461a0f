// The committed bundle must be what action/build.mjs makes of the sources now: a runner runs the bundle, not the sources.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

it('action/dist/index.js is the bundle of the current sources (run "node action/build.mjs" when this fails)', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'overseer-bundle-'));
  try {
    const outfile = path.join(dir, 'index.js');
    await promisify(execFile)(process.execPath, ['action/build.mjs', '--outfile', outfile], { cwd: ROOT });
    const [fresh, committed] = await Promise.all([readFile(outfile, 'utf8'), readFile(path.join(ROOT, 'action/dist/index.js'), 'utf8').catch(() => '')]);
    expect(committed.length, 'action/dist/index.js is missing: run "node action/build.mjs"').toBeGreaterThan(0);
    // Comparing lengths and a flag, not the text: a 1.5 MB diff in the test output helps nobody.
    expect({ length: committed.length, same: committed === fresh }, 'the committed bundle is stale: run "node action/build.mjs"').toEqual({
      length: fresh.length,
      same: true,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
