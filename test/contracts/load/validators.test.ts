// The validators are compiled into modules at build time (npm run validators): they must still report a
// problem the way the loader promises, with its place and line, for each OpenAPI version.
import { describe, expect, it } from 'vitest';
import { parseContract } from '../../../contracts/index.js';

describe('build-time validators', () => {
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
