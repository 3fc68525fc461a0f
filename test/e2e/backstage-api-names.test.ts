// A Backstage consumer names the APIs it consumes (`users-api`), which Overseer takes as service names: when the
// registry knows no service of that name, publish says so plainly, with what to write instead.
// Against a registry run in the test's process, on a fresh SQLite file.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRegistry } from './registry-session.js';
import { publishFolder } from './service-folder.js';

const catalogInfo = (...apis: string[]) =>
  [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata: {name: checkout-web}',
    'spec:',
    '  type: website',
    '  owner: group:acme/checkout',
    `  consumesApis: [${apis.join(', ')}]`,
    '',
  ].join('\n');

const session = useRegistry({ name: 'backstage-api-names', setup: [['environment', 'create', 'production']] });
const cli = (...args: string[]) => session.cli(...args);
const publishCatalog = async (version: string, ...apis: string[]) => {
  const folder = join(session.dir, `checkout-web-${version}`);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'catalog-info.yaml'), catalogInfo(...apis));
  return cli('publish', '--manifest', join(folder, 'catalog-info.yaml'), '--version', version);
};

describe('a Backstage consumer of an API the registry does not know as a service', () => {
  it('is told that the API name is taken as a service name and what to write, and is not told so of a known service', async () => {
    const users = await publishFolder(cli, session.dir, 'users-service', '1.0.0', {
      contract: { openapi: '3.0.3', info: { title: 'users', version: '1' }, paths: {} },
    });
    expect(users.code, users.stderr).toBe(0);

    const published = await publishCatalog('1.0.0', 'api:users-api', 'api:default/users-service');
    expect(published.code, published.stderr).toBe(0);
    const warnings = published.stderr.split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      'checkout-web consumes the API users-api (spec.consumesApis), and the registry knows no service of that name: ' +
        "Overseer takes an API name as the name of the service providing it, so that service's gate never judges checkout-web, " +
        "and can-i-deploy refuses checkout-web saying users-api is not deployed; write the providing service's name in consumesApis",
    );

    const fixed = await publishCatalog('1.0.1', 'api:users-service');
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stderr).not.toContain('warning:');
  });
});
