// What the routes call before a write: read what the event needs, decide whether anything breaks, and hand the
// store an outbox that turns the write's result into notifications inside the write's transaction.

import { createHash } from 'node:crypto';
import { decisionOf, type Verdict, type VerdictReason, type Waiver } from '../../contracts/index.js';
import type { Observer } from '../observe/observer.js';
import type { DeploymentInput, DeploymentResult, Outbox, PublishResult, Store, VerdictRecord, VersionRecord } from '../store/store.js';
import { serviceUrl, toAbsoluteUrl, verdictUrl } from '../ui/urls.js';
import type { WorkPool } from '../work/pool.js';
import type { ContractText } from '../work/wire.js';
import { hasConfiguredChannel, type NotifyConfig } from './config.js';
import { gatherServices, judgeProviderIn, loadProviderVersion, type ScopeJudgement } from './detect.js';
import {
  EVENT_SCHEMA_VERSION,
  type EventImpact,
  type EventType,
  type EventWaived,
  type EventWarned,
  listConcernedServices,
  type NotificationEvent,
} from './events.js';
import { fanOutEvent } from './fanout.js';
import { type FoundReasons, groupImpacts, listNames, listWaived, listWarned } from './impacts.js';
import { checkMigrationsAfterDeployment } from './ready.js';

interface PublicationFacts {
  service: string;
  version: string;
  /** The contract to be stored: judged in the pool, where the thread that prepared the upload still holds its parse. */
  contract?: ContractText;
  branch?: string;
  pullRequest?: number;
  /** Who published: the name the request gave, else the token's name. */
  publisher?: string;
  /** The waivers published with the version: the changes they accept are not announced as breaking. */
  waivers?: Waiver[];
}

export interface Notifier {
  /** For a publication: notifies when the new version's contract breaks a consumer deployed anywhere or latest on the main branch. */
  planPublication(facts: PublicationFacts): Promise<Outbox<PublishResult> | undefined>;
  /** Whether anyone could be told (a channel configured, or a webhook): else there is nothing to judge or parse for it. */
  isListening(): Promise<boolean>;
  /**
   * For a deployment: notifies when the version deployed breaks a consumer deployed there, or only warns one (as
   * provider), and when a provider live there lacks what it uses (`unmet`: the gate's consumer-side reasons, as consumer).
   */
  planDeployment(input: DeploymentInput, unmet?: readonly VerdictReason[]): Promise<Outbox<DeploymentResult> | undefined>;
  /**
   * After a deployment was recorded or ended: announces the deprecated parts whose last consumer there just stopped
   * using them (deprecation.ready). Resolves to how many parts became ready.
   */
  afterDeployment(service: string, environment: string): Promise<number>;
  /** For a can-i-deploy that says no. */
  planVerdict(verdict: Verdict): Promise<Outbox<VerdictRecord> | undefined>;
  /** Tells the worker that notifications were just enqueued, so that it need not wait for its next poll. */
  wake(): void;
}

interface NotifierOptions {
  config?: NotifyConfig;
  store: Store;
  /** Where judgements are decided and stored contracts read: off the event loop. */
  work: WorkPool;
  wake?: () => void;
  now?: () => Date;
  /** Observed calls: their callers are judged as the gate judges them, and they count as use of deprecated parts. */
  observed?: Observer;
}

type Draft = Omit<NotificationEvent, 'id' | 'url' | 'services' | 'occurredAt' | 'schemaVersion'>;

