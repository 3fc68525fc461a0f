// Which deployed versions' contracts may deprecate anything: the sunset and migration checks run over every deployment
// at start and every hour, and only these are parsed. Read a page at a time: one by one, a fresh replica of a
// 5,000-service registry sent tens of thousands of queries to PostgreSQL and answered slowly meanwhile.

import type { DeploymentRecord, Store } from '../store/store.js';

/** Deployments whose versions and contracts are read together: one read of each per page. */
const SCREEN_PAGE = 200;

const screened = new WeakMap<Store, Map<string, boolean>>();

/**
 * Each of `deployments` whose version's stored contract may mark a part deprecated, with that contract's hash; the
 * others (most) are left out. Requests are answered between the pages.
 */
export async function findDeprecatingDeployments(store: Store, deployments: readonly DeploymentRecord[]): Promise<Map<DeploymentRecord, string>> {
  const deprecating = new Map<DeploymentRecord, string>();
  for (let start = 0; start < deployments.length; start += SCREEN_PAGE) {
    const slice = deployments.slice(start, start + SCREEN_PAGE);
    const records = await store.readVersionSet(slice);
    const hashes = await screenContracts(
      store,
      records.map((record) => record?.contractHash ?? undefined),
    );
    slice.forEach((deployment, i) => hashes[i] !== undefined && deprecating.set(deployment, hashes[i]));
    if (start + SCREEN_PAGE < deployments.length) await new Promise((resolve) => setImmediate(resolve));
  }
  return deprecating;
}

/**
 * The hashes of those stored contracts that may mark an operation deprecated (undefined for the others). After a
 * restart, parsing every deployed contract of a large registry held the event loop for tens of seconds. A key
 * spelled with escapes is let through.
 */
async function screenContracts(store: Store, hashes: readonly (string | undefined)[]): Promise<(string | undefined)[]> {
  // A hash fixes the text: each contract is read once per process, not at every check.
  let known = screened.get(store);
  if (!known) screened.set(store, (known = new Map()));
  const unread = [...new Set(hashes.filter((hash): hash is string => hash !== undefined && !known.has(hash)))];
  const texts = unread.length > 0 ? await store.readContractTexts(unread) : new Map<string, string>();
  for (const hash of unread) {
    const text = texts.get(hash) ?? '';
    known.set(hash, text.includes('deprecated') || text.includes('\\'));
  }
  return hashes.map((hash) => (hash !== undefined && known.get(hash) ? hash : undefined));
}
