// The periodic check: deprecated operations, parameters and fields still used by a deployed consumer as their sunset
// draws near. One event per (provider, part, consumer, sunset): its key makes running the check again, or on two
// replicas, a no-op.

import {
  compareText,
  type Declaration,
  type Deprecation,
  findDeprecationUses,
  listDeprecations,
  type OpenApiDocument,
  type OperationUsage,
  selectUndeclaredCalls,
} from '../../contracts/index.js';
import type { ContractCache } from '../contract-cache.js';
import { gatherObservedUsers, type ObservedSource } from '../gather/migrations.js';
import type { NotificationInput, Store } from '../store/store.js';
import { serviceUrl, toAbsoluteUrl } from '../ui/urls.js';
import type { NotifyConfig } from './config.js';
import { gatherServices } from './detect.js';
import { EVENT_SCHEMA_VERSION, type NotificationEvent } from './events.js';
import { fanOutEvent } from './fanout.js';

const DAY_MS = 24 * 60 * 60 * 1000;

interface SunsetUse {
  provider: string;
  providerVersion: string;
  operation: string;
  /** Absent for a whole operation: `parameter legacyFilter`, `response field email`. */
  part?: { label: string; code: 'parameter-sunset' | 'field-sunset'; field?: string };
  /** The consumer names the operation without lists, so it may use the part rather than surely does. */
  mayUse?: true;
  /** Only its calls seen in traces reach the part: its declarations do not. */
  seen?: true;
  consumer: string;
  consumerVersion: string;
  sunset: string;
  where: string[];
}

/** Finds the uses, builds one event each, and enqueues their notifications. Resolves to how many were new. */
export async function checkSunsets(store: Store, contracts: ContractCache, config: NotifyConfig, now: Date, observed?: ObservedSource): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  const uses = await findSunsetUses(store, contracts, today, config.sunsetWarningDays, observed);
  if (uses.length === 0) return 0;
  const webhooks = await store.listWebhooks();
  const list: NotificationInput[] = [];
  for (const use of uses) {
    const services = await gatherServices(store, [use.provider, use.consumer]);
    list.push(...fanOutEvent(buildSunsetEvent(use, today, services, config, now), { config, webhooks }));
  }
  return store.enqueueNotifications(list);
}

async function findSunsetUses(store: Store, contracts: ContractCache, today: string, warningDays: number, observed?: ObservedSource): Promise<SunsetUse[]> {
  const found = new Map<string, SunsetUse>();
  const limit = Date.parse(`${today}T00:00:00Z`) + warningDays * DAY_MS;
  for (const { name: environment } of await store.listEnvironments()) {
    for (const deployment of await store.currentDeployments(environment)) {
      // Thousands of deployments are read one by one: requests are answered between them.
      await new Promise((resolve) => setImmediate(resolve));
      const record = await store.getVersion(deployment.service, deployment.version);
      const contract = record?.contractHash && (await mayDeprecate(store, record.contractHash)) ? await contracts.get(record.contractHash) : undefined;
      if (!contract) continue;
      const ending = listDeprecations(contract.doc).filter((d) => isEndingBy(d, limit));
      if (ending.length === 0) continue;
      for (const use of await gatherSunsetUsers(store, deployment.service, environment, contract.doc, observed)) {
        // Two usages of one part are one use of it, a sure one when any usage names it.
        const declared = findDeprecationUses(ending, use.uses, contract.doc);
        const calls = findDeprecationUses(ending, use.called, contract.doc).filter((u) => !declared.some((d) => d.deprecation === u.deprecation));
        const reached = [...declared, ...calls];
        const named = new Set(reached.filter((u) => !u.whole).map((u) => u.deprecation));
        const seen = new Set(calls.map((u) => u.deprecation));
        for (const deprecation of new Set(reached.map((u) => u.deprecation))) {
          const sunset = deprecation.sunsetDate!;
          const part = describeSunsetPart(deprecation);
          const key = [deployment.service, deprecation.operation, part?.label ?? '', use.consumer, sunset].join('\u0000');
          const entry = found.get(key);
          if (entry) entry.where.push(environment);
          else
            found.set(key, {
              provider: deployment.service,
              providerVersion: deployment.version,
              operation: deprecation.operation,
              ...(part && { part }),
              consumer: use.consumer,
              consumerVersion: use.version,
              ...(part && !named.has(deprecation) && { mayUse: true as const }),
              ...(seen.has(deprecation) && { seen: true as const }),
              sunset,
              where: [environment],
            });
        }
      }
    }
  }
  return [...found.values()].sort(
    (a, b) => compareText(a.provider, b.provider) || compareText(a.consumer, b.consumer) || compareText(a.operation, b.operation),
  );
}

/**
 * Each consumer live there with what it declares of the provider and the operations it was seen calling, counted as the
 * gate and migrations count them: a consumer whose manifest moved off a part but whose code still calls it is warned too.
 */