export function createNotifier(options: NotifierOptions): Notifier {
  const { config, store, work } = options;
  const judging = { store, work, observer: options.observed };
  const now = options.now ?? (() => new Date());

  // Nothing is read or judged when no one could be told.
  async function isListening(): Promise<boolean> {
    return config !== undefined && (hasConfiguredChannel(config) || (await store.listWebhooks()).length > 0);
  }

  /** Reads the services and webhooks now; the returned function only assembles, as an outbox must. */
  async function prepare(draft: Draft): Promise<(id: string, url: string, extra?: Partial<NotificationEvent>) => ReturnType<typeof fanOutEvent>> {
    const services = await gatherServices(store, listConcernedServices(draft));
    const webhooks = await store.listWebhooks();
    const occurredAt = now().toISOString();
    return (id, path, extra = {}) => {
      const event: NotificationEvent = {
        schemaVersion: EVENT_SCHEMA_VERSION,
        ...draft,
        ...extra,
        id,
        occurredAt,
        services,
        url: toAbsoluteUrl(config!.publicUrl, path),
      };
      return fanOutEvent(event, { config: config!, webhooks });
    };
  }

  type Planned = Outbox<DeploymentResult> | undefined;

  /** The provider side: the consumers live there that the version breaks, or that only its waivers or warnings reach. */
  async function planProviderSide(record: VersionRecord, environment: string): Promise<Planned> {
    const { service, version } = record;
    const candidate = await loadProviderVersion(store, record);
    if (!candidate) return undefined;
    const judged = await judgeProviderIn(judging, candidate, { environment }, environment);
    // Once recorded, the new version is what runs there.
    const [impacts, waived, warned] = [groupImpacts([{ ...judged, running: version }]), listWaived([judged]), listWarned([judged])];
    // A deployment that only warns is news as its publication was: the consumers it warns run it now, not some day.
    const type = impacts.length > 0 ? 'deployment.breaking' : waived.length > 0 ? 'deployment.waived' : warned.length > 0 ? 'deployment.warned' : undefined;
    if (type === undefined) return undefined;
    const facts = { service, version, baseVersion: judged.base, environment, impacts, waived, warned, commit: record.commit };
    const build = await prepare(draftEvent(type, { ...facts, ...describePublication(record) }));
    const path = serviceUrl(service, { environment, from: judged.base, to: version });
    return (r) => (r.status === 'created' ? build(`${type}/${environment}/${service}/${version}/${r.deployment.id}`, path) : []);
  }

  /** The consumer side: what the version uses that its providers live there lack. It runs there now and its calls fail. */
  async function planUnmet(record: VersionRecord, environment: string, unmet: readonly VerdictReason[]): Promise<Planned> {
    if (unmet.length === 0) return undefined;
    const { service, version } = record;
    const impacts = groupImpacts(await placeReasons(store, environment, [...unmet]));
    const build = await prepare(
      draftEvent('deployment.unmet', { service, version, environment, impacts, commit: record.commit, ...describePublication(record) }),
    );
    const path = serviceUrl(service, { environment });
    return (r) => (r.status === 'created' ? build(`deployment.unmet/${environment}/${service}/${version}/${r.deployment.id}`, path) : []);
  }

  return {
    isListening,
    async planPublication({ service, version, contract, branch, pullRequest, publisher, waivers }) {
      if (!contract || !(await isListening()) || (await store.getVersion(service, version))) return undefined;
      // Only the hash and text travel; a large contract's text is decoded from its bytes here, once.
      const text = { hash: contract.hash, text: contract.text };
      const candidate = { service, version, contract: text, declarations: [], ...(waivers && waivers.length > 0 && { waivers }) };
      const scopes: ScopeJudgement[] = [];
      for (const env of await store.listEnvironments()) scopes.push(await judgeProviderIn(judging, candidate, { environment: env.name }, env.name));
      const main = config!.mainBranch;
      scopes.push(dropWaivedElsewhere(await judgeProviderIn(judging, candidate, { branch: main }, `branch ${main}`), scopes));
      const [impacts, waived, warned] = [groupImpacts(scopes), listWaived(scopes), listWarned(scopes)];
      // Breaks that waivers let through are announced too, as an event of their own: a waiver must not pass in silence.
      // So are warnings that reach what consumers use, where nothing breaks: the gate says them only to who asks it.
      const type = impacts.length > 0 ? 'version.breaking' : waived.length > 0 ? 'version.waived' : warned.length > 0 ? 'version.warned' : undefined;
      if (type === undefined) return undefined;
      // The main branch's previous version is what a reviewer compares with; else the first environment's.
      const base = scopes.at(-1)?.base ?? scopes.find((s) => s.base !== undefined)?.base;
      const build = await prepare(draftEvent(type, { service, version, baseVersion: base, impacts, waived, warned }));
      const path = serviceUrl(service, { from: base, to: version });
      const said = {
        ...(branch !== undefined && { branch }),
        ...(pullRequest !== undefined && { pullRequest }),
        ...(publisher !== undefined && { publisher }),
      };
      return (r) => (r.status === 'created' ? build(`${type}/${service}/${version}`, path, { ...said, ...includeCommit(r.version.commit) }) : []);
    },

    async planDeployment({ service, version, environment }, unmet = []) {
      if (!(await isListening())) return undefined;
      if ((await store.currentDeployment(service, environment))?.version === version) return undefined;
      const record = await store.getVersion(service, version);
      if (!record) return undefined;
      const [asProvider, asConsumer] = [await planProviderSide(record, environment), await planUnmet(record, environment, unmet)];
      if (!asProvider && !asConsumer) return undefined;
      return (r) => [...(asProvider?.(r) ?? []), ...(asConsumer?.(r) ?? [])];
    },

    async afterDeployment(service, environment) {
      // As for the other events; the periodic check keeps the migration watch current meanwhile.
      if (!(await isListening())) return 0;
      const freed = await checkMigrationsAfterDeployment({ store, work, config: config!, observed: options.observed, now }, service, environment);
      if (freed > 0) options.wake?.();
      return freed;
    },

    async planVerdict(verdict) {
      // Only a refusal is announced: an undecided ask (an unpublished version) judged nothing.
      if (decisionOf(verdict) !== 'refused' || !(await isListening())) return undefined;
      const reasons = verdict.reasons.filter((r) => r.severity === 'error' && r.code !== 'version-unknown');
      if (reasons.length === 0) return undefined;
      const { service, version, environment } = verdict;
      const record = await store.getVersion(service, version);
      const impacts = groupImpacts(
        await placeReasons(
          store,
          environment,
          reasons.map((r) => ({ consumer: service, provider: service, ...r })),
        ),
      );
      const warned = listWarned([{ warned: verdict.reasons.filter((r) => r.code === 'warns-consumer') }]);
      const build = await prepare(
        draftEvent('gate.refused', { service, version, environment, impacts, warned, commit: record?.commit, ...describePublication(record) }),
      );
      // Asking again and hearing the same no is not news: a repeat within the window joins its record (count > 1) and
      // sends nothing; a later one, or another asker's, has a record of its own, and the key, which holds the reasons, stops it.
      const id = `gate.refused/${environment}/${service}/${version}/${hashReasons(reasons)}`;
      return (r) => (r.count > 1 ? [] : build(id, verdictUrl(r.id, { service, environment }), { verdictId: r.id }));
    },

    wake: () => options.wake?.(),
  };
}

