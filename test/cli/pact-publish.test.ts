// Pact files published as a user writes the command (`--pact pacts/*.json`), and judged at the gate: an interaction
// the registry cannot name an operation for is still a call the consumer makes, never a reason to say yes.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';
import { pactFile, USERS_IN_PRODUCTION, writeUsersService } from '../helpers/pact-file.js';

const session = useRegistry({
  name: 'pact-publish',
  inDir: true,
  before: async ({ dir }) => {
    await writeUsersService(dir);
    await mkdir(join(dir, 'pacts'));
    await writeFile(join(dir, 'pacts/web-users.json'), pactFile('web-app', 'users-service', [{ description: 'a user', path: '/users/7', body: { id: '7' } }]));
    await writeFile(join(dir, 'pacts/web-accounts.json'), pactFile('web-app', 'users-service', [{ description: 'the accounts', path: '/accounts' }]));
    await writeFile(join(dir, 'pacts/web-orders.json'), pactFile('web-app', 'orders-service', [{ description: 'an order', path: '/orders/1' }]));
    // As a pact library writes it, indented: its one interaction opens on line 9.
    const shop = pactFile('shop-app', 'users-service', [{ description: 'a user with a nickname', path: '/users/7', body: { id: '7', nickname: 'n' } }]);
    await writeFile(join(dir, 'pacts/shop-users.json'), JSON.stringify(JSON.parse(shop), null, 2));
    // Another suite of shop-app's tests, calling the same operation for what users-service does answer.
    const ids = pactFile('shop-app', 'users-service', [{ description: 'a user id', path: '/users/8', body: { id: '8' } }]);
    await writeFile(join(dir, 'pacts/shop-ids.json'), JSON.stringify(JSON.parse(ids), null, 2));
    // One suite calling getUser three times, for its id, its email and a nickname users-service does not return.
    const three = pactFile('shop-app', 'users-service', [
      { description: 'a user id', path: '/users/7', body: { id: '7' } },
      { description: 'a user email', path: '/users/8', body: { id: '8', email: 'e' } },
      { description: 'a user with a nickname', path: '/users/9', body: { id: '9', nickname: 'n' } },
    ]);
    await writeFile(join(dir, 'pacts/shop-three.json'), JSON.stringify(JSON.parse(three), null, 2));
  },
  setup: USERS_IN_PRODUCTION,
});
const { cli } = session;

describe('publish --pact pacts/*.json, as the README writes it', () => {
  it('publishes every file the shell expanded the glob into', async () => {
    // The shell hands `--pact pacts/*.json` over as one option value and the rest as plain words.
    const published = await cli('publish', '--pact', 'pacts/web-users.json', 'pacts/web-orders.json', '--version', '1.0.0');
    expect(published.stderr).not.toContain('unexpected argument');
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toBe(
      'published: web-app 1.0.0 from Pact (uses users-service (1 operation), orders-service (1 operation))\n' +
        'orders-service is not deployed in production: can-i-deploy will refuse; see overseer can-i-deploy --service web-app --version 1.0.0 --env production\n',
    );
  });

  it('expands a quoted glob itself, and says when it matches no file', async () => {
    const published = await cli('publish', '--pact', 'pacts/web-*.json', '--version', '2.0.0');
    expect(published.code, published.stderr).toBe(0);
    // pacts/web-accounts.json asks for GET /accounts, which users-service does not offer.
    expect(published.stdout).toBe(
      'published: web-app 2.0.0 from Pact (uses users-service (2 operations), orders-service (1 operation))\n' +
        'orders-service is not deployed, 1 other blocking reason (operation-missing) in production: can-i-deploy will refuse; ' +
        'see overseer can-i-deploy --service web-app --version 2.0.0 --env production\n',
    );
    const none = await cli('publish', '--pact', 'pact/*.json', '--version', '2.0.0');
    expect(none).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'error ERR_PACT_UNREADABLE: no Pact file matches "pact/*.json"\nRun "overseer explain ERR_PACT_UNREADABLE" for what to do.\n',
    });
  });

  it('still refuses a stray word without --pact', async () => {
    const stray = await cli('publish', '--manifest', 'users/overseer.yaml', '--version', '1.0.0', 'pacts/web-users.json');
    expect(stray).toMatchObject({ code: 2, stdout: '' });
    expect(stray.stderr.split('\n')[0]).toBe('error ERR_USAGE_INVALID: unexpected argument "pacts/web-users.json"');
  });
});

