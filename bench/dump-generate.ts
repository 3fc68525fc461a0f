// Writes a large, valid dump (checksum and all) without a registry behind it, so that `overseer import`'s memory and
// time can be measured on a registry of years: `node dist/bench/dump-generate.js OUT [--records N]` (default 1,000,000).

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Declaration } from '../contracts/index.js';
import { exportStore } from '../overseer/store/dump.js';
import type { LastIds, Store, StoreRecord } from '../overseer/store/store.js';
import { prepareContract } from '../overseer/work/prepare-upload.js';

const AT = '2026-01-01T00:00:00.000Z';
const ENVIRONMENTS = ['production', 'staging', 'dev'];
/** How a registry's records split, measured on nothing but guessed for a busy one: asks outnumber everything. */
const SHARE = { service: 0.01, contract: 0.002, version: 0.15, deployment: 0.15, verdict: 0.5, notification: 0.08, observed: 0.1 };

const service = (i: number) => `svc-${String(i).padStart(5, '0')}`;

/** A contract of a few dozen operations, different for each `i` so that each has its own hash. */
function contractText(i: number): string {
  const paths: Record<string, unknown> = {};
  for (let p = 0; p < 40; p++) {
    paths[`/things-${i}/r${p}/{id}`] = {
      get: {
        operationId: `get${i}x${p}`,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' }, n: { type: 'integer' } } } } },
          },
        },
      },
    };
  }
  return JSON.stringify({ openapi: '3.0.3', info: { title: `svc ${i}`, version: '1.0.0' }, paths }, null, 2);
}

async function* records(total: number): AsyncGenerator<StoreRecord> {
  const count = (share: number) => Math.max(1, Math.round(total * share));
  const [services, contracts, versions] = [count(SHARE.service), count(SHARE.contract), count(SHARE.version)];
  for (let s = 0; s < services; s++) yield { kind: 'service', name: service(s), owners: ['team'], createdAt: AT, updatedAt: AT };
  const hashes: string[] = [];
  for (let c = 0; c < contracts; c++) {
    const { input } = await prepareContract(contractText(c), `contract ${c}`, 10 * 1024 * 1024);
    hashes.push(input.hash);
    yield { kind: 'contract', ...input, size: Buffer.byteLength(input.canonical), createdAt: AT };
  }
  const versionOf = (v: number) => ({ service: service(v % services), version: `1.${Math.floor(v / services)}.0` });
  for (let v = 0; v < versions; v++) {
    const { service: name, version } = versionOf(v);
    const provider = service((v + 1) % services);
    const declarations: Declaration[] = [{ consumer: name, provider, uses: [{ operation: `GET /things-${v % contracts}/r1/{id}`, response: ['id'] }] }];
    yield { kind: 'version', service: name, version, branches: ['main'], contractHash: hashes[v % contracts], createdAt: AT, declarations };
  }
  for (const name of ENVIRONMENTS) yield { kind: 'environment', name, createdAt: AT };
  const deployments = count(SHARE.deployment);
  for (let d = 0; d < deployments; d++) {
    const environment = ENVIRONMENTS[d % ENVIRONMENTS.length];
    const at = versionOf(Math.floor(d / ENVIRONMENTS.length) % versions);
    // One live deployment for each environment (the first three); every later one was replaced.
    yield { kind: 'deployment', id: d + 1, ...at, environment, live: 'deployed', deployedAt: AT, replacedAt: d < ENVIRONMENTS.length ? null : AT };
  }
  const verdicts = count(SHARE.verdict);
  for (let id = 1; id <= verdicts; id++) {
    const reasons = [
      { code: 'breaks-consumer' as const, severity: 'error' as const, message: `GET /things/{id} is removed; ${service(id % services)} uses it` },
    ];
    yield {
      kind: 'verdict',
      id,
      ...versionOf(id % versions),
      environment: 'production',
      askedBy: 'ci',
      deployable: id % 3 !== 0,
      reasons,
      askedAt: AT,
      count: 1,
      lastAskedAt: AT,
    };
  }
  yield { kind: 'token', name: 'ci', service: null, hash: 'a'.repeat(64), createdAt: AT };
  for (let id = 1; id <= count(SHARE.notification); id++) {
    const payload = { verdict: id, text: 'a deploy was refused' };
    const times = { nextAttemptAt: AT, createdAt: AT, updatedAt: AT, deliveredAt: AT };
    yield {
      kind: 'notification',
      id,
      key: `n-${id}`,
      event: 'verdict.refused',
      channel: 'slack',
      target: '#deploys',
      payload,
      status: 'delivered',
      attempts: 1,
      lastError: null,
      ...times,
    };
  }
  for (let o = 0; o < count(SHARE.observed); o++) {
    const [consumer, provider] = [service(o % services), service((o + 7) % services)];
    yield { kind: 'observed-call', consumer, provider, operation: `GET /things-${o}/{id}`, environment: 'production', count: 3, firstSeen: AT, lastSeen: AT };
  }
}

function lastIdsOf(total: number): LastIds {
  const count = (share: number) => Math.max(1, Math.round(total * share));
  return { deployment: count(SHARE.deployment), verdict: count(SHARE.verdict), webhook: 0, notification: count(SHARE.notification) };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { records: { type: 'string' } } });
  const [out] = positionals;
  if (!out) throw new Error('usage: dump-generate OUT [--records N]');
  const total = Number(values.records ?? 1_000_000);
  // Only the two verbs export reads: the dump's lines, checksum included, come from the real exportStore.
  const source = { exportRecords: () => records(total), readLastIds: async () => lastIdsOf(total) } as unknown as Store;
  const file = createWriteStream(out);
  let lines = 0;
  for await (const line of exportStore(source)) {
    if (!file.write(`${line}\n`)) await once(file, 'drain');
    lines++;
  }
  file.end();
  await once(file, 'finish');
  process.stdout.write(`wrote ${out}: ${lines.toLocaleString('en')} lines\n`);
}

await main();
