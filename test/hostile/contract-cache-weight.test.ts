// The contracts a worker process keeps parsed were bounded by the length of their texts (32 MB), while what rides
// with a text, its parsed trees, weighs three to nine times as much: a worker bounded at OVERSEER_WORK_MEMORY_MB=128
// that had parsed a few large contracts of separate services held them all, and the next publication ran out of heap
// (413 ERR_WORK_TOO_LARGE) though each alone took a fraction of it. The cache now counts what each weighs, within a
// quarter of the worker's heap.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RegistryHere, startRegistryHere } from '../e2e/in-process.js';
import { send } from './flow-contract.js';
import { buildSchemaHeavyContract } from './schema-heavy-contract.js';

// Each about 6.5 times its 2.5 MB of text on the heap once parsed (16 MB), as short-keyed YAML of many schemas weighs.
const SERVICES = Array.from({ length: 8 }, (_, i) => `cached-${i}`);
const BYTES = 2.5 * 1024 * 1024;

let dir: string;
let registry: RegistryHere;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-cache-weight-'));
  registry = await startRegistryHere(path.join(dir, 'registry.db'), { OVERSEER_WORK_MEMORY_MB: '128', OVERSEER_WORK_THREADS: '1' });
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a worker that parses one large contract after another', () => {
  it('keeps only what its heap holds, and takes every publication', async () => {
    const statuses: string[] = [];
    for (const service of SERVICES) {
      const answer = await send(registry.url, 'POST', `/v1/services/${service}/versions`, {
        version: '1.0.0',
        contract: buildSchemaHeavyContract(service, BYTES),
        service: { owners: ['@acme'] },
      });
      statuses.push(`${service} ${answer.status} ${answer.status === 201 ? '' : String(answer.body.code)}`.trim());
    }
    expect(statuses).toEqual(SERVICES.map((service) => `${service} 201`));
  }, 300_000);
});
