// The periodic check: deprecated operations, parameters and fields still used by a deployed consumer as their sunset
// draws near. One event per (provider, part, consumer, sunset): its key makes running the check again, or on two
// replicas, a no-op.

import { compareText, type Deprecation } from '../../contracts/index.js';
import { findDeprecatingDeployments } from '../gather/deprecating-contracts.js';
import { gatherObservedUsers, type ObservedSource } from '../gather/migrations.js';
import { listMisdirectedUses } from '../gather/misdirected-uses.js';
import type { NotificationInput, Store } from '../store/store.js';
import { serviceUrl, toAbsoluteUrl } from '../ui/urls.js';
import { askByHash, refOf } from '../work/ask-by-hash.js';
import type { WorkPool } from '../work/pool.js';
import type { WireContractMarks } from '../work/wire.js';
import type { NotifyConfig } from './config.js';
import { gatherServices } from './detect.js';
import { EVENT_SCHEMA_VERSION, type NotificationEvent } from './events.js';
import { fanOutEvent } from './fanout.js';

const DAY_MS = 24 * 60 * 60 * 1000;

interface SunsetUse {
  provider: string;
  providerVersion: string;
  /** As the first live version found writes it; `key` is what names it whatever its path parameters are called. */
  operation: string;
  operationKey: string;
  /** Absent for a whole operation: `parameter legacyFilter`, `response field email`, `response header X-Rate-Limit`. */
  part?: { label: string; code: 'parameter-sunset' | 'field-sunset' | 'header-sunset'; field?: string };
  /** The consumer names the operation without lists, so it may use the part rather than surely does. */
  mayUse?: true;
  /** Only its calls seen in traces reach the part: its declarations do not. */
  seen?: true;
  consumer: string;
  consumerVersion: string;
  sunset: string;
  /** Each environment once, with the provider version found there first (two during a rollout are one place). */
  where: Map<string, string>;
  /** Each environment once, with the consumer version found there first: it may run different ones in each. */
  consumerWhere: Map<string, string>;
}

/** The pool as the sunset check uses it. */
type SunsetWork = Pick<WorkPool, 'markContract'>;

/** Finds the uses, builds one event each, and enqueues their notifications. Resolves to how many were new. */
export async function checkSunsets(store: Store, work: SunsetWork, config: NotifyConfig, now: Date, observed?: ObservedSource): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  const uses = await findSunsetUses(store, work, today, config.sunsetWarningDays, observed);
  if (uses.length === 0) return 0;
  const webhooks = await store.listWebhooks();
  const list: NotificationInput[] = [];
  for (const use of uses) {
    const services = await gatherServices(store, [use.provider, use.consumer]);
    list.push(...fanOutEvent(buildSunsetEvent(use, today, services, config, now), { config, webhooks }));
  }
  return store.enqueueNotifications(list);
}

async function findSunsetUses(store: Store, work: SunsetWork, today: string, warningDays: number, observed?: ObservedSource): Promise<SunsetUse[]> {
  const found = new Map<string, SunsetUse>();
  const by = Date.parse(`${today}T00:00:00Z`) + warningDays * DAY_MS;
  for (const { name: environment } of await store.listEnvironments()) {
    const deprecating = await findDeprecatingDeployments(store, await store.currentDeployments(environment));
    for (const [deployment, hash] of deprecating) {
      // Asked first without the consumers, who need not be read for most contracts (nothing ends soon).
      if (!(await askEnding(store, work, hash, { by }))?.deprecations.length) continue;
      const users = await gatherSunsetUsers(store, deployment.service, environment, observed);
      const callsOnly = observed?.config.policy === 'observed' ? { callsOnly: true as const } : {};
      const ending = users.length > 0 && (await askEnding(store, work, hash, { by, users: users.map((u) => u.question), ...callsOnly }));
      if (!ending) continue;
      users.forEach((use, i) => {
        // Two usages of one part are one use of it, a sure one when any usage names it, one seen when no declaration names it.
        const reached = ending.reached?.[i] ?? [];
        const named = new Set(reached.filter((u) => !u.whole).map((u) => u.at));
        const seen = new Set(reached.filter((u) => u.seen).map((u) => u.at));
        for (const at of new Set(reached.map((u) => u.at))) {
          const deprecation = ending.deprecations[at]!;
          const sunset = deprecation.sunsetDate!;
          const part = describeSunsetPart(deprecation);
          // Named by its operation, not its parameters' spelling: a version renaming `{id}` to `{userId}` ends the same part.
          const key = [deployment.service, deprecation.operationKey, part?.label ?? '', use.consumer, sunset].join('\u0000');
          const entry = found.get(key);
          if (entry) {
            if (!entry.where.has(environment)) entry.where.set(environment, deployment.version);
            if (!entry.consumerWhere.has(environment)) entry.consumerWhere.set(environment, use.version);
          } else
            found.set(key, {
              provider: deployment.service,
              providerVersion: deployment.version,
              operation: deprecation.operation,
              operationKey: deprecation.operationKey,
              ...(part && { part }),
              consumer: use.consumer,
              consumerVersion: use.version,
              ...(part && !named.has(at) && { mayUse: true as const }),
              ...(seen.has(at) && { seen: true as const }),
              sunset,
              where: new Map([[environment, deployment.version]]),
              consumerWhere: new Map([[environment, use.version]]),
            });
        }
      });
    }
  }
  return [...found.values()].sort(
    (a, b) => compareText(a.provider, b.provider) || compareText(a.consumer, b.consumer) || compareText(a.operation, b.operation),
  );
}

