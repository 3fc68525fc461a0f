// The tables whose writes may change who uses whom: each dialect's migration 11 puts a trigger on every one of them that
// moves the use generation, so the list is written once. A table added here, or rebuilt, needs its trigger again.
export const USE_GENERATION_TABLES = ['versions', 'declarations', 'version_branches', 'deployments'] as const;

// Migration 14's own number for the services table: a service described again changes no listing, so it leaves the use
// generation alone, and the dashboard's list of owners is kept by this one.
export const SERVICE_GENERATION_TABLES = ['services'] as const;

/** SQLite: a trigger per table and write that moves the one row of `counter`. */
export function sqliteGenerationTriggers(counter: string, tables: readonly string[]): string {
  return tables
    .flatMap((table) =>
      ['INSERT', 'UPDATE', 'DELETE'].map(
        (write) => `CREATE TRIGGER ${table}_${write.toLowerCase()}_${counter} AFTER ${write} ON ${table} BEGIN UPDATE ${counter} SET n = n + 1; END;`,
      ),
    )
    .join('\n');
}
