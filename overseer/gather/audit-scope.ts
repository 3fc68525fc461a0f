// The audit trail asked about a service nobody published and nobody asked the gate about (`user-service` for
// users-service): an empty list read as "the gate never refused it". The name meant is read here, for the API and the
// audit page alike.

import { findNearestName } from '../../contracts/index.js';
import type { Store } from '../store/store.js';

/**
 * Undefined when `service` is a service, or has verdicts of its own (an ask about a name never published is recorded
 * under the name asked); else the service it most likely meant, if any.
 */
export async function findUnknownAuditService(store: Store, service: string, verdicts: number): Promise<{ meant?: string } | undefined> {
  if (verdicts > 0 || (await store.getService(service))) return undefined;
  const meant = findNearestName(
    service,
    (await store.listServiceOwners()).map((s) => s.name),
  );
  return meant === undefined ? {} : { meant };
}
