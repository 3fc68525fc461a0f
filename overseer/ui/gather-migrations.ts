// Reads the Migrations page of a provider: its deprecated parts in each environment it is deployed in (or the one
// asked for), who still uses them there, declared or observed (as `GET /v1/services/{name}/migrations` answers),
// and the owners and Slack channels of those consumers, to know whom to ask.

import { gatherMigrations, listLiveVersions, type MigrationWork, type ObservedSource } from '../gather/migrations.js';
import type { Store } from '../store/store.js';
import type { MigrationsPageData } from './pages/migrations.js';

/** Undefined when there is no such service. */
export async function gatherMigrationsData(
  store: Store,
  work: MigrationWork,
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
    // A rollout under way runs two versions, and the older one's deprecated parts are still served: both are named.
    const live = await listLiveVersions(store, name, environment);
    if (live.length === 0) continue;
    // Each migration's `observed` names the users counted from traces alone, as the API answers: read from there.
    sections.push({ environment, version: live.join(', '), migrations: await gatherMigrations(store, work, name, environment, observed, live) });
  }
  const users = new Set(sections.flatMap((s) => s.migrations.flatMap((m) => [...m.users, ...(m.uncounted ?? [])])));
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
