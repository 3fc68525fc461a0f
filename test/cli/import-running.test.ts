// A restore into the SQLite file of a registry that is running: `overseer import` wrote under the feet of the running
// process (whose caches then disagreed with its file), where the README says to stop it first. It is refused now, as a
// second `overseer serve` on the file is, naming the process that serves it; nothing is written.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RegistryHere, runCliHere, startRegistryHere } from '../e2e/in-process.js';
import { useRegistry } from '../e2e/registry-session.js';

const source = useRegistry({
  name: 'import-running',
  setup: [['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0']],
});
let target: RegistryHere;
let targetDb: string;
beforeAll(async () => {
  targetDb = join(source.dir, 'target.db');
  target = await startRegistryHere(targetDb);
}, 120_000);
afterAll(() => target?.stop());

describe('overseer import into the SQLite file a running registry serves', () => {
  it('is refused naming the process, and writes nothing', async () => {
    const dump = join(source.dir, 'backup.jsonl');
    const exported = await runCliHere(['export', '--db', join(source.dir, 'registry.db'), '--out', dump]);
    expect(exported.code, exported.stderr).toBe(0);
    const imported = await runCliHere(['import', dump, '--db', targetDb]);
    expect(imported.code).toBe(2);
    expect(imported.stderr).toMatch(
      /^error ERR_STORE_LOCKED: .*target\.db is already served by process \d+ at http:\/\/127\.0\.0\.1:\d+ .*: one registry per SQLite file; stop that one/,
    );
    const services = (await (await fetch(`${target.url}/v1/services`)).json()) as { services: unknown[] };
    expect(services.services).toEqual([]);
  });
});
