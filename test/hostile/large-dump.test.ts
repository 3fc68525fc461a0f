// A dump larger than the importing process's heap: `overseer import` reads it twice and never holds it, so a registry
// of years restores on a small machine. Before, the whole dump sat in memory and such a dump ended in V8's fatal error.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportStore } from '../../overseer/store/dump.js';
import { openSqliteStore } from '../../overseer/store/sqlite/index.js';
import type { LastIds, Store, StoreRecord } from '../../overseer/store/store.js';
import { assertBuilt, BIN, runProcess } from '../e2e/cli-process.js';
import { makeContract } from '../overseer/store/builders.js';

const AT = '2026-01-01T00:00:00.000Z';
/** 3,000 verdicts of 50 long reasons each, some 30 kB a line: a dump of about 90 MB, past the heap it is imported with. */
const VERDICTS = 3000;
const REASONS = 50;
const HEAP_MB = 64;

/** Only what export reads of a store: the records, each made as it is read. */
function largeRegistry(): Store {
  const contract = makeContract(['/users/{id}']);
  async function* records(): AsyncGenerator<StoreRecord> {
    yield { kind: 'service', name: 'users-service', owners: ['@acme/users'], createdAt: AT, updatedAt: AT };
    yield { kind: 'contract', ...contract, size: Buffer.byteLength(contract.canonical), createdAt: AT };
    yield { kind: 'version', service: 'users-service', version: '1.0.0', branches: ['main'], contractHash: contract.hash, createdAt: AT, declarations: [] };
    for (let id = 1; id <= VERDICTS; id++) {
      const reasons = Array.from({ length: REASONS }, (_, r) => ({
        code: 'breaks-consumer' as const,
        severity: 'error' as const,
        message: `consumer-${r} of verdict ${id} reads GET /users/{id}, which this version removes: ${'it says why at length. '.repeat(24)}`,
      }));
      yield {
        kind: 'verdict',
        id,
        service: 'users-service',
        version: '1.0.0',
        environment: 'production',
        askedBy: 'ci',
        deployable: false,
        reasons,
        askedAt: AT,
        count: 1,
        lastAskedAt: AT,
      };
    }
  }
  const lastIds: LastIds = { deployment: 0, verdict: VERDICTS, webhook: 0, notification: 0 };
  return { exportRecords: records, readLastIds: async () => lastIds } as unknown as Store;
}

describe('overseer import of a dump larger than its heap', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-large-dump-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(`imports a dump of ${VERDICTS} long verdicts with a heap of ${HEAP_MB} MB, every one read back`, async () => {
    assertBuilt();
    const file = createWriteStream(join(dir, 'large.jsonl'));
    for await (const line of exportStore(largeRegistry())) if (!file.write(`${line}\n`)) await once(file, 'drain');
    file.end();
    await once(file, 'finish');
    expect((await stat(join(dir, 'large.jsonl'))).size).toBeGreaterThan(HEAP_MB * 1024 * 1024);

    const done = await runProcess(process.execPath, [`--max-old-space-size=${HEAP_MB}`, BIN, 'import', 'large.jsonl', '--db', 'restored.db'], { cwd: dir });
    expect(done.stderr).not.toMatch(/heap out of memory|FATAL ERROR/);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain(
      `imported 1 service, 1 contract, 1 version, 0 environments, 0 deployments, ${VERDICTS.toLocaleString('en-US').replace(',', '')} verdicts`,
    );
    const restored = openSqliteStore(join(dir, 'restored.db'));
    try {
      const [newest] = await restored.listVerdicts({ limit: 1 });
      expect(newest).toMatchObject({ id: VERDICTS, deployable: false });
      expect(newest.reasons).toHaveLength(REASONS);
      expect(newest.reasons.at(-1)?.message).toContain(`consumer-${REASONS - 1} of verdict ${VERDICTS} reads GET /users/{id}`);
    } finally {
      await restored.close();
    }
  }, 240_000);
});
