// Registries for dashboard tests and the bench: a large synthetic one written straight into a Store,
// and the README's example services published through the real HTTP API. No vitest import: the bench
// and worker processes use these too.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildItemsDocument } from '../../bench/registry-seed.js';
import type { Declaration, OperationUsage, Verdict } from '../../contracts/model.js';
import { parseManifest } from '../../contracts/usage/manifest.js';
import type { ContractInput, Store } from '../../overseer/store/store.js';
import { stringifyCanonical } from '../../overseer/work/prepare-upload.js';

interface LargeRegistryOptions {
  services: number;
  /** Environments every service is deployed to; the first runs 1.0.0, the others 1.1.0. Default staging, production. */
  environments?: string[];
  /** Gate verdicts to record, one in five refused. Default 200. */
  verdicts?: number;
}

interface LargeRegistry {
  services: string[];
  environments: string[];
  /** Versions each service has: 1.0.0 and 1.1.0 on main, 2.0.0 on next (drops a field its consumers read). */
  versions: string[];
}

const LARGE_VERSIONS = ['1.0.0', '1.1.0', '2.0.0'];
// Each consumer uses up to this many providers among the services just before it: a layered, acyclic graph.
const MAX_PROVIDERS = 3;
const PROVIDER_WINDOW = 40;

export function nameLargeService(i: number): string {
  return `service-${String(i + 1).padStart(4, '0')}`;
}

/** Writes `services` services with three versions each, their uses of each other, deployments and verdicts. */
export async function seedLargeRegistry(store: Store, options: LargeRegistryOptions): Promise<LargeRegistry> {
  const environments = options.environments ?? ['production', 'staging'];
  const services = Array.from({ length: options.services }, (_, i) => nameLargeService(i));
  for (const [i, name] of services.entries()) {
    await store.upsertService({ name, owners: [`@acme/team-${i % 25}`], slack: `#team-${i % 25}` });
  }
  for (const [i, name] of services.entries()) {
    const declarations = declareLargeUses(i);
    for (const version of LARGE_VERSIONS) {
      const branch = version === '2.0.0' ? 'next' : 'main';
      await store.publishVersion({ service: name, version, branch, contract: buildLargeContract(i, version), declarations });
    }
  }
  for (const [e, environment] of environments.entries()) {
    await store.createEnvironment(environment);
    for (const name of services) await store.recordDeployment({ service: name, version: e === 0 ? '1.0.0' : '1.1.0', environment });
  }
  const verdicts = options.verdicts ?? 200;
  for (let n = 0; n < verdicts; n++) await store.recordVerdict(makeLargeVerdict(services, n, environments[n % environments.length]), 'bench');
  return { services, environments, versions: LARGE_VERSIONS };
}

function declareLargeUses(i: number): Declaration[] {
  const consumer = nameLargeService(i);
  const providers = new Set<number>();
  // One to three providers each; all but a dozen services end up with consumers (about 1000 uses for 500).
  for (let m = 0; m < Math.min(1 + (i % MAX_PROVIDERS), i); m++) providers.add(i - 1 - ((i * 7 + m * 13) % Math.min(i, PROVIDER_WINDOW)));
  return [...providers].map((j) => {
    const provider = nameLargeService(j);
    if (i % 10 === 0) return { consumer, provider, uses: '*' };
    const uses: OperationUsage[] = [
      { operation: `GET /r${j}/items/{id}`, response: ['id', 'name', 'status', 'legacyCode'] },
      { operation: `listItems${j}`, params: ['limit'], response: ['items[].id'] },
    ];
    if (i % 3 === 0) uses.push({ operation: `POST /r${j}/items`, request: ['name'] });
    return { consumer, provider, uses };
  });
}

/** A small but real contract: three operations over one schema; 1.1.0 adds a field, 2.0.0 drops `status`. */
export function buildLargeContract(i: number, version: string): ContractInput {
  const doc = buildItemsDocument(i, nameLargeService(i), version, {
    id: { type: 'string' },
    name: { type: 'string' },
    ...(version !== '2.0.0' && { status: { type: 'string', enum: ['active', 'retired'] } }),
    legacyCode: { type: 'string', deprecated: true },
    ...(version !== '1.0.0' && { createdAt: { type: 'string', format: 'date-time' } }),
  });
  const canonical = stringifyCanonical(doc);
  return { hash: createHash('sha256').update(canonical, 'utf8').digest('hex'), canonical, text: JSON.stringify(doc, null, 2), format: 'json' };
}

export const chainServiceName = (i: number): string => `svc-${String(i).padStart(4, '0')}`;

/**
 * `count` services, each using the hub (svc-0000) and the service before it, so any service's neighbourhood is large;
 * one contract for all, stored once. With `environment`, every version is deployed there.
 */
