// CI waits on every step of .ci/run: a build that one step makes and the next makes again is a minute of a shared
// machine spent for nothing, and it is easy to bring back, since npm runs package scripts that .ci/run does not name.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const scripts: Record<string, string> = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;

/** The package scripts a shell command runs, in order, expanded through `npm run X`, `npm test` and `npm install`'s prepare. */
function scriptsRun(command: string): string[] {
  return command.split('&&').flatMap((part) => {
    const words = part.trim().split(/\s+/);
    if (words[0] !== 'npm') return [];
    const name = words[1] === 'run' ? words[2] : words[1] === 'install' || words[1] === 'ci' ? 'prepare' : words[1];
    return scripts[name] === undefined ? [] : [name, ...scriptsRun(scripts[name])];
  });
}

it('.ci/run builds once: install, lint, typecheck and the tests', () => {
  const steps = readFileSync(path.join(ROOT, '.ci/run'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const run = steps.flatMap(scriptsRun);
  expect(run.filter((name) => name === 'build')).toEqual(['build']);
  expect(run).toEqual(expect.arrayContaining(['prepare', 'build', 'lint', 'typecheck']));
  // The tests themselves, every project of them: `vitest run` with no filter.
  expect(steps.some((line) => /^(npx vitest run|npm test)\s*$/.test(line.trim()))).toBe(true);
});
