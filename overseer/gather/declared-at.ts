// The gate finds the manifest line of a consumer's use (contracts/gate/declared-at.ts); the manifest's path, repository
// and commit live on the consumer version's record, read here for the few reasons that carry a line: only a "no" pays.

import type { Verdict, VerdictReason } from '../../contracts/index.js';
import type { Store } from '../store/store.js';

/**
 * The verdict with each `declaredAt` completed from its consumer version's record, where that record knows more. `check`
 * passes its candidate, whose manifest was uploaded, not stored: a stored version of the same name says nothing of it.
 */
export async function completeDeclaredAt(store: Store, verdict: Verdict, unstored?: string): Promise<Verdict> {
  if (!verdict.reasons.some((r) => r.declaredAt !== undefined)) return verdict;
  const records = new Map<string, Promise<Awaited<ReturnType<Store['getVersion']>>>>();
  const read = (service: string, version: string) => {
    const key = `${service}\u0000${version}`;
    if (!records.has(key)) records.set(key, store.getVersion(service, version));
    return records.get(key)!;
  };
  const reasons: VerdictReason[] = [];
  for (const reason of verdict.reasons) {
    const stored = reason.declaredAt && reason.consumer && reason.consumerVersion && reason.consumer !== unstored;
    const record = stored ? await read(reason.consumer!, reason.consumerVersion!) : undefined;
    // An entry of one of several Pact files names its own file (contracts/gate/declared-at.ts); else the version's manifest.
    const file = reason.declaredAt?.file ?? record?.manifestFile;
    if (!record || file === undefined) {
      reasons.push(reason);
      continue;
    }
    const { repository, commit } = record;
    reasons.push({ ...reason, declaredAt: { ...reason.declaredAt!, file, ...(repository && { repository }), ...(commit && { commit }) } });
  }
  return { ...verdict, reasons };
}

/** `completeDeclaredAt` on a verdict's JSON text as the thread wrote it: parsed only when some reason has a line. */
export async function completeDeclaredAtJson(store: Store, json: string): Promise<string> {
  if (!json.includes('"declaredAt"')) return json;
  return JSON.stringify(await completeDeclaredAt(store, JSON.parse(json) as Verdict));
}