/**
 * The reasons of one environment grouped by provider, each with the provider's version live there: the message says
 * what runs, and "not deployed" only where nothing of that provider runs.
 */
async function placeReasons(store: Store, environment: string, reasons: VerdictReason[]): Promise<FoundReasons[]> {
  const providers = [...new Set(reasons.map((r) => r.provider ?? ''))];
  const live = await store.currentDeployments(environment, providers);
  return providers.map((provider) => {
    // The newest of them, as the other events name one version per place (a canary beside it is the verdict's to list).
    const running = live.filter((d) => d.service === provider).at(-1)?.version;
    return { where: environment, reasons: reasons.filter((r) => (r.provider ?? '') === provider), ...(running !== undefined && { running }) };
  });
}

/** What the store kept of a publication that an event repeats: its first branch and who published it. */
function describePublication(record: VersionRecord | undefined): { branch?: string; publisher?: string } {
  if (!record) return {};
  return { ...(record.branches[0] !== undefined && { branch: record.branches[0] }), ...(record.publisher !== undefined && { publisher: record.publisher }) };
}

function includeCommit(commit: string | undefined): Partial<NotificationEvent> {
  return commit === undefined ? {} : { commit };
}

function draftEvent(
  type: EventType,
  facts: {
    service: string;
    version: string;
    baseVersion?: string;
    environment?: string;
    commit?: string;
    branch?: string;
    publisher?: string;
    impacts: EventImpact[];
    waived?: EventWaived[];
    warned?: EventWarned[];
  },
): Draft {
  const { service, version, baseVersion, environment, commit, branch, publisher, impacts, waived, warned } = facts;
  return {
    type,
    headline: describeHeadline(type, service, version, environment, impacts, waived ?? [], warned ?? []),
    service,
    version,
    ...(commit !== undefined && { commit }),
    ...(branch !== undefined && { branch }),
    ...(publisher !== undefined && { publisher }),
    ...(baseVersion !== undefined && { baseVersion }),
    ...(environment !== undefined && { environment }),
    impacts,
    ...(waived && waived.length > 0 && { waived }),
    ...(warned && warned.length > 0 && { warned }),
  };
}

