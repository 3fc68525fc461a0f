// The admin's way out of a squatted name: a host (`hosts:`) or a Backstage API name (`providesApis`) goes to the
// service that should hold it, taken from whichever claimed it first. The rules both stores apply to such a move.

import { isHostName, MAX_HOSTS } from '../../contracts/index.js';
import { StoreError } from './errors.js';

export interface ClaimMove {
  kind: 'host' | 'api' | 'repository';
  /** The host name, the API name, or the repository (`owner/repo`). */
  name: string;
  /** The service that holds it from now on. */
  to: string;
  /** A repository only: `to` names it beside the services that do (a monorepo), instead of taking it from them. */
  share?: boolean;
}

export interface ClaimMoved extends ClaimMove {
  /** Who held it before; null when nobody did. `moved` unless `to` held it already; `shared` when `from` keeps it too. */
  from: string | null;
  status: 'moved' | 'shared' | 'unchanged';
}

/** What the store found and did for a repository: who named it besides `to`, and whether `to` did already. */
export function describeRepositoryMove(move: ClaimMove, holders: readonly string[], heldAlready: boolean): ClaimMoved {
  const { share, ...asked } = move;
  const from = holders[0] ?? (heldAlready ? move.to : null);
  const status = heldAlready && (share || holders.length === 0) ? 'unchanged' : share && holders.length > 0 ? 'shared' : 'moved';
  return { ...asked, ...(share && { share }), from, status };
}

/** A host name as the manifest's rule has it; the route's schema said so already, the store says it to every caller. */
export function assertHostMovable(move: ClaimMove, hostsOfTarget: readonly string[]): void {
  if (!isHostName(move.name)) throw new StoreError('ERR_SERVICE_INVALID', `"${move.name}" is not a lower-case host name`, { host: move.name });
  if (!hostsOfTarget.includes(move.name) && hostsOfTarget.length >= MAX_HOSTS) {
    throw new StoreError('ERR_SERVICE_INVALID', `${move.to} lists ${MAX_HOSTS} hosts already, the most a service may list`, { service: move.to });
  }
}

/** A name another service goes by stays that service's: consumers naming it mean that service, not an API. */
export function assertApiMovable(move: ClaimMove, isOtherService: boolean): void {
  if (!isOtherService) return;
  throw new StoreError('ERR_API_TAKEN', `the API name ${move.name} is the name of another service in the registry: it cannot name an API of ${move.to}`, {
    api: move.name,
    service: move.name,
  });
}