async function gatherSunsetUsers(store: Store, provider: string, environment: string, doc: OpenApiDocument, observed: ObservedSource | undefined) {
  const declaring = await store.listConsumersOf(provider, { environment });
  const seen = await gatherObservedUsers(store, provider, environment, declaring, observed);
  // As at the gate, a call counts as use of its whole operation where the consumer does not declare that operation.
  const calledBy = (consumer: string, declaration?: Declaration): OperationUsage[] => {
    const calls = selectUndeclaredCalls(declaration, seen?.calls.filter((c) => c.consumer === consumer) ?? [], doc);
    return [...new Set(calls.map((c) => c.operation))].map((operation) => ({ operation }));
  };
  return [
    ...declaring.map((u) => ({ consumer: u.consumer, version: u.version, uses: u.declaration.uses, called: calledBy(u.consumer, u.declaration) })),
    ...(seen?.undeclared ?? []).map((u) => ({ ...u, uses: [], called: calledBy(u.consumer) })),
  ];
}

/**
 * Whether a stored contract may mark an operation deprecated: only then is it parsed. After a restart, parsing every
 * deployed contract of a large registry held the event loop for tens of seconds. A key spelled with escapes is let through.
 */
async function mayDeprecate(store: Store, hash: string): Promise<boolean> {
  // A hash fixes the text: each contract is read once per process, not at every check.
  let known = screened.get(store);
  if (!known) screened.set(store, (known = new Map()));
  let answer = known.get(hash);
  if (answer === undefined) {
    const text = (await store.readContractText(hash)) ?? '';
    answer = text.includes('deprecated') || text.includes('\\');
    known.set(hash, answer);
  }
  return answer;
}

const screened = new WeakMap<Store, Map<string, boolean>>();

/** A deprecated part with a readable sunset no later than `limit` (a sunset already past and still used counts too). */
function isEndingBy(deprecation: Deprecation, limit: number): boolean {
  const date = deprecation.sunsetDate;
  return date !== undefined && Date.parse(`${date}T00:00:00Z`) <= limit;
}

function describeSunsetPart(d: Deprecation): SunsetUse['part'] {
  if (d.parameter) return { label: `parameter ${d.parameter.name}`, code: 'parameter-sunset' };
  if (d.field !== undefined) return { label: `${d.part === 'request-field' ? 'request' : 'response'} field ${d.field}`, code: 'field-sunset', field: d.field };
  return undefined;
}

function buildSunsetEvent(use: SunsetUse, today: string, services: NotificationEvent['services'], config: NotifyConfig, now: Date): NotificationEvent {
  const days = Math.round((Date.parse(`${use.sunset}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
  const when = days > 1 ? `in ${days} days` : days === 1 ? 'tomorrow' : days === 0 ? 'today' : `${-days} day${days === -1 ? '' : 's'} ago`;
  const verb = days < 0 ? 'went away' : 'goes away';
  const what = use.part ? `the ${use.part.label} of ${use.operation}` : use.operation;
  // An operation's key is as it was before parameters and fields were checked: its events are not sent again.
  const id = `deprecation.sunset/${use.provider}/${use.operation}/${use.consumer}/${use.sunset}${use.part ? `/${use.part.label}` : ''}`;
  const brk = use.part
    ? {
        code: use.part.code,
        operation: use.operation,
        ...(use.part.field !== undefined && { field: use.part.field }),
        message: `${use.part.label} deprecated; its sunset is ${use.sunset} (${when})${use.seen ? SEEN : ''}`,
      }
    : { code: 'operation-sunset', operation: use.operation, message: `deprecated; its sunset is ${use.sunset} (${when})${use.seen ? SEEN : ''}` };
  return {
    schemaVersion: EVENT_SCHEMA_VERSION,
    id,
    type: 'deprecation.sunset',
    occurredAt: now.toISOString(),
    headline: describeSunsetUse(use, what, `which ${verb} on ${use.sunset} (${when})`),
    service: use.provider,
    version: use.providerVersion,
    impacts: [
      {
        consumer: use.consumer,
        consumerVersion: use.consumerVersion,
        provider: use.provider,
        providerVersion: use.providerVersion,
        where: use.where.sort(compareText),
        providerAt: Object.fromEntries(use.where.map((w) => [w, use.providerVersion])),
        breaks: [brk],
      },
    ],
    services,
    url: toAbsoluteUrl(config.publicUrl, serviceUrl(use.provider)),
    sunset: use.sunset,
  };
}

const SEEN = '; seen calling it in traces, not declared';

/** The warning's first words: a use declared, one that may reach the part, or calls seen in traces the manifest does not declare. */
function describeSunsetUse(use: SunsetUse, what: string, ending: string): string {
  if (use.seen && use.mayUse) return `${use.consumer} may use ${what} of ${use.provider} (it was seen calling the operation in traces), ${ending}`;
  if (use.seen) return `${use.consumer} was seen calling ${what} of ${use.provider} in traces (its manifest does not declare it), ${ending}`;
  if (use.mayUse) return `${use.consumer} may use ${what} of ${use.provider} (it names no fields), ${ending}`;
  return `${use.consumer} still uses ${what} of ${use.provider}, ${ending}`;
}
