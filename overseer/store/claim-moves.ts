// The admin's way out of a squatted name: a host (`hosts:`) or a Backstage API name (`providesApis`) goes to the
// service that should hold it, taken from whichever claimed it first. The rules both stores apply to such a move.

import { isHostName, MAX_HOSTS } from '../../contracts/index.js';
import { StoreError } from './errors.js';

export interface ClaimMove {
  kind: 'host' | 'api';
  /** The host name or the API name. */
  name: string;
  /** The service that holds it from now on. */
  to: string;
}

export interface ClaimMoved extends ClaimMove {
  /** Who held it before; null when nobody did. `moved` unless `to` held it already. */
  from: string | null;
  status: 'moved' | 'unchanged';
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
