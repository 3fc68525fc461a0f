// One answer to "how does the provider's contract name this operation?" (`GET /users/{id}`, its operationId beside),
// for the consumers listing, the service page and `overseer usage`, so that they never name one use two ways.

import { createOperationNamer, type LoadedContract } from '../contracts/index.js';
import { isStoreError, type Store } from './store/store.js';

export interface OperationName {
  /** `GET /users/{id}`, as the contract writes it. */
  label: string;
  operationId?: string;
}

/** A reference as a consumer wrote it (`getUser`, `get /users/{userId}`) -> its name; undefined where the contract lacks it. */
type NameOperation = (ref: string) => OperationName | undefined;

/** Where the provider's contract is read: deployed in the environment, else its latest on the branch, else its latest. */
interface LabelScope {
  environment?: string;
  branch?: string;
}

// Finding a reference among a contract's operations scans them: 500 uses of a 300-operation contract tripled the
// consumers listing's CPU. Each reference's name is kept per parsed contract, which the cache hands out as one object.
const namers = new WeakMap<LoadedContract, NameOperation>();

/** The namer of a parsed contract, kept for as long as the contract is. */
export function namerOf(contract: LoadedContract): NameOperation {
  const kept = namers.get(contract);
  if (kept) return kept;
  const name = createOperationNamer(contract.doc);
  const names = new Map<string, OperationName | undefined>();
  const namer: NameOperation = (ref) => {
    if (!names.has(ref)) names.set(ref, name(ref));
    return names.get(ref);
  };
  namers.set(contract, namer);
  return namer;
}

/** The provider's version whose contract names the scope's uses: deployed there, else latest on the branch, else latest. */
export async function versionInScope(store: Store, provider: string, { environment, branch }: LabelScope) {
  if (environment !== undefined) {
    const deployed = await store.currentDeployment(provider, environment);
    return deployed && store.getVersion(provider, deployed.version);
  }
  try {
    return (branch !== undefined ? await store.latestVersion(provider, branch) : undefined) ?? (await store.latestVersion(provider));
  } catch (error) {
    // A consumer may declare a provider never published (a typo the publication warned of): it names nothing.
    if (isStoreError(error, 'ERR_SERVICE_UNKNOWN')) return undefined;
    throw error;
  }
}
