// Reads what each list page shows from the store: a fixed number of store calls per page, whatever
// the number of services (bulk verbs, one call per environment at most), so 500 services stay fast.

import type { DeploymentRecord, Store } from '../store/store.js';
import { findNotificationReader, readNotification } from './notifications.js';
import type { AuditData } from './pages/audit.js';
import type { EnvironmentsData } from './pages/environments.js';
import type { ServicesData } from './pages/services.js';

const AUDIT_VERDICTS = 100;
const AUDIT_NOTIFICATIONS = 100;
// Enough history to find the last answer per service and environment on a busy day.
const MATRIX_VERDICTS = 500;

/** The current deployments of every environment: one call per environment. */
export async function gatherDeployments(store: Store, environments: readonly string[]): Promise<DeploymentRecord[]> {
  return (await Promise.all(environments.map((e) => store.currentDeployments(e)))).flat();
}

export async function gatherServicesData(store: Store, query: string | undefined): Promise<ServicesData> {
  const [services, versions, environmentRecords] = await Promise.all([store.listServices(), store.listAllVersions(), store.listEnvironments()]);
  const environments = environmentRecords.map((e) => e.name);
  const deployments = await gatherDeployments(store, environments);
  return { services, versions, environments, deployments, ...(query !== undefined && { query }) };
}

export async function gatherEnvironmentsData(store: Store): Promise<EnvironmentsData> {
  const [services, environmentRecords, verdicts] = await Promise.all([
    store.listServices(),
    store.listEnvironments(),
    store.listVerdicts({ limit: MATRIX_VERDICTS }),
  ]);
  const environments = environmentRecords.map((e) => e.name);
  return { environments, services: services.map((s) => s.name), deployments: await gatherDeployments(store, environments), verdicts };
}

export async function gatherAuditData(store: Store, filter: { service?: string; environment?: string }): Promise<AuditData> {
  const reader = findNotificationReader(store);
  const [verdicts, environmentRecords, notifications] = await Promise.all([
    store.listVerdicts({ ...filter, limit: AUDIT_VERDICTS }),
    store.listEnvironments(),
    reader ? reader({ limit: AUDIT_NOTIFICATIONS }) : undefined,
  ]);
  return {
    ...filter,
    environments: environmentRecords.map((e) => e.name),
    verdicts,
    ...(notifications && { notifications: notifications.map(readNotification) }),
  };
}
