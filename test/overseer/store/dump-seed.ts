// The registry the dump tests move between stores: something of every kind, and what to compare after a move.

import { stringify as stringifyYaml } from 'yaml';
import { decideDeploy } from '../../../contracts/gate.js';
import { type LoadedContract, parseContract } from '../../../contracts/index.js';
import type { Store } from '../../../overseer/store/store.js';
import { declare, makeContract, makeVerdict, seed, sha256 } from './builders.js';

export const USERS_V1 = makeContract(['/users/{id}']);
// Import parses every text again: a contract said to be YAML must be written as YAML.
export const USERS_V2 = (() => {
  const contract = makeContract(['/users/{id}', '/users'], { format: 'yaml' });
  return { ...contract, text: stringifyYaml(JSON.parse(contract.text)) };
})();
export const USERS_V3 = makeContract(['/users']); // drops GET /users/{id}, which web-app uses
const ORDERS = makeContract(['/orders']);
const ENVIRONMENTS = ['production', 'staging'];
export const REMOVAL_WAIVER = {
  rule: 'api-path-removed-without-deprecation',
  operation: 'GET /users/{id}',
  consumer: 'web-app',
  reason: 'web-app moves to GET /users first',
  expires: '2999-12-31',
  file: 'waivers.yaml',
  line: 1,
};

/** A registry with something of every kind: history, rollbacks, branches, shared contracts, verdicts, tokens. */
export async function seedRegistry(store: Store): Promise<void> {
  await store.upsertService({
    name: 'users-service',
    owners: ['@acme/users', '@alice'],
    slack: '#users',
    slackMention: 'S0USERS',
    repository: 'acme/users',
    hosts: ['users.internal', 'users.example.com'],
  });
  await seed(store)
    .service('web-app')
    .service('mobile-app')
    .service('orders-service')
    .publish('users-service', '1.0.0', { contract: USERS_V1, branch: 'main', commit: 'aaa111', publisher: 'release-bot' })
    .publish('users-service', '1.1.0', { contract: USERS_V2, branch: 'release' })
    .publish('users-service', '1.1.0', { contract: USERS_V2, branch: 'main' })
    .publish('users-service', '2.0.0', { contract: USERS_V3, branch: 'feature-x', waivers: [REMOVAL_WAIVER] })
    .publish('orders-service', '1.0.0', { contract: ORDERS })
    .publish('orders-service', '1.0.1', { contract: ORDERS })
    .publish('web-app', 'f3c1a9e', {
      branch: 'main',
      declarations: [declare('web-app', 'users-service', [{ operation: 'GET /users/{id}', response: ['id'], line: 4 }])],
    })
    .publish('web-app', '0a1b2c3', {
      branch: 'main',
      declarations: [declare('web-app', 'users-service', ['GET /users/{id}']), declare('web-app', 'orders-service', '*')],
    })
    .publish('mobile-app', '1.0.0', { declarations: [declare('mobile-app', 'users-service', '*')] })
    .deploy('users-service', '1.0.0', 'production')
    .deploy('users-service', '1.0.0', 'staging')
    .deploy('users-service', '1.1.0', 'staging')
    .deploy('users-service', '1.0.0', 'staging')
    .deploy('web-app', 'f3c1a9e', 'production')
    .deploy('web-app', '0a1b2c3', 'staging')
    .deploy('mobile-app', '1.0.0', 'production')
    .deploy('orders-service', '1.0.0', 'production')
    .done();
  await store.recordVerdict(makeVerdict('users-service', '2.0.0', 'production', false), 'ci-users');
  // Asked twice: one record counting both, whose count and last time asked must move with it.
  const refused = await store.recordVerdict(makeVerdict('users-service', '2.0.0', 'production', false), 'ci-users');
  await store.recordVerdict(makeVerdict('web-app', '0a1b2c3', 'production', true), 'anonymous');
  const change = { id: REMOVAL_WAIVER.rule, level: 'breaking' as const, operation: 'GET /users/{id}', location: '/paths/~1users~1{id}', side: 'base' as const };
  const waived = [{ consumer: 'web-app', consumerVersion: 'f3c1a9e', change: { ...change, message: 'removed', target: { kind: 'operation' as const } } }];
  const notices = [{ code: 'waiver-unused', message: 'matches nothing', file: 'waivers.yaml', line: 9 }];
  const { reason, expires, file, line } = REMOVAL_WAIVER;
  await store.recordVerdict(
    { ...makeVerdict('users-service', '2.0.0', 'staging', true), waived: waived.map((w) => ({ ...w, waiver: { reason, expires, file, line } })), notices },
    'ci-users',
  );
  await store.createToken({ name: 'admin', service: null, hash: sha256('admin-secret') });
  await store.createToken({ name: 'ci-web', service: 'web-app', hash: sha256('web-secret') });
  await store.createToken({ name: 'otel-collector', service: null, scope: 'ingest', hash: sha256('ingest-secret') });
  await seedOutbox(store, refused.id);
  // Calls seen in traces: what the gate counts beside declarations, with and without the caller's version.
  const seen = { provider: 'users-service', operation: 'GET /users/{id}', environment: 'production', firstSeen: '2026-11-20T08:00:00.000Z' };
  await store.recordObservedCalls([
    { ...seen, consumer: 'web-app', consumerVersion: 'f3c1a9e', count: 41, lastSeen: '2026-12-01T09:30:00.000Z' },
    { ...seen, consumer: 'billing-worker', count: 7, lastSeen: '2026-11-28T23:59:59.000Z' },
  ]);
}

