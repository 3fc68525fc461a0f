// `overseer diff --service` without `--consumers` judged against no consumer, and its "safe" read as if it had: refused.

import { describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

describe('overseer diff --service without --consumers', () => {
  it('is refused (exit 2) rather than a plain diff whose "safe" reads as judged against consumers', async () => {
    const { code, stdout, stderr } = await runCliHere([
      'diff',
      'examples/users-service/openapi.yaml',
      'examples/users-service/openapi.v2.yaml',
      '--service',
      'users-service',
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('error ERR_USAGE_INVALID: --service needs --consumers');
  });
});
