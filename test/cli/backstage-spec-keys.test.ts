// A Backstage entity whose spec misspells a key Overseer reads (`consumesAPIs` for `consumesApis`) was read as a
// consumer of nothing: the provider's diff, check and gate judged it by nobody's uses and said yes. Backstage's own
// keys Overseer does not read (lifecycle, dependsOn) stay welcome.

import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../e2e/cli-process.js';
import { runCliHere } from '../e2e/in-process.js';

let dir: string;

/** checkout-web as a Backstage Component consuming users-service's API, its spec keys as given. */
function entity(spec: string): string {
  return `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: checkout-web\nspec:\n  type: service\n  lifecycle: production\n${spec}`;
}

const diff = async (spec: string) => {
  await writeFile(join(dir, 'catalog-info.yaml'), entity(spec));
  return runCliHere(['diff', 'base.yaml', 'revision.yaml', '--service', 'users-service', '--consumers', 'catalog-info.yaml'], { cwd: dir });
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-backstage-keys-'));
  // 2.0.0 drops the optional `email`: a warning in general, a break for a consumer of the whole API.
  await copyFile(join(REPO_ROOT, 'examples/users-service/openapi.yaml'), join(dir, 'base.yaml'));
  await copyFile(join(REPO_ROOT, 'examples/users-service/openapi.v2.yaml'), join(dir, 'revision.yaml'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a Backstage entity read as a consumer', () => {
  it('spelt as Backstage spells it, is broken by the removal', async () => {
    const r = await diff('  owner: group:acme/checkout\n  dependsOn: [resource:orders-db]\n  consumesApis: [api:users-service]\n');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('checkout-web');
  });

  it('with a key a typo away from consumesApis, is no decision naming the key meant, where it was a consumer of nothing', async () => {
    const r = await diff('  owner: group:acme/checkout\n  consumesAPIs: [api:users-service]\n');
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'error ERR_MANIFEST_INVALID: catalog-info.yaml:9: spec.consumesAPIs is not a key Backstage defines: did you mean "consumesApis"? ' +
        'Overseer reads spec.owner, spec.providesApis, spec.consumesApis, spelt as Backstage spells them\n' +
        'Run "overseer explain ERR_MANIFEST_INVALID" for what to do.\n',
    });
  });

  it('names a misspelt providesApis and owner alike', async () => {
    const r = await diff('  owners: group:acme/checkout\n  owner: group:acme/checkout\n  provideApis: [api:checkout-api]\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('catalog-info.yaml:8: spec.owners is not a key Backstage defines: did you mean "owner"?');
    expect(r.stderr).toContain('catalog-info.yaml:10: spec.provideApis is not a key Backstage defines: did you mean "providesApis"?');
  });
});
