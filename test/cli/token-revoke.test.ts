// A service's token leaked into a build log: the admin revokes it from the CLI, as it was issued, rather than
// finding DELETE /v1/tokens/{name} in /openapi.json. The revoked token publishes nothing afterwards.

import { describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';
import { useRegistry } from '../e2e/registry-session.js';

const ADMIN = 'admin-token-for-the-revoke-test';
const session = useRegistry({ name: 'token-revoke', serveEnv: { OVERSEER_ADMIN_TOKEN: ADMIN }, cliEnv: { OVERSEER_TOKEN: ADMIN } });

const publishWith = (token: string, version: string) =>
  runCliHere(['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', version], {
    env: { OVERSEER_URL: session.registry.url, OVERSEER_RETRY_MS: '0', OVERSEER_TOKEN: token },
  });

describe('overseer token revoke NAME', () => {
  it('revokes the token: it publishes nothing afterwards', async () => {
    const issued = await session.cli('token', 'create', '--service', 'users-service', '--name', 'users-ci');
    const token = issued.stdout.trim();
    expect((await publishWith(token, '1.0.0')).code).toBe(0);
    const revoked = await session.cli('token', 'revoke', 'users-ci');
    expect(revoked).toEqual({ code: 0, stdout: '', stderr: 'revoked token "users-ci": requests that present it are refused now\n' });
    const refused = await publishWith(token, '1.0.1');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^error ERR_TOKEN_REJECTED: the token was revoked \(at \d{4}-\d\d-\d\dT\S+Z\) \(the token in OVERSEER_TOKEN\): check it, or ask an admin for one/,
    );
  });

  it('exits 2 for a name no token has, and for a caller without the admin token', async () => {
    const unknown = await session.cli('token', 'revoke', 'nobody-ci');
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      'error ERR_TOKEN_UNKNOWN: no token is named nobody-ci (never issued, or revoked before this registry kept revoked tokens: overseer token list names those that work and those revoked)\nRun "overseer explain ERR_TOKEN_UNKNOWN" for what to do.\n',
    ]);
    const missing = await session.cli('token', 'revoke');
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/^error ERR_USAGE_INVALID: say which token: overseer token revoke NAME/)]);
    await session.cli('token', 'create', '--service', 'users-service', '--name', 'kept-ci');
    const service = (await session.cli('token', 'create', '--service', 'users-service', '--name', 'other-ci')).stdout.trim();
    const notAdmin = await runCliHere(['token', 'revoke', 'kept-ci'], { env: { OVERSEER_URL: session.registry.url, OVERSEER_TOKEN: service } });
    expect(notAdmin.code).toBe(2);
    expect(notAdmin.stderr).toMatch(/needs the admin token/);
  });
});

// A token's name misspelt at revoke time leaves a leaked token working: the answer names the one a typo away.
describe('overseer token revoke with a misspelt name', () => {
  it('exits 2 naming the token a typo away, and revokes nothing', async () => {
    await session.cli('token', 'create', '--service', 'users-service', '--name', 'billing-ci');
    const misspelt = await session.cli('token', 'revoke', 'biling-ci');
    expect([misspelt.code, misspelt.stderr]).toEqual([
      2,
      'error ERR_TOKEN_UNKNOWN: no token is named biling-ci: did you mean billing-ci? (never issued, or revoked before this registry kept revoked tokens: overseer token list names those that work and those revoked)\nRun "overseer explain ERR_TOKEN_UNKNOWN" for what to do.\n',
    ]);
    expect((await session.cli('token', 'list')).stdout).toMatch(/^billing-ci /m);
  });
});

// Revoked twice (the first answer missed, a script retried): the token is dead either way, and the second says since
// when and by whom, rather than "unknown", which read like a name never issued; no sibling is named to revoke next.
describe('overseer token revoke run twice', () => {
  it('says when and by whom the token was revoked, suggests no other token, and exits 0', async () => {
    await session.cli('token', 'create', '--service', 'users-service', '--name', 'ci');
    await session.cli('token', 'create', '--service', 'users-service', '--name', 'ci2');
    expect((await session.cli('token', 'revoke', 'ci')).code).toBe(0);
    const again = await session.cli('token', 'revoke', 'ci');
    expect(again).toEqual({
      code: 0,
      stdout: '',
      stderr: expect.stringMatching(/^token ci was revoked already, at \d{4}-\d\d-\d\dT\S+Z by admin: requests that present it are refused\n$/),
    });
    expect((await session.cli('token', 'list')).stdout).toMatch(/^ci2 /m);
  });
});
