// `overseer check --pact`: a consumer whose uses live in its Pact files is judged before it is published, as
// can-i-deploy judges it after `publish --pact`; a check of its manifest judged none of those uses and said yes.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';
import { pactFile, USERS_IN_PRODUCTION, writeUsersService } from '../helpers/pact-file.js';

const session = useRegistry({
  name: 'check-pact',
  inDir: true,
  before: async ({ dir }) => {
    await writeUsersService(dir);
    // The web app's manifest declares nothing: its uses are in its pacts.
    await writeFile(join(dir, 'overseer.yaml'), 'service: web-app\nowners: ["@acme/web"]\n');
    await mkdir(join(dir, 'pacts'));
    await writeFile(
      join(dir, 'pacts/web-user.json'),
      pactFile('web-app', 'users-service', [{ description: 'a user', path: '/users/7', body: { id: '7', email: 'a@b.c' } }]),
    );
    await writeFile(join(dir, 'pacts/web-avatar.json'), pactFile('web-app', 'users-service', [{ description: 'an avatar', path: '/users/7/avatar' }]));
    await writeFile(
      join(dir, 'pacts/web-nickname.json'),
      pactFile('web-app', 'users-service', [{ description: 'a nickname', path: '/users/7', body: { nickname: 'ada' } }]),
    );
    await writeFile(join(dir, 'pacts/admin-user.json'), pactFile('admin-app', 'users-service', [{ description: 'a user', path: '/users/7' }]));
  },
  setup: USERS_IN_PRODUCTION,
});
const { cli } = session;

describe('check --pact, before the pacts are published', () => {
  it('refuses a consumer whose pact calls what the deployed provider does not offer, where the manifest check said yes', async () => {
    const manifest = await cli('check', '--against', 'production');
    expect(manifest.code, manifest.stdout).toBe(0);
    const checked = await cli('check', '--pact', 'pacts/web-avatar.json', '--against', 'production');
    expect(checked.code, checked.stderr).toBe(1);
    expect(checked.stdout).toContain('users-service does not offer GET /users/7/avatar, which web-app uses');
    expect(checked.stderr).toContain('notice: pacts/web-avatar.json: an avatar: GET /users/7/avatar: declared as written');
  });

  it('refuses a pact that reads a field the provider does not return, and passes one that reads what it returns', async () => {
    const nickname = await cli('check', '--pact', 'pacts/web-nickname.json', '--against', 'production');
    expect(nickname.code, nickname.stdout).toBe(1);
    expect(nickname.stdout).toContain('nickname');
    const user = await cli('check', '--pact', 'pacts/web-user.json', '--against', 'production');
    expect(user.code, user.stdout).toBe(0);
    expect(user.stdout.split('\n')[0]).toMatch(/^DEPLOYABLE: web-app candidate/);
  });

  it('takes the files a shell expanded the glob into, judges them together, and stores nothing', async () => {
    const both = await cli('check', '--pact', 'pacts/web-user.json', 'pacts/web-avatar.json', '--against', 'production', '--format', 'json');
    expect(both.code, both.stderr).toBe(1);
    expect(JSON.parse(both.stdout)).toMatchObject({ service: 'web-app', decision: 'refused' });
    const listed = await cli('consumers', '--service', 'users-service', '--format', 'json');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).not.toContain('web-app');
  });

  it('is a usage error with two consumers, or with --manifest', async () => {
    const two = await cli('check', '--pact', 'pacts/web-user.json', 'pacts/admin-user.json', '--against', 'production');
    expect(two).toMatchObject({ code: 2, stdout: '' });
    expect(two.stderr).toContain("the Pact files name 2 consumers (web-app, admin-app): check one consumer's files at a time");
    const mixed = await cli('check', '--pact', 'pacts/web-user.json', '--manifest', 'overseer.yaml');
    expect(mixed).toMatchObject({ code: 2, stdout: '' });
    expect(mixed.stderr).toContain('--pact checks the consumer its Pact files name: give it without --manifest or --contract');
  });
});
