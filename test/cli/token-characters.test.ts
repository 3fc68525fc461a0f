// A token pasted with a line break (a CI secret ending in a newline) could not be sent: fetch's error quoted the whole
// header, secret included, into the log, and the CLI called the registry unreachable.

import { describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

const list = (env: Record<string, string>, ...args: string[]) =>
  runCliHere(['environment', 'list', ...args], { env: { OVERSEER_URL: 'http://127.0.0.1:9', OVERSEER_RETRY_MS: '0', ...env } });

describe('a token that no header can carry', () => {
  it('is bad usage naming where it came from and what is wrong, never the token itself', async () => {
    const r = await list({ OVERSEER_TOKEN: 's3cret-token-value\n' });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error ERR_USAGE_INVALID: the token in OVERSEER_TOKEN has a line break at character 19 of 19, which no token has: check where it is copied from\n' +
        'Run "overseer environment --help" for usage.\n',
    });
  });

  it('says the same of --token, for a character past ASCII', async () => {
    const r = await list({}, '--token', 'tök€n');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      'error ERR_USAGE_INVALID: the token in --token has a non-ASCII character at character 2 of 5, which no token has: check where it is copied from',
    );
    expect(r.stderr).not.toContain('tök€n');
  });
});
