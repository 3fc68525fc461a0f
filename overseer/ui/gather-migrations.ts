// Reads the Migrations page of a provider: its deprecated parts in each environment it is deployed in (or the one
// asked for), who still uses them there, declared or observed (as `GET /v1/services/{name}/migrations` answers),
// and the owners and Slack channels of those consumers, to know whom to ask.

import { keyOfMigration, type Migration } from '../../contracts/index.js';
import type { ContractCache } from '../contract-cache.js';
import { gatherMigrations, type ObservedSource } from '../routes/migrations.js';
import type { Store } from '../store/store.js';
import type { MigrationsPageData } from './pages/migrations.js';

/** Undefined when there is no such service. */
export async function gatherMigrationsData(
  store: Store,
  contracts: ContractCache,
  observed: ObservedSource | undefined,
  name: string,
  request: { environment?: string },
): Promise<MigrationsPageData | undefined> {
  const service = await store.getService(name);
  if (!service) return undefined;
  const environments = (await store.listEnvironments()).map((e) => e.name);
  const asked = request.environment;
  const known = asked !== undefined && environments.includes(asked) ? asked : undefined;
  const shown = known !== undefined ? [known] : asked === undefined ? environments : [];
  const sections: MigrationsPageData['sections'] = [];
  for (const environment of shown) {
    const deployed = await store.currentDeployment(name, environment);
    if (!deployed) continue;
    const migrations = await gatherMigrations(store, contracts, name, environment, observed);
    sections.push({
      environment,
      version: deployed.version,
      migrations,
      observedOnly: await findObservedOnly(migrations, () => gatherMigrations(store, contracts, name, environment)),
    });
  }
  const users = new Set(sections.flatMap((s) => s.migrations.flatMap((m) => m.users)));
  const consumers: MigrationsPageData['consumers'] = {};
  for (const user of users) {
    const record = await store.getService(user);
    consumers[user] = { owners: record?.owners ?? [], ...(record?.slack !== undefined && { slack: record.slack }) };
  }
  return {
    service: name,
    environments,
    ...(known !== undefined && { environment: known }),
    sections,
    consumers,
  };
}

/**
 * Per part (keyOfMigration), the consumers counted only because traces show them calling it: the users of the same
 * parts judged on declarations alone are the declared ones. Read only when some part is used at all.
 */
async function findObservedOnly(migrations: readonly Migration[], readDeclared: () => Promise<Migration[]>): Promise<Record<string, string[]>> {
  if (migrations.every((m) => m.users.length === 0)) return {};
  const declared = new Map((await readDeclared()).map((m) => [keyOfMigration(m), new Set(m.users)]));
  const out: Record<string, string[]> = {};
  for (const m of migrations) {
    const only = m.users.filter((u) => !declared.get(keyOfMigration(m))?.has(u));
    if (only.length > 0) out[keyOfMigration(m)] = only;
  }
  return out;
}
