// Small builders for store tests: contracts, declarations, verdicts and a seeded registry (no vitest: worker processes use them too).

import { createHash } from 'node:crypto';
import type { Declaration, OperationUsage, Verdict } from '../../../contracts/model.js';
import type { ContractFormat, ContractInput, PublishInput, Store } from '../../../overseer/store/store.js';

// Test-only canonical form: sorted keys; the engine's loader owns the real one.
function stringifyCanonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A minimal OpenAPI document whose paths are the given ones; `text` defaults to JSON of it. */
export function makeContract(paths: string[], options: { format?: ContractFormat; text?: string } = {}): ContractInput {
  const document = {
    openapi: '3.0.3',
    info: { title: 'test', version: '1' },
    paths: Object.fromEntries(paths.map((p) => [p, { get: { responses: { '200': { description: 'ok' } } } }])),
  };
  const canonical = stringifyCanonical(document);
  return { hash: sha256(canonical), canonical, text: options.text ?? JSON.stringify(document, null, 2), format: options.format ?? 'json' };
}

export function declare(consumer: string, provider: string, uses: '*' | Array<string | OperationUsage>): Declaration {
  return { consumer, provider, uses: uses === '*' ? '*' : uses.map((u) => (typeof u === 'string' ? { operation: u } : u)) };
}

export function makeVerdict(service: string, version: string, environment: string, deployable: boolean): Verdict {
  return {
    service,
    version,
    environment,
    decision: deployable ? 'deployable' : 'refused',
    deployable,
    reasons: deployable
      ? []
      : [{ code: 'provider-not-deployed', severity: 'error', message: `users-service is not deployed to ${environment}`, provider: 'users-service' }],
  };
}

/** Fluent seeding: `await seed(store).service('a').publish('a', '1.0.0').deploy('a', '1.0.0', 'production').done()`. */
export function seed(store: Store) {
  let chain: Promise<unknown> = Promise.resolve();
  const step = (work: () => Promise<unknown>) => {
    chain = chain.then(work);
    return builder;
  };
  const builder = {
    service: (name: string, owners: string[] = ['@acme/team']) => step(() => store.upsertService({ name, owners })),
    publish: (service: string, version: string, rest: Omit<PublishInput, 'service' | 'version'> = {}) =>
      step(() => store.publishVersion({ service, version, ...rest })),
    deploy: (service: string, version: string, environment: string) => step(() => store.recordDeployment({ service, version, environment })),
    done: async (): Promise<void> => {
      await chain;
    },
  };
  return builder;
}

/**
 * web, api and db-proxy, and api's history: 1.0.0 and 1.1.0 on main (1.1.0 uses all of db-proxy), 2.0.0 on next, published
 * out of version order. The suites of who-uses-whom reads add web's versions and the deployments they ask about.
 */
export function seedApiHistory(store: Store) {
  return seed(store)
    .service('web')
    .service('api')
    .service('db-proxy')
    .publish('api', '1.0.0', { branch: 'main', contract: makeContract(['/a']) })
    .publish('api', '2.0.0', { branch: 'next', contract: makeContract(['/a', '/b']) })
    .publish('api', '1.1.0', { branch: 'main', contract: makeContract(['/a', '/c']), declarations: [declare('api', 'db-proxy', '*')] });
}
