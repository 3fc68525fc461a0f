// `overseer publish --waivers` with a waiver already past its date (last quarter's file copied): the registry keeps
// the waivers with the version for good, and an expired one waives nothing, yet publish said "1 waiver" and nothing
// more; the gate's notice came only at deploy time, when the version's waivers could no longer be changed.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';

const session = useRegistry({
  name: 'expired-waiver',
  before: async ({ dir }) => {
    const waiver = (expires: string, reason: string) =>
      `- rule: response-required-property-removed\n  operation: GET /users/{id}\n  consumer: checkout-web\n  reason: ${reason}\n  expires: ${expires}\n`;
    await writeFile(join(dir, 'expired.yaml'), waiver('2020-01-01', 'checkout moves off name in Q1') + waiver('2999-12-31', 'still agreed'));
    await writeFile(join(dir, 'current.yaml'), waiver('2999-12-31', 'still agreed'));
  },
});

const publish = (version: string, waivers: string) =>
  session.cli('publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', version, '--waivers', join(session.dir, waivers));

describe('publish --waivers with an expired waiver', () => {
  it('publishes, and warns that the waiver waives nothing and cannot be changed on this version', async () => {
    const published = await publish('1.0.0', 'expired.yaml');
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toMatch(/^published: users-service 1\.0\.0 \(.*; 2 waivers\)$/m);
    expect(published.stderr).toContain(
      `warning: ${join(session.dir, 'expired.yaml')}:1: the waiver of response-required-property-removed on GET /users/{id} for checkout-web ` +
        'expired on 2020-01-01: it waives nothing, and the waivers of users-service 1.0.0 cannot be changed now; ' +
        'renew its expires (or drop it) and publish the next version with it\n',
    );
    expect(published.stderr).not.toMatch(/:6: the waiver/);
  });

  it('says nothing of waivers still in force', async () => {
    const published = await publish('1.0.1', 'current.yaml');
    expect(published.code, published.stderr).toBe(0);
    expect(published.stderr).not.toMatch(/waiver/);
  });
});
