// `overseer token list`: which tokens the registry holds, for the admin looking for the one to revoke. Never a secret.

import { describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';
import { useRegistry } from '../e2e/registry-session.js';

const ADMIN = 'admin-token-for-the-list-test';
const session = useRegistry({ name: 'token-list', serveEnv: { OVERSEER_ADMIN_TOKEN: ADMIN }, cliEnv: { OVERSEER_TOKEN: ADMIN } });

describe('overseer token list', () => {
  it('prints name, service, scope and creation time, in text and JSON, and no token', async () => {
    expect((await session.cli('token', 'list')).stdout).toBe('no token yet: overseer token create --service S (or --ingest)\n');
    const secrets = [
      (await session.cli('token', 'create', '--service', 'users-service', '--name', 'users-ci')).stdout.trim(),
      (await session.cli('token', 'create', '--ingest', '--name', 'otel-collector')).stdout.trim(),
    ];
    const text = await session.cli('token', 'list');
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +SERVICE +SCOPE +CREATED$/);
    expect(lines[2]).toMatch(/^users-ci +users-service +service +\d{4}-\d\d-\d\dT\S+Z$/);
    expect(lines[1]).toMatch(/^otel-collector +- +ingest +\d{4}-\d\d-\d\dT\S+Z$/);
    expect(lines).toHaveLength(3);
    const json = await session.cli('token', 'list', '--format', 'json');
    expect(JSON.parse(json.stdout)).toEqual({
      tokens: [
        { name: 'otel-collector', service: null, scope: 'ingest', createdAt: expect.any(String) },
        { name: 'users-ci', service: 'users-service', scope: 'service', createdAt: expect.any(String) },
      ],
      revoked: [],
    });
    for (const secret of secrets) expect(text.stdout + json.stdout).not.toContain(secret);
  });

  it('lists revoked tokens apart, after the live ones, with when and by whom', async () => {
    await session.cli('token', 'create', '--service', 'users-service', '--name', 'leaked-ci');
    expect((await session.cli('token', 'revoke', 'leaked-ci')).code).toBe(0);
    const text = await session.cli('token', 'list');
    const [live, revoked] = text.stdout.split('\nrevoked:\n');
    expect(live).not.toMatch(/^leaked-ci /m);
    expect(revoked.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^NAME +SERVICE +SCOPE +CREATED +REVOKED +BY$/),
      expect.stringMatching(/^leaked-ci +users-service +service +\d{4}-\d\d-\d\dT\S+Z +\d{4}-\d\d-\d\dT\S+Z +admin$/),
    ]);
    const json = JSON.parse((await session.cli('token', 'list', '--format', 'json')).stdout);
    expect(json.revoked).toEqual([expect.objectContaining({ name: 'leaked-ci', service: 'users-service', revokedBy: 'admin' })]);
    expect(json.tokens.map((t: { name: string }) => t.name)).not.toContain('leaked-ci');
  });

  it('exits 2 for a caller without the admin token, and explains itself in --help', async () => {
    const service = (await session.cli('token', 'create', '--service', 'users-service', '--name', 'list-probe')).stdout.trim();
    const refused = await runCliHere(['token', 'list'], { env: { OVERSEER_URL: session.registry.url, OVERSEER_TOKEN: service } });
    expect([refused.code, refused.stdout]).toEqual([2, '']);
    expect(refused.stderr).toMatch(/needs the admin token/);
    // A read, the admin's alone: "a token for writes" sent the admin looking for what was written.
    const none = await runCliHere(['token', 'list'], { env: { OVERSEER_URL: session.registry.url } });
    expect([none.code, none.stderr]).toEqual([
      2,
      expect.stringMatching(/^error ERR_TOKEN_MISSING: this registry needs the admin token for this request: send "Authorization: Bearer <token>"/),
    ]);
    const help = await session.cli('token', '--help');
    expect(help.stdout).toContain('overseer token list');
    expect(await session.cli('token', 'list', 'extra')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^error ERR_USAGE_INVALID: unexpected argument "extra"\n/),
    });
  });
});
