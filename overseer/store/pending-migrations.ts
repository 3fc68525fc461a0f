// Which migrations a database still needs, decided the same way by both dialects: a database written by a newer
// Overseer (an applied id this one does not know) is refused rather than migrated underneath it.

import { StoreError } from './errors.js';

/** The migrations not yet applied, by id; ERR_STORE_SCHEMA when the database has one that is not among `migrations`. */
export function pendingMigrations<M extends { id: number }>(migrations: readonly M[], applied: readonly number[]): M[] {
  const known = new Set(migrations.map((m) => m.id));
  const unknown = applied.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new StoreError(
      'ERR_STORE_SCHEMA',
      `the database has migrations this Overseer does not know (${unknown.join(', ')}): it was written by a newer version`,
    );
  }
  const done = new Set(applied);
  return [...migrations].sort((a, b) => a.id - b.id).filter((m) => !done.has(m.id));
}