/**
 * The deprecated parts of a stored contract ending by `ending.by`, and whom they reach, read by the worker pool where it
 * was parsed. Undefined for a contract gone from the store or one no longer read: it warns of nothing, and the others still do.
 */
async function askEnding(store: Store, work: SunsetWork, hash: string, ending: NonNullable<WireContractMarks['ending']>) {
  return askByHash(
    store,
    () => [hash],
    async (texts) => {
      if (texts && !texts.has(hash)) return undefined;
      const marks = await work.markContract({ refs: [], contract: refOf(hash, texts), ending });
      return 'missing' in marks ? marks : marks.read ? marks.ending : undefined;
    },
  );
}

/**
 * Each consumer live there with what it declares of the provider and the calls of it seen in traces, counted as the gate
 * and migrations count them (the worker matches the calls against the contract): a consumer whose manifest moved off a
 * part but whose code still calls it is warned too.
 */
async function gatherSunsetUsers(store: Store, provider: string, environment: string, observed: ObservedSource | undefined) {
  // A consumer declaring the provider under a misspelt name counts, as at the gate (misdirected-uses.ts).
  const declaring = [...(await store.listConsumersOf(provider, { environment })), ...(await listMisdirectedUses(store, provider, { environment }))];
  const seen = await gatherObservedUsers(store, provider, environment, declaring, observed);
  const callsOf = (consumer: string) => {
    const calls = seen?.calls.filter((c) => c.consumer === consumer) ?? [];
    return calls.length > 0 ? { calls } : {};
  };
  return [
    ...declaring.map((u) => ({ consumer: u.consumer, version: u.version, question: { declaration: u.declaration, ...callsOf(u.consumer) } })),
    ...(seen?.undeclared ?? []).map((u) => ({ ...u, question: callsOf(u.consumer) })),
  ];
}

function describeSunsetPart(d: Deprecation): SunsetUse['part'] {
  if (d.parameter) return { label: `parameter ${d.parameter.name}`, code: 'parameter-sunset' };
  if (d.header !== undefined) return { label: `response header ${d.header}`, code: 'header-sunset' };
  if (d.field !== undefined) return { label: `${d.part === 'request-field' ? 'request' : 'response'} field ${d.field}`, code: 'field-sunset', field: d.field };
  return undefined;
}

function buildSunsetEvent(use: SunsetUse, today: string, services: NotificationEvent['services'], config: NotifyConfig, now: Date): NotificationEvent {
  const days = Math.round((Date.parse(`${use.sunset}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
  const when = days > 1 ? `in ${days} days` : days === 1 ? 'tomorrow' : days === 0 ? 'today' : `${-days} day${days === -1 ? '' : 's'} ago`;
  // A past sunset is a date the provider may now remove the part on, not a removal: it is still served.
  const ending = days < 0 ? `whose sunset passed on ${use.sunset} (${when})` : `which goes away on ${use.sunset} (${when})`;
  const was = days < 0 ? 'was' : 'is';
  const what = use.part ? `the ${use.part.label} of ${use.operation}` : use.operation;
  // The operation by its key (`GET /users/{}`): a path parameter renamed in a later version is the same sunset, not news.
  const id = `deprecation.sunset/${use.provider}/${use.operationKey}/${use.consumer}/${use.sunset}${use.part ? `/${use.part.label}` : ''}`;
  const where = [...use.where.keys()].sort(compareText);
  const brk = use.part
    ? {
        code: use.part.code,
        operation: use.operation,
        ...(use.part.field !== undefined && { field: use.part.field }),
        message: `${use.part.label} deprecated; its sunset ${was} ${use.sunset} (${when})${use.seen ? SEEN : ''}`,
        ...(use.seen && { basis: 'observed' as const }),
      }
    : {
        code: 'operation-sunset',
        operation: use.operation,
        message: `deprecated; its sunset ${was} ${use.sunset} (${when})${use.seen ? SEEN : ''}`,
        ...(use.seen && { basis: 'observed' as const }),
      };
  return {
    schemaVersion: EVENT_SCHEMA_VERSION,
    id,
    type: 'deprecation.sunset',
    occurredAt: now.toISOString(),
    headline: describeSunsetUse(use, what, ending),
    service: use.provider,
    version: use.providerVersion,
    impacts: [
      {
        consumer: use.consumer,
        consumerVersion: use.consumerVersion,
        provider: use.provider,
        providerVersion: use.providerVersion,
        where,
        providerAt: Object.fromEntries(where.map((w) => [w, use.where.get(w)!])),
        // One version named for all would tell the team to upgrade the wrong one somewhere.
        ...(new Set(use.consumerWhere.values()).size > 1 && { consumerAt: Object.fromEntries(where.map((w) => [w, use.consumerWhere.get(w)!])) }),
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
