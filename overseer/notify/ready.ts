// deprecation.ready: the last consumer in an environment stopped using a deprecated part, so removing it breaks
// nobody there. Checked after each deployment (and its end) for the providers it concerns, and periodically for
// all (observed calls age out of the window without any deployment). The store's migration watch remembers who
// used each part, so each "became ready" is announced once, in the transaction that records it.

import { compareText, describeMigrationPart, keyOfMigration, type Migration } from '../../contracts/index.js';
import { findDeprecatingDeployments } from '../gather/deprecating-contracts.js';
import { gatherMigrations, type MigrationWork, type ObservedSource, toLiveVersions } from '../gather/migrations.js';
import { groupBy } from '../group-by.js';
import type { DeploymentRecord, MigrationFreed, MigrationWatchRecord, Store } from '../store/store.js';
import { migrationsUrl, toAbsoluteUrl } from '../ui/urls.js';
import type { NotifyConfig } from './config.js';
import { gatherServices } from './detect.js';
import { EVENT_SCHEMA_VERSION, type NotificationEvent } from './events.js';
import { fanOutEvent } from './fanout.js';

interface MigrationCheckDeps {
  store: Store;
  /** The worker pool, where the stored contracts are read. */
  work: MigrationWork;
  config: NotifyConfig;
  /** Observed calls count as use, as at the gate; absent: declarations only. */
  observed?: ObservedSource;
  now: () => Date;
}

/** The periodic check: every provider deployed in every environment. Resolves to how many parts became ready. */
export async function checkAllMigrations(deps: MigrationCheckDeps): Promise<number> {
  let freed = 0;
  for (const { name: environment } of await deps.store.listEnvironments()) {
    const deployments = await deps.store.currentDeployments(environment);
    const providers = deployments.map((d) => d.service);
    freed += await checkMigrationsIn(deps, environment, providers, await deps.store.listMigrationWatch({ environment }), deployments);
  }
  return freed;
}

/**
 * After `service` was deployed to `environment` or ended there: the providers whose users may have changed. It as a
 * provider, those its live versions declare or it was seen calling, and those it used at the previous check.
 */
export async function checkMigrationsAfterDeployment(deps: MigrationCheckDeps, service: string, environment: string): Promise<number> {
  const { store } = deps;
  const providers = new Set([service]);
  for (const live of await store.liveDeployments(service, environment))
    for (const declaration of await store.getDeclarations(service, live.version)) providers.add(declaration.provider);
  for (const call of (await deps.observed?.listCalls({ consumer: service, environment })) ?? []) providers.add(call.provider);
  const watched = await store.listMigrationWatch({ environment });
  for (const row of watched) if (row.users.includes(service)) providers.add(row.provider);
  return checkMigrationsIn(deps, environment, providers, watched);
}

async function checkMigrationsIn(
  deps: MigrationCheckDeps,
  environment: string,
  providers: Iterable<string>,
  watched: readonly MigrationWatchRecord[],
  deployments?: readonly DeploymentRecord[],
): Promise<number> {
  const { store, work, config } = deps;
  const asked = [...new Set(providers)].sort(compareText);
  // Most providers deprecate nothing: their live contracts are screened a page at a time, and only those that may
  // deprecate a part, or have users remembered, are asked about one by one (at 5,000 services, thousands of round trips).
  const live = deployments ?? (await store.currentDeployments(environment, asked));
  const deprecating = new Set([...(await findDeprecatingDeployments(store, live)).keys()].map((d) => d.service));
  const remembered = new Set(watched.map((r) => r.provider));
  const checked = asked.filter((provider) => deprecating.has(provider) || remembered.has(provider));
  if (checked.length === 0) return 0;
  const webhooks = await store.listWebhooks();
  // Each provider's live versions as read above (by service, oldest first): not read again provider by provider.
  const liveOf = groupBy(live, (d) => d.service);
  let freed = 0;
  for (const provider of checked) {
    const rows = liveOf.get(provider) ?? [];
    const migrations = await gatherMigrations(store, work, provider, environment, deps.observed, toLiveVersions(rows));
    // Nothing deprecated now and nothing remembered: no transaction to spend (most providers).
    if (migrations.length === 0 && !remembered.has(provider)) continue;
    const byKey = new Map(migrations.map((m) => [keyOfMigration(m), m]));
    // The newest deployed or rolling version, as `currentDeployment` names it (a release is not the one deployed).
    const deployed = rows.filter((d) => d.live !== 'released').at(-1)?.version ?? '';
    // Read now: an outbox only assembles what was read before the transaction.
    const services = await gatherServices(store, [provider]);
    const occurredAt = deps.now().toISOString();
    // Ready here is not ready everywhere: who uses each part in the other environments, as their last check found.
    const elsewhere = (await store.listMigrationWatch({ provider })).filter((r) => r.environment !== environment && r.users.length > 0);
    const parts = migrations.map((m) => ({ key: keyOfMigration(m), users: m.users }));
    const announce = (list: MigrationFreed[]) =>
      list.flatMap((f) => {
        const usedElsewhere = elsewhere.filter((r) => r.key === f.key).map((r) => ({ environment: r.environment, users: r.users }));
        return fanOutEvent(buildReadyEvent(f, byKey.get(f.key)!, { deployed, services, config, occurredAt, usedElsewhere }), { config, webhooks });
      });
    freed += (await store.watchMigrations({ provider, environment, parts }, announce)).length;
  }
  return freed;
}

interface EventContext {
  /** The other environments where the part is still used, and by whom. */
  usedElsewhere: { environment: string; users: string[] }[];
  deployed: string;
  services: NotificationEvent['services'];
  config: NotifyConfig;
  occurredAt: string;
}

function buildReadyEvent(freed: MigrationFreed, migration: Migration, context: EventContext): NotificationEvent {
  const { provider, environment } = freed;
  const { operation, parameter, field, side, deprecatedIn, sunset } = migration;
  return {
    schemaVersion: EVENT_SCHEMA_VERSION,
    // The start of the run of use that ended names this transition: a part used again and freed again is news again.
    id: `deprecation.ready/${environment}/${provider}/${freed.key}/${freed.usedSince}`,
    type: 'deprecation.ready',
    occurredAt: context.occurredAt,
    headline: `${describeMigrationPart(migration)} of ${provider} is ready to remove in ${environment}: no consumer there uses it any more${describeElsewhere(context.usedElsewhere)}`,
    service: provider,
    version: context.deployed,
    environment,
    impacts: [],
    services: context.services,
    url: toAbsoluteUrl(context.config.publicUrl, migrationsUrl(provider, { environment })),
    ...(sunset !== null && { sunset }),
    migration: {
      operation,
      ...(parameter !== undefined && { parameter }),
      ...(field !== undefined && { field, side }),
      deprecatedIn,
      sunset,
      formerUsers: freed.formerUsers,
      ...(context.usedElsewhere.length > 0 && { usedElsewhere: context.usedElsewhere }),
    },
  };
}

/** `; still used in staging by web-app`: removing the part on this notice's word would be refused there. */
function describeElsewhere(usedElsewhere: EventContext['usedElsewhere']): string {
  if (usedElsewhere.length === 0) return '';
  return `; still used ${usedElsewhere.map((u) => `in ${u.environment} by ${u.users.join(', ')}`).join(', ')}`;
}
