// The committed bundle (index.js and the files beside it) must be what action/build.mjs makes of the sources now:
// a runner runs the bundle, not the sources.

import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
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
    const built = (await readdir(dir)).sort();
    expect(built, 'the bundle and its side files').toEqual((await readdir(path.join(ROOT, 'action/dist'))).sort());
    for (const file of built) {
      const [fresh, committed] = await Promise.all([readFile(path.join(dir, file), 'utf8'), readFile(path.join(ROOT, 'action/dist', file), 'utf8')]);
      // Comparing lengths and a flag, not the text: a diff of minified code in the test output helps nobody.
      expect({ file, length: committed.length, same: committed === fresh }, 'the committed bundle is stale: run "node action/build.mjs"').toEqual({
        file,
        length: fresh.length,
        same: true,
      });
    }
    // Every run parses index.js before it does anything: its size is most of the action's start (issue #19: 600 KB).
    expect((await readFile(outfile)).length, 'action/dist/index.js stays under 600 KB').toBeLessThanOrEqual(600 * 1024);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
