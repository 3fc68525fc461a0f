// The APIs each service provides (migration 17) on PostgreSQL: claimed when a Backstage entity is published, and the
// declarations naming them, earlier and later, resolved to the providing service. Runs inside the publication's transaction.

import type { Declaration } from '../../../contracts/index.js';
import { assertClaimable, assertNameUnclaimed, listApiNames, resolveApiNames } from '../provided-apis.js';
import { LOCKS, type Transaction } from './db.js';

/**
 * Writers of a name (a new service, an API claimed) wait for each other until commit: each reads what the other wrote,
 * so a service and an API of one name registered at once cannot both pass their checks. Sorted, so two claims of
 * several names take them in one order.
 */
async function lockNames(tx: Transaction, names: readonly string[]): Promise<void> {
  for (const name of [...new Set(names)].sort()) await tx.query('SELECT pg_advisory_xact_lock($1::int4, hashtext($2))', [LOCKS.names, name]);
}

/** A new service may not go by a name another service provides as an API. */
export async function assertServiceNameFree(tx: Transaction, name: string): Promise<void> {
  await lockNames(tx, [name]);
  const [row] = await tx.query<{ service: string }>('SELECT service FROM provided_apis WHERE api = $1', [name]);
  assertNameUnclaimed(name, row?.service);
}

async function ownersOf(tx: Transaction, apis: readonly string[]): Promise<Map<string, string>> {
  if (apis.length === 0) return new Map();
  const rows = await tx.query<{ api: string; service: string }>('SELECT api, service FROM provided_apis WHERE api = ANY($1::text[])', [[...apis]]);
  return new Map(rows.map((r) => [r.api, r.service]));
}

async function servicesNamed(tx: Transaction, names: readonly string[]): Promise<Set<string>> {
  const rows = await tx.query<{ name: string }>('SELECT name FROM services WHERE name = ANY($1::text[])', [[...names]]);
  return new Set(rows.map((r) => r.name));
}

/** A name it no longer lists goes back to its consumers as written. */
async function release(tx: Transaction, service: string, kept: readonly string[]): Promise<void> {
  const held = await tx.query<{ api: string }>('SELECT api FROM provided_apis WHERE service = $1', [service]);
  for (const { api } of held) {
    if (kept.includes(api)) continue;
    await tx.execute('DELETE FROM provided_apis WHERE api = $1', [api]);
    await tx.execute('UPDATE declarations SET provider = $1 WHERE provider = $2 AND api = $1', [api, service]);
  }
}

/** Earlier declarations of a newly claimed API now name its service; one beside a declaration of that service merges into it. */
async function resolveEarlier(tx: Transaction, api: string, service: string): Promise<void> {
  await tx.execute(
    `UPDATE declarations d SET uses = '"*"'::json WHERE d.provider = $2 AND EXISTS (SELECT 1 FROM declarations a
       WHERE a.service = d.service AND a.version = d.version AND a.provider = $1 AND a.api = $1)`,
    [api, service],
  );
  await tx.execute(
    `DELETE FROM declarations d WHERE d.provider = $1 AND d.api = $1 AND EXISTS (SELECT 1 FROM declarations t
       WHERE t.service = d.service AND t.version = d.version AND t.provider = $2)`,
    [api, service],
  );
  await tx.execute('UPDATE declarations SET provider = $2 WHERE provider = $1 AND api = $1', [api, service]);
}

async function claim(tx: Transaction, service: string, apis: readonly string[]): Promise<void> {
  await lockNames(tx, apis);
  assertClaimable(service, apis, { owners: await ownersOf(tx, apis), services: await servicesNamed(tx, apis) });
  await release(tx, service, apis);
  for (const api of apis) {
    const added = await tx.execute('INSERT INTO provided_apis (api, service) VALUES ($1, $2) ON CONFLICT (api) DO NOTHING', [api, service]);
    // Another service's publication may have claimed it since the check: its claim stands.
    if (added === 0) assertClaimable(service, [api], { owners: await ownersOf(tx, [api]), services: new Set() });
    else await resolveEarlier(tx, api, service);
  }
}

/** The admin's move of `api` to `to`, taken from its holder (answered, if any) with the declarations that follow it. */
export async function moveApi(tx: Transaction, api: string, to: string): Promise<string | undefined> {
  await lockNames(tx, [api]);
  const from = (await ownersOf(tx, [api])).get(api);
  if (from === to) return from;
  if (from !== undefined) {
    await tx.execute('DELETE FROM provided_apis WHERE api = $1', [api]);
    await tx.execute('UPDATE declarations SET provider = $1 WHERE provider = $2 AND api = $1', [api, from]);
  }
  await tx.execute('INSERT INTO provided_apis (api, service) VALUES ($1, $2)', [api, to]);
  await resolveEarlier(tx, api, to);
  return from;
}

/** Whether a service goes by `name`, read under the lock its registration takes. */
export async function isServiceName(tx: Transaction, name: string): Promise<boolean> {
  await lockNames(tx, [name]);
  return (await servicesNamed(tx, [name])).has(name);
}

/** Claims (when the publication brings a Backstage entity), then the declarations with their API names resolved. */
export async function prepareDeclarations(
  tx: Transaction,
  service: string,
  declarations: readonly Declaration[],
  claims: readonly string[] | undefined,
): Promise<Declaration[]> {
  if (claims !== undefined) await claim(tx, service, claims);
  return resolveApiNames(declarations, await ownersOf(tx, listApiNames(declarations)));
}
