// Loads two published versions' contracts and diffs them against consumers in the registry's worker threads: a diff
// of two large contracts takes seconds, and the pages that ask for one are open to anyone. The threads are asked by
// hashes first, so a pair seen before costs no read of megabytes of text on the event loop nor a copy to a thread;
// a pair over DASHBOARD_DIFF_MAX_CHARS is not diffed at all. Anything that prevents a diff is a sentence for the page.

import { isWaiverActive, type Waiver } from '../../contracts/index.js';
import { ApiError, BUSY_RETRY_SECONDS } from '../errors.js';
import type { ConsumerUse, Store } from '../store/store.js';
import { askByHash } from '../work/ask-by-hash.js';
import type { WorkPool } from '../work/pool.js';
import type { ContractRef, DiffPage, MissingContracts, TooLarge } from '../work/wire.js';
import { DASHBOARD_DIFF_MAX_CHARS } from './version-diff.js';

type DiffOutcome = { page: DiffPage; problem?: undefined } | { page?: undefined; problem: string };

export type DiffWork = Pick<WorkPool, 'diffVersions'>;

type Side = { version: string; contract: ContractRef; waivers?: Waiver[] };

export async function gatherVersionDiff(
  store: Store,
  work: DiffWork,
  request: { service: string; from: string; to: string; consumers: readonly ConsumerUse[] },
): Promise<DiffOutcome> {
  const { service, from, to } = request;
  const sides = await Promise.all([loadSide(store, service, from), loadSide(store, service, to)]);
  const problem = sides.find((s): s is string => typeof s === 'string');
  if (problem !== undefined) return { problem };
  const [base, revision] = sides as Side[];
  // The newer side's waivers in force, as the gate and the services page read them: what they accept shows as waived.
  const waivers = (revision!.waivers ?? []).filter((w) => isWaiverActive(w, Date.now()));
  const ask = (pair: Side[]) =>
    work.diffVersions({
      service,
      from: { version: pair[0]!.version, contract: pair[0]!.contract },
      to: { version: pair[1]!.version, contract: pair[1]!.contract },
      consumers: [...request.consumers],
      ...(waivers.length > 0 && { waivers }),
    });
  try {
    const answer = await askByHash(
      store,
      () => [base!.contract.hash, revision!.contract.hash],
      async (texts): Promise<DiffPage | TooLarge | MissingContracts | { problem: string }> => {
        if (!texts) return ask([base!, revision!]);
        const lost = [base!, revision!].findIndex((side) => !texts.has(side.contract.hash));
        if (lost !== -1) return { problem: `The contract of ${service} ${[from, to][lost]} is missing from the store.` };
        const sides = [base!, revision!].map((side) => ({ ...side, contract: { hash: side.contract.hash, text: texts.get(side.contract.hash)! } }));
        const chars = sides.reduce((sum, side) => sum + side.contract.text.length, 0);
        if (chars > DASHBOARD_DIFF_MAX_CHARS) return { tooLarge: chars };
        const again = await ask(sides);
        return 'missing' in again ? { problem: 'The registry could not load these contracts: try again.' } : again;
      },
    );
    if ('problem' in answer) return { problem: answer.problem };
    if ('tooLarge' in answer) return { problem: describeTooLarge(service, from, to, answer) };
    return { page: answer };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'ERR_BUSY')
      return { problem: `The registry is busy comparing other versions: try again in ${BUSY_RETRY_SECONDS} seconds.` };
    // The engine never throws on valid contracts; a stored contract it cannot read is reported, not fatal.
    return { problem: `The engine could not compare these versions: ${(error as Error).message}` };
  }
}

function describeTooLarge(service: string, from: string, to: string, answer: TooLarge): string {
  const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
  return `These two contracts hold ${mb(answer.tooLarge)} MB of text together, more than the ${mb(DASHBOARD_DIFF_MAX_CHARS)} MB the dashboard compares: compare ${service} ${from} and ${to} with \`overseer diff\` on the two files instead.`;
}

async function loadSide(store: Store, service: string, version: string): Promise<Side | string> {
  const record = await store.getVersion(service, version);
  if (!record) return `${service} has no version ${version}.`;
  if (record.contractHash === null) return `${service} ${version} publishes no contract.`;
  return { version, contract: { hash: record.contractHash }, ...(record.waivers && { waivers: record.waivers }) };
}