/** A webhook, and notifications delivered, dead-lettered and pending (one still leased). */
async function seedOutbox(store: Store, verdictId: number): Promise<void> {
  await store.createWebhook({ url: 'https://hooks.example.com/overseer', events: ['*'], secret: 'hook-secret' });
  const notify = (key: string) => ({ key, event: 'deploy.refused', channel: 'slack' as const, target: '#users', payload: { text: key, n: [1, 2] } });
  await store.enqueueNotifications([notify('a'), notify('b'), { ...notify('c'), verdictId }, notify('d')]);
  const [first, second, third] = await store.claimNotifications({ owner: 'worker-1', limit: 3, leaseMs: 60_000 });
  await store.markNotificationDelivered(first.id);
  await store.markNotificationFailed(second.id, 'worker-1', { error: 'HTTP 500', retryInMs: null });
  await store.markNotificationFailed(third.id, 'worker-1', { error: 'timeout', retryInMs: 0 });
}

/** Everything the Store interface answers about the seeded registry. */
export async function readEverything(store: Store) {
  const services = await store.listServices();
  const perService = await Promise.all(
    services.map(async ({ name }) => {
      const versions = await store.listVersions(name);
      return {
        versions,
        latest: await store.latestVersion(name),
        latestOnMain: await store.latestVersion(name, 'main'),
        declarations: await Promise.all(versions.map((v) => store.getDeclarations(name, v.version))),
        history: await store.deploymentHistory({ service: name }),
        consumers: await Promise.all([undefined, 'main'].map((branch) => store.listConsumersOf(name, branch ? { branch } : {}))),
        deployedConsumers: await Promise.all(ENVIRONMENTS.map((environment) => store.listConsumersOf(name, { environment }))),
        contracts: await Promise.all(versions.map((v) => (v.contractHash ? store.getContract(v.contractHash) : undefined))),
      };
    }),
  );
  return {
    services,
    perService,
    environments: await store.listEnvironments(),
    current: await Promise.all(ENVIRONMENTS.map((e) => store.currentDeployments(e))),
    history: await store.deploymentHistory({ limit: 1000 }),
    verdicts: await store.listVerdicts({ limit: 1000 }),
    tokens: await store.listTokens(),
    tokenByHash: await store.findTokenByHash(sha256('web-secret')),
    webhooks: await store.listWebhooks(),
    notifications: await store.listNotifications({ limit: 1000 }),
    observed: await store.listObservedCalls(),
  };
}

/** The gate's answer for every version of every service in every environment, from what the store holds. */
export async function askGate(store: Store): Promise<string[]> {
  // Each stored text parsed once, here: what the store holds decides, not how a registry would parse it (no pool runs).
  const parsed = new Map<string, Promise<LoadedContract | undefined>>();
  const contractOf = (hash: string) => {
    if (!parsed.has(hash))
      parsed.set(
        hash,
        store
          .readContractText(hash)
          .then((text) => (text === undefined ? undefined : parseContract(text, `contract ${hash.slice(0, 12)}`, { validate: false, maxBytes: Infinity }))),
      );
    return parsed.get(hash)!;
  };
  const gateVersion = async (service: string, version: string) => {
    const record = await store.getVersion(service, version);
    const contract = record?.contractHash ? await contractOf(record.contractHash) : undefined;
    return record && { service, version, declarations: await store.getDeclarations(service, version), ...(contract && { contract }) };
  };
  const answers: string[] = [];
  for (const { name } of await store.listServices()) {
    for (const { version } of await store.listVersions(name)) {
      for (const environment of ENVIRONMENTS) {
        const deployed = await Promise.all((await store.currentDeployments(environment)).map((d) => gateVersion(d.service, d.version)));
        const candidate = await gateVersion(name, version);
        const verdict = decideDeploy({
          service: name,
          version,
          environment,
          candidate,
          deployed: deployed.filter((d) => d !== undefined),
          today: '2026-01-01',
        });
        answers.push(`${name} ${version} ${environment}: ${verdict.deployable} ${verdict.reasons.map((r) => r.code).join(',')}`);
      }
    }
  }
  return answers;
}

export async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const line of lines) all.push(line);
  return all;
}

/**
 * A dump's lines changed by hand, sealed again as a hand edit that knows the format would: its checksum line (format 7
 * on) made anew from the lines before it. An older format, or a dump cut before its end line, is left as it is.
 */
export function sealDump(lines: readonly string[]): string[] {
  const kept = lines.map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('{"kind":"checksum"'));
  const sealed = JSON.parse(kept[0] ?? '{}').format >= 7 && JSON.parse(kept.at(-1) ?? '{}').kind === 'end';
  return sealed ? [...kept, JSON.stringify({ kind: 'checksum', sha256: sha256(kept.map((l) => `${l}\n`).join('')) })] : kept;
}
