// Vitest global setup of the files that use PostgreSQL: one cluster for the whole run instead of one
// initdb and server per file; each file still works in databases of its own.
import type { TestProject } from 'vitest/node';
import { startOwnPostgres } from './postgres.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startOwnPostgres();
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
