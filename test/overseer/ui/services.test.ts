// The dashboard's services list: a row a service with the version deployed in each environment, filtered by the store.
import { describe, expect, it } from 'vitest';
import type { DeploymentRecord, ServiceRecord, VersionRecord } from '../../../overseer/store/store.js';
import { buildServicesView, findBranchHeads, renderServicesPage } from '../../../overseer/ui/pages/services.js';

const AT = '2026-01-01T00:00:00.000Z';
const service = (name: string, owners: string[]): ServiceRecord => ({ name, owners, createdAt: AT, updatedAt: AT });
const version = (s: string, v: string, branches: string[]): VersionRecord => ({ service: s, version: v, branches, contractHash: null, createdAt: AT });
const deployed = (s: string, v: string, environment: string): DeploymentRecord => ({
  id: 1,
  service: s,
  version: v,
  environment,
  deployedAt: AT,
  live: 'deployed',
  replacedAt: null,
});

describe('services page', () => {
  const data = {
    services: [service('billing-worker', ['@acme/billing']), service('users-service', ['@acme/identity', '<b>evil</b>'])],
    total: 2,
    matching: 2,
    page: 1,
    versions: [
      version('users-service', '1.0.0', ['main']),
      version('users-service', '1.1.0', ['main', 'release']),
      version('users-service', '2.0.0-rc.1', ['feature/x']),
      version('users-service', 'abc123', []),
    ],
    environments: ['production', 'staging'],
    deployments: [deployed('users-service', '1.0.0', 'production'), deployed('users-service', '1.1.0', 'staging')],
  };

  it('finds the latest version on each branch, main first, unbranched last', () => {
    expect(findBranchHeads(data.versions)).toEqual([
      { branch: 'main', version: '1.1.0' },
      { branch: 'feature/x', version: '2.0.0-rc.1' },
      { branch: 'release', version: '1.1.0' },
      { branch: '', version: 'abc123' },
    ]);
  });

  it('builds one row per service with the version deployed in each environment', () => {
    const view = buildServicesView(data);
    expect(view.rows.map((r) => [r.name, r.deployed])).toEqual([
      ['billing-worker', [undefined, undefined]],
      ['users-service', ['1.0.0', '1.1.0']],
    ]);
    expect(view.rows[1].href).toBe('/services/users-service');
  });

  it('says how many of how many services match the filter the store applied', () => {
    const filtered = { ...data, services: [data.services[1]], matching: 1, query: 'IDENTITY' };
    expect(renderServicesPage(buildServicesView(filtered))).toContain('1 of 2 services match “IDENTITY”.');
    const none = renderServicesPage(buildServicesView({ ...filtered, services: [], matching: 0, query: 'nobody' }));
    expect(none).toContain('0 of 2 services match “nobody”.');
    expect(none).toContain('No service matches this filter.');
  });

  it('renders a table with escaped owners, environment columns and the filter form', () => {
    const page = renderServicesPage(buildServicesView(data));
    expect(page).toContain('<th scope="col">production</th><th scope="col">staging</th>');
    expect(page).toContain('&lt;b&gt;evil&lt;/b&gt;');
    expect(page).not.toContain('<b>evil</b>');
    expect(page).toContain('<a href="/services/users-service">users-service</a>');
    expect(page).toContain('name="q"');
  });

  it('says so when there is no service yet', () => {
    const page = renderServicesPage(buildServicesView({ services: [], total: 0, matching: 0, page: 1, versions: [], environments: [], deployments: [] }));
    expect(page).toContain('No service is registered yet');
  });
});
