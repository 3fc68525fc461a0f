// Which migrations a database still needs, decided the same way by both dialects: a database written by a newer
// Overseer (an applied id this one does not know) is refused rather than migrated underneath it.

import { StoreError } from './errors.js';

/** The highest migration id `migrations` holds: what this Overseer knows. */
export const newestMigration = (migrations: readonly { id: number }[]): number => Math.max(0, ...migrations.map((m) => m.id));

/**
 * ERR_STORE_SCHEMA for a database holding migrations beyond `known`: at start (`running` false), or found by a
 * replica already serving while a newer one migrated the database under it (a rolling upgrade).
 */
export function newerSchema(found: readonly number[], known: number, running = false): StoreError {
  const ids = `${found.join(', ')}; this Overseer knows migrations up to ${known}`;
  const message = running
    ? `a newer Overseer migrated the database while this one was running (${ids}): this replica writes nothing more; upgrade it`
    : `the database has migrations this Overseer does not know (${ids}): it was written by a newer version`;
  return new StoreError('ERR_STORE_SCHEMA', message, { found: [...found], newestKnown: known });
}

/** The migrations not yet applied, by id; ERR_STORE_SCHEMA when the database has one that is not among `migrations`. */
export function pendingMigrations<M extends { id: number }>(migrations: readonly M[], applied: readonly number[]): M[] {
  const known = new Set(migrations.map((m) => m.id));
  const unknown = applied.filter((id) => !known.has(id)).sort((a, b) => a - b);
  if (unknown.length > 0) throw newerSchema(unknown, newestMigration(migrations));
  const done = new Set(applied);
  return [...migrations].sort((a, b) => a.id - b.id).filter((m) => !done.has(m.id));
}