describe('an interaction the registry cannot name an operation for', () => {
  it('is declared as written, so can-i-deploy refuses instead of saying yes', async () => {
    const published = await cli('publish', '--pact', 'pacts/web-accounts.json', '--pact', 'pacts/web-orders.json', '--version', '3.0.0');
    expect(published.code, published.stderr).toBe(0);
    expect(published.stderr).toContain(
      'notice: pacts/web-accounts.json: the accounts: GET /accounts: declared as written (it matches no operation of ' +
        "users-service's latest contracts): can-i-deploy refuses web-app until users-service offers it where it deploys",
    );
    expect(published.stderr).toContain(
      'notice: pacts/web-orders.json: an order: GET /orders/1: declared as written (orders-service has no contract in the registry)',
    );
    expect(published.stderr).not.toContain('declares nothing of it');
    const asked = await cli('can-i-deploy', '--service', 'web-app', '--version', '3.0.0', '--to', 'production');
    expect(asked.stdout).toBe(
      [
        'NOT DEPLOYABLE: web-app 3.0.0 to production (2 blocking reasons)',
        '  x operation-missing: users-service does not offer GET /accounts, which web-app uses',
        // Declared as written, the use keeps its interaction's line as a matched one does (the file is one line).
        '      declared at pacts/web-accounts.json:1',
        '  x provider-not-deployed: orders-service is not deployed in production, and web-app 3.0.0 uses it: deploy it first',
        '',
      ].join('\n'),
    );
    expect(asked.code).toBe(1);
  });

  it('leaves a pact whose every interaction matches as it was: deployable', async () => {
    const published = await cli('publish', '--pact', 'pacts/web-users.json', '--version', '4.0.0');
    expect(published.code).toBe(0);
    // Only the reminder that a pact names no owners (test/cli/publish-pact.test.ts), no interaction kept as written.
    const said = published.stderr.split('\n').filter((line) => line !== '' && !line.includes('web-app has no owners in the registry'));
    expect(said).toEqual([]);
    const asked = await cli('can-i-deploy', '--service', 'web-app', '--version', '4.0.0', '--to', 'production');
    expect(asked.code, asked.stdout).toBe(0);
    expect(asked.stdout.split('\n')[0]).toBe('DEPLOYABLE: web-app 4.0.0 to production (nothing deployed there is affected)');
  });
});

// A manifest's refusal says where the use is declared; a consumer known from one pact file, where its interaction is.
describe('a use declared by a pact that the provider does not offer', () => {
  it('is refused with the pact file and the line its interaction opens on', async () => {
    expect((await cli('publish', '--pact', 'pacts/shop-users.json', '--version', '1.0.0')).code).toBe(0);
    const asked = await cli('can-i-deploy', '--service', 'shop-app', '--version', '1.0.0', '--to', 'production');
    expect(asked.code).toBe(1);
    const lines = asked.stdout.split('\n');
    const reason = lines.findIndex((l) => l.startsWith('  x field-missing: '));
    expect(lines[reason + 1]).toBe('      declared at pacts/shop-users.json:9');
  });

  // Published from two files, the version kept no path at all, and its lines were dropped: the refusal said nowhere.
  it('names the pact file whose interaction reads the field, when the consumer is published from several', async () => {
    expect((await cli('publish', '--pact', 'pacts/shop-ids.json', 'pacts/shop-users.json', '--version', '2.0.0')).code).toBe(0);
    const asked = await cli('can-i-deploy', '--service', 'shop-app', '--version', '2.0.0', '--to', 'production');
    expect(asked.code).toBe(1);
    const lines = asked.stdout.split('\n');
    const reason = lines.findIndex((l) => l.startsWith('  x field-missing: '));
    expect(lines[reason]).toContain('nickname');
    expect(lines[reason + 1]).toBe('      declared at pacts/shop-users.json:9');
  });

  // The three interactions of getUser were one use at the first one's line: the refusal pointed at the test reading `id`.
  it('names the interaction that reads the field, among several of one operation in one file', async () => {
    const published = await cli('publish', '--pact', 'pacts/shop-three.json', '--version', '3.0.0');
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout.split('\n')[0]).toBe('published: shop-app 3.0.0 from Pact (uses users-service (1 operation))');
    const asked = await cli('can-i-deploy', '--service', 'shop-app', '--version', '3.0.0', '--to', 'production');
    expect(asked.code).toBe(1);
    const lines = asked.stdout.split('\n');
    const reason = lines.findIndex((l) => l.startsWith('  x field-missing: '));
    expect(lines[reason]).toContain('nickname');
    // The third interaction opens on line 36 (the first on 9, each of the two before it 13 lines long).
    expect(lines[reason + 1]).toBe('      declared at pacts/shop-three.json:36');
    expect(lines.filter((l) => l.startsWith('  x '))).toHaveLength(1);
  });
});
