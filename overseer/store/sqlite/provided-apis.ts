// The APIs each service provides (migration 17) on SQLite: claimed when a Backstage entity is published, and the
// declarations naming them, earlier and later, resolved to the providing service. Runs inside the publication's transaction.

import type Database from 'better-sqlite3';
import type { Declaration } from '../../../contracts/index.js';
import { assertClaimable, listApiNames, resolveApiNames } from '../provided-apis.js';

export function createApiClaims(db: Database.Database) {
  const selectOwner = db.prepare<[string], string>('SELECT service FROM provided_apis WHERE api = ?').pluck();
  const selectIsService = db.prepare<[string], number>('SELECT 1 FROM services WHERE name = ?').pluck();
  const selectClaims = db.prepare<[string], string>('SELECT api FROM provided_apis WHERE service = ?').pluck();
  const insertClaim = db.prepare<[string, string]>('INSERT OR IGNORE INTO provided_apis (api, service) VALUES (?, ?)');
  const deleteClaim = db.prepare<[string]>('DELETE FROM provided_apis WHERE api = ?');
  // A consumer declaring the service by name too already uses all of it (a Backstage use is of everything): its
  // declaration of the API goes, the other becomes a use of everything.
  const widenTaken = db.prepare<{ api: string; service: string }>(
    `UPDATE declarations SET uses = '"*"' WHERE provider = :service AND EXISTS (SELECT 1 FROM declarations a
       WHERE a.service = declarations.service AND a.version = declarations.version AND a.provider = :api AND a.api = :api)`,
  );
  const deleteTaken = db.prepare<{ api: string; service: string }>(
    `DELETE FROM declarations WHERE provider = :api AND api = :api AND EXISTS (SELECT 1 FROM declarations t
       WHERE t.service = declarations.service AND t.version = declarations.version AND t.provider = :service)`,
  );
  const resolveEarlier = db.prepare<{ api: string; service: string }>('UPDATE declarations SET provider = :service WHERE provider = :api AND api = :api');
  const releaseEarlier = db.prepare<{ api: string; service: string }>('UPDATE declarations SET provider = :api WHERE provider = :service AND api = :api');

  function ownersOf(apis: readonly string[]): Map<string, string> {
    const owners = new Map<string, string>();
    for (const api of apis) {
      const owner = selectOwner.get(api);
      if (owner !== undefined) owners.set(api, owner);
    }
    return owners;
  }

  /** The service's claims become `apis`: a name it no longer lists goes back to its consumers as written. */
  function claim(service: string, apis: readonly string[]): void {
    const services = new Set(apis.filter((api) => selectIsService.get(api) === 1));
    assertClaimable(service, apis, { owners: ownersOf(apis), services });
    for (const api of selectClaims.all(service)) {
      if (apis.includes(api)) continue;
      deleteClaim.run(api);
      releaseEarlier.run({ api, service });
    }
    for (const api of apis) take(api, service);
  }

  /** Claims `api` for `service` unless someone holds it: the declarations naming it, earlier and later, name `service`. */
  function take(api: string, service: string): void {
    if (insertClaim.run(api, service).changes === 0) return;
    widenTaken.run({ api, service });
    deleteTaken.run({ api, service });
    resolveEarlier.run({ api, service });
  }

  return {
    /** The admin's move of `api` to `to`, taken from its holder (answered, if any) with the declarations that follow it. */
    move(api: string, to: string): string | undefined {
      const from = selectOwner.get(api);
      if (from === to) return from;
      if (from !== undefined) {
        deleteClaim.run(api);
        releaseEarlier.run({ api, service: from });
      }
      take(api, to);
      return from;
    },
    isService: (name: string) => selectIsService.get(name) === 1,
    /** Claims (when the publication brings a Backstage entity), then the declarations with their API names resolved. */
    prepare(service: string, declarations: readonly Declaration[], claims: readonly string[] | undefined): Declaration[] {
      if (claims !== undefined) claim(service, claims);
      return resolveApiNames(declarations, ownersOf(listApiNames(declarations)));
    },
  };
}
