// Reads back, through the API, everything the ledger says the registry acknowledged; returns what is missing or wrong.

import { createHash } from 'node:crypto';
import type { Declaration } from '../../contracts/model.js';
import { stringifyCanonical } from '../../overseer/work/prepare-upload.js';
import type { DeployWrite, Ledger, PublishWrite, Write } from './crash-writes.js';

interface VersionView {
  version: string;
  contractHash: string | null;
}

interface DeploymentView {
  version: string;
  replacedAt: string | null;
}

async function readJson<T>(baseUrl: string, path: string): Promise<T> {
  const response = await fetch(new URL(path, baseUrl));
  if (!response.ok) throw new Error(`GET ${path} -> ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

function hashContract(text: string): string {
  return createHash('sha256')
    .update(stringifyCanonical(JSON.parse(text)), 'utf8')
    .digest('hex');
}

const sortByProvider = (list: readonly Declaration[]) => [...list].sort((a, b) => a.provider.localeCompare(b.provider));

async function verifyPublications(baseUrl: string, writes: PublishWrite[]): Promise<string[]> {
  const problems: string[] = [];
  for (const [service, group] of groupBy(writes, (w) => w.service)) {
    const { versions } = await readJson<{ versions: VersionView[] }>(baseUrl, `/v1/services/${service}/versions`);
    const stored = new Map(versions.map((v) => [v.version, v]));
    for (const [n, write] of group.entries()) {
      const record = stored.get(write.version);
      if (!record) {
        problems.push(`${service} ${write.version} was acknowledged but is missing`);
        continue;
      }
      const expected = write.contract === undefined ? null : hashContract(write.contract);
      if (record.contractHash !== expected) problems.push(`${service} ${write.version} holds contract ${record.contractHash}, not ${expected}`);
      // The stored text itself, for a sample: the hash already says the document is the same.
      if (write.contract !== undefined && n % 10 === 0) {
        const text = await (await fetch(new URL(`/v1/services/${service}/versions/${write.version}/contract`, baseUrl))).text();
        if (text !== write.contract) problems.push(`${service} ${write.version}: the stored contract text differs from the one sent`);
      }
      if (write.declarations.length > 0) {
        const { declarations } = await readJson<{ declarations: Declaration[] }>(baseUrl, `/v1/services/${service}/versions/${write.version}/declarations`);
        if (JSON.stringify(sortByProvider(declarations)) !== JSON.stringify(sortByProvider(write.declarations))) {
          problems.push(`${service} ${write.version}: its declarations differ from the ones sent`);
        }
      }
    }
  }
  return problems;
}

async function verifyDeployments(baseUrl: string, writes: DeployWrite[]): Promise<string[]> {
  const problems: string[] = [];
  for (const [key, group] of groupBy(writes, (w) => `${w.service} ${w.environment}`)) {
    const { service, environment } = group[0]!;
    const query = new URLSearchParams({ service, environment, limit: '1000' });
    const { deployments } = await readJson<{ deployments: DeploymentView[] }>(baseUrl, `/v1/deployments?${query}`);
    const recorded = new Set(deployments.map((d) => d.version));
    for (const write of group)
      if (!recorded.has(write.version)) problems.push(`deployment of ${write.service} ${write.version} to ${environment} was acknowledged but is missing`);
    const current = deployments.filter((d) => d.replacedAt === null);
    if (current.length !== 1) problems.push(`${key}: ${current.length} current deployments, not 1`);
  }
  return problems;
}

/** Every acknowledged write, as the API shows it now. */
export async function verifyAcknowledged(baseUrl: string, ledger: Ledger): Promise<string[]> {
  const publications = ledger.acknowledged.filter((w): w is PublishWrite => w.kind === 'publish');
  const deployments = ledger.acknowledged.filter((w): w is DeployWrite => w.kind === 'deploy');
  return [...(await verifyPublications(baseUrl, publications)), ...(await verifyDeployments(baseUrl, deployments))];
}

/** A publication in doubt that did happen must have happened whole: its version with its contract and declarations. */
export async function verifyWhole(baseUrl: string, write: Write): Promise<string[]> {
  if (write.kind === 'deploy') return [];
  const response = await fetch(new URL(`/v1/services/${write.service}/versions/${write.version}`, baseUrl));
  await response.arrayBuffer();
  if (response.status === 404) return [];
  return verifyPublications(baseUrl, [write]);
}
