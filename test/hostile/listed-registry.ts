// A registry on loopback whose routes are read from fastify as it registers them, not listed by hand: a test over
// "every route" then covers a route added tomorrow, or fails saying which one has no case.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../overseer/app.js';
import { parseConfig } from '../../overseer/config.js';
import { openPostgresStore } from '../../overseer/store/postgres/index.js';
import { openSqliteStore } from '../../overseer/store/sqlite/index.js';
import type { Store } from '../../overseer/store/store.js';
import { reusedSchemaController } from '../helpers/app-schemas.js';
import { reusedWorkPool } from '../helpers/app-work.js';
import { writeMigratedSqlite } from '../helpers/migrated-sqlite.js';

export interface ListedRegistry {
  url: string;
  /** `METHOD /pattern` of every route (HEAD, which fastify adds beside each GET, left out). */
  routes: string[];
  /** Connections the registry holds open now, as its server counts them. */
  connections(): Promise<number>;
  close(): Promise<void>;
}

/** Starts a registry with `env` on a fresh SQLite file, or on the PostgreSQL database at `databaseUrl`. */
export async function startListedRegistry(env: Record<string, string>, databaseUrl?: string): Promise<ListedRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'overseer-listed-'));
  const config = parseConfig({ db: join(dir, 'registry.db') }, env);
  let store: Store;
  if (databaseUrl) store = await openPostgresStore(databaseUrl);
  else {
    await writeMigratedSqlite(config.db);
    store = openSqliteStore(config.db);
  }
  const app = buildApp({ config, store, schemaController: reusedSchemaController(), work: reusedWorkPool(config, env) });
  const routes: string[] = [];
  // The plugins register their routes at listen (avvio loads them then), after this hook is in place.
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    routes,
    connections: () => new Promise((resolve, reject) => app.server.getConnections((error, count) => (error ? reject(error) : resolve(count)))),
    close: async () => {
      await app.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