function describeHeadline(
  type: EventType,
  service: string,
  version: string,
  environment: string | undefined,
  impacts: EventImpact[],
  waived: readonly EventWaived[],
  warned: readonly EventWarned[],
): string {
  const broken = listNames(impacts.map((i) => i.consumer).filter((c) => c !== service));
  const accepted = listNames([...new Set(waived.map((w) => w.consumer))]);
  const told = [...new Set(warned.map((w) => w.consumer))];
  switch (type) {
    case 'version.breaking':
      // Nothing runs the new version yet: it would break them once deployed, and the gate stops that.
      return `${service} ${version} would break ${broken}`;
    case 'version.waived':
      return `${service} ${version} would break ${accepted}: its waivers let it through`;
    case 'version.warned':
      return `${service} ${version} changes what ${listNames(told)} use${told.length === 1 ? 's' : ''}, with a warning (not refused)`;
    case 'deployment.breaking':
      return `${service} ${version} was deployed to ${environment} and breaks ${broken}`;
    case 'deployment.waived':
      return `${service} ${version} was deployed to ${environment} and breaks ${accepted}, as its waivers accept`;
    case 'deployment.warned':
      return `${service} ${version} was deployed to ${environment} and changes what ${listNames(told)} use${told.length === 1 ? 's' : ''}, with a warning (not refused)`;
    case 'deployment.unmet':
      return `${service} ${version} was deployed to ${environment}, where ${listNames(impacts.map((i) => `${i.provider} ${i.providerVersion ?? ''}`.trim()))} lack${impacts.length === 1 ? 's' : ''} what it uses`;
    case 'gate.refused':
      return `can-i-deploy said no: ${service} ${version} to ${environment}`;
    case 'deprecation.sunset':
      return `${broken} still use${impacts.length === 1 ? 's' : ''} deprecated operations of ${service}`;
    case 'deprecation.ready':
      return `a deprecated part of ${service} is ready to remove in ${environment}`;
  }
}

function hashReasons(reasons: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(reasons), 'utf8').digest('hex').slice(0, 16);
}

// On the branch, a use the latest version there already failed, where the candidate's waivers accept the consumer's
// break of that operation in an environment, is no break of the candidate's: the README's 2.0.1 (2.0.0's removal with
// a waiver) said "would break" with a red commit status while can-i-deploy let it through. A use nobody waived stays:
// the event may be the first to say a consumer declares what the provider never had.
function dropWaivedElsewhere(judged: ScopeJudgement, environments: readonly ScopeJudgement[]): ScopeJudgement {
  const key = (consumer: string | undefined, operation: string | undefined) => `${consumer}\u0000${operation}`;
  const waived = new Set(environments.flatMap((s) => s.waived.map((w) => key(w.consumer, w.change.operation))));
  return { ...judged, reasons: judged.reasons.filter((r) => !(r.alreadyUnmetBy?.length && waived.has(key(r.consumer, r.operation)))) };
}
