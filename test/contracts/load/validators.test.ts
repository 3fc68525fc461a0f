// The validators are compiled into committed modules at build time; a schema package update or an
// edit to the build script must not leave them behind what a runtime compile would do.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseContract } from '../../../contracts/index.js';
import { generateValidators, VALIDATOR_FILES } from '../../../contracts/load/build-validators.mjs';

describe('build-time validators', () => {
  it('are the code the build script generates now (run `npm run build` to refresh them)', () => {
    const generated = generateValidators();
    for (const [version, file] of Object.entries(VALIDATOR_FILES)) {
      const committed = readFileSync(new URL(`../../../contracts/load/validators/${file}`, import.meta.url), 'utf8');
      expect(committed === generated[version as keyof typeof generated], `${file} is stale`).toBe(true);
    }
  });

  it.each([
    ['2.0', 'swagger: "2.0"\npaths: {}\ninfo:\n  title: t\n  version: "1"\n  bogus: 1\n'],
    ['3.0', 'openapi: 3.0.3\npaths: {}\ninfo:\n  title: t\n  version: "1"\n  bogus: 1\n'],
    ['3.1', 'openapi: 3.1.0\npaths: {}\ninfo:\n  title: t\n  version: "1"\n  bogus: 1\n'],
  ])('report a key the %s schema does not allow, with its line', async (_version, text) => {
    const loaded = await parseContract(text, 'api.yaml');
    expect(loaded.warnings).toEqual([
      expect.objectContaining({
        code: 'contract-invalid',
        message: 'info: has a key the specification does not allow: "bogus"',
        line: 3,
      }),
    ]);
  });
});