export async function seedServiceChain(store: Store, count: number, options: { environment?: string } = {}): Promise<void> {
  const contract = buildLargeContract(0, '1.0.0');
  if (options.environment !== undefined) await store.createEnvironment(options.environment);
  for (let i = 0; i < count; i++) {
    const name = chainServiceName(i);
    await store.upsertService({ name, owners: [`@acme/team-${i % 40}`] });
    const providers = i === 0 ? [] : [...new Set([chainServiceName(0), chainServiceName(i - 1)])];
    const declarations = providers.map((provider) => ({ consumer: name, provider, uses: [{ operation: 'GET /r0/items/{id}', response: ['id'] }] }));
    await store.publishVersion({ service: name, version: '1.0.0', branch: 'main', contract, declarations });
    if (options.environment !== undefined) await store.recordDeployment({ service: name, version: '1.0.0', environment: options.environment });
  }
}

function makeLargeVerdict(services: string[], n: number, environment: string): Verdict {
  const service = services[(n * 37) % services.length];
  if (n % 5 !== 0) return { decision: 'deployable', deployable: true, service, version: '1.1.0', environment, reasons: [] };
  const consumer = services[(n * 37 + 1) % services.length];
  const message = `${service} 2.0.0 would break ${consumer} 1.0.0: response property \`status\` was removed`;
  return {
    decision: 'refused',
    deployable: false,
    service,
    version: '2.0.0',
    environment,
    reasons: [{ code: 'breaks-consumer', severity: 'error', message, consumer, consumerVersion: '1.0.0', provider: service, providerVersion: '2.0.0' }],
  };
}

// ---- The README's example services, through the HTTP API ----

export const EXAMPLE_SERVICES = ['users-service', 'orders-service', 'checkout-web', 'billing-worker'] as const;

export interface ExampleRegistry {
  /** The verdict that refused users-service 2.0.0 in production (it breaks checkout-web). */
  refusedVerdictId: number;
}

/**
 * Publishes the four example services at 1.0.0 and deploys them to production and staging; publishes users-service
 * 1.1.0, 1.2.0 (marks `User.email` deprecated, deployed to staging) and 2.0.0 (drops it); asks the gate about 2.0.0
 * in production, which refuses.
 */
export async function seedExampleRegistry(baseUrl: string): Promise<ExampleRegistry> {
  const call = createCaller(baseUrl);
  const read = (file: string) => readFile(path.join(findExamples(), file), 'utf8');
  for (const name of ['production', 'staging']) await call('POST', '/v1/environments', { name });
  for (const service of EXAMPLE_SERVICES) {
    const manifest = await read(`${service}/overseer.yaml`);
    const { owners, slack, repository } = parseManifest(manifest, `${service}/overseer.yaml`);
    await call('PUT', `/v1/services/${service}`, { owners, ...(slack && { slack }), ...(repository && { repository }) });
    const contract = await read(`${service}/openapi.yaml`);
    await call('POST', `/v1/services/${service}/versions`, { version: '1.0.0', branch: 'main', contract, contractFile: 'openapi.yaml', manifest });
    for (const environment of ['production', 'staging']) await call('POST', '/v1/deployments', { service, version: '1.0.0', environment });
  }
  const manifest = await read('users-service/overseer.yaml');
  const v11 = await read('users-service/openapi.v1.1.yaml');
  const v12 = v11
    .replace('version: 1.1.0', 'version: 1.2.0')
    .replace(/(\n {4}User:[\s\S]*?\n {8}email: \{ type: string, format: email)( \})/, '$1, deprecated: true$2');
  if (!v12.includes('deprecated: true')) throw new Error('seedExampleRegistry: the example User schema changed; update the 1.2.0 edit');
  const publish = (version: string, contract: string) =>
    call('POST', '/v1/services/users-service/versions', { version, branch: 'main', contract, contractFile: 'openapi.yaml', manifest });
  await publish('1.1.0', v11);
  await publish('1.2.0', v12);
  await publish('2.0.0', await read('users-service/openapi.v2.yaml'));
  // Asked by POST, as the CLI asks: recorded in the audit trail that the dashboard shows.
  await call('POST', '/v1/can-i-deploy', { service: 'users-service', version: '1.2.0', environment: 'staging' });
  await call('POST', '/v1/deployments', { service: 'users-service', version: '1.2.0', environment: 'staging' });
  const refused = (await call('POST', '/v1/can-i-deploy', { service: 'users-service', version: '2.0.0', environment: 'production' })) as {
    deployable: boolean;
  };
  if (refused.deployable) throw new Error('seedExampleRegistry: the gate should refuse users-service 2.0.0 in production');
  const { verdicts } = (await call('GET', '/v1/verdicts?service=users-service&limit=1')) as { verdicts: { id: number }[] };
  return { refusedVerdictId: verdicts[0].id };
}

function findExamples(): string {
  // Run from source (test/helpers) or from the build (dist/test/helpers): the examples are at the repository root.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'examples', 'users-service'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('seedExampleRegistry: cannot find the examples folder');
    dir = parent;
  }
  return path.join(dir, 'examples');
}

function createCaller(baseUrl: string) {
  return async (method: string, url: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(new URL(url, baseUrl), {
      method,
      ...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`seeding failed: ${method} ${url} -> ${response.status} ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  };
}
