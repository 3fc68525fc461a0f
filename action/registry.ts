// What the registry says about this service in one environment: the consumers deployed there (to judge the
// pull request's changes against, offline, with the engine), whether its providers there offer what it uses, and
// the uses its gate would not count, which `can-i-deploy` and the dashboard tell too.

import { type RegistryClient, RegistryError, readDeploymentRecords } from '../cli/client.js';
import {
  addEmptyEnvironmentNotice,
  type Declaration,
  describeGuess,
  EMPTY_ENVIRONMENT_NOTICE,
  findNearestName,
  foldRepeatedReasons,
  type Manifest,
  type Notice,
  type VerdictReason,
  type Waiver,
} from '../contracts/index.js';
import { ActionError } from './errors.js';

export interface RegistryView {
  /** Each consumer deployed in the environment, as a manifest of its use of this service, with its owners. */
  consumers: Manifest[];
  /** Why this service, as a consumer, could not run against the providers deployed there (empty: it can). */
  ownReasons: VerdictReason[];
  /**
   * What the pull request's contract breaks for consumers the registry counts from calls seen in traces, not from their
   * declarations (`basis: "observed"`): the consumer listing has only declarations, so the action's own diff cannot see them.
   */
  observedReasons: VerdictReason[];
  /**
   * What the pull request's contract breaks for consumers whose manifests misspell this service's name (`declaredAs`): the
   * consumer listing names the providers as written, so it lists them under no service, and the gate counts them as this one's.
   */
  misdirectedReasons: VerdictReason[];
  /**
   * The registry gate's notices on the pull request's contract, in its words: uses it left uncounted that would refuse it,
   * calls that fail while two versions run, uses it does not judge (the comment groups them: comment-notices.ts).
   */
  registryNotices: Notice[];
  /** The registry's note that no deployment is recorded in the environment, so no consumer was judged there. */
  judgedNobody?: Notice;
  /** The registry knows no service of this name, nor one a typo away: a new service, whose first pull request this is. */
  newService?: true;
  /** The contract of the service's version live in the environment, when asked for (`live`) and one is published there. */
  live?: LiveContract;
}

/** A version of the service live in the environment, and its contract as published. */
interface LiveContract {
  version: string;
  text: string;
}

interface RegistryQuery {
  service: string;
  environment: string;
  /** What this service declares it uses (its manifest's `consumes`). */
  declarations: Declaration[];
  /** Shown in the registry's messages, e.g. `pr-12`. */
  version: string;
  /** The pull request's contract: the registry judges it as `overseer check` would, for the notices above. */
  contract: { text: string; file: string };
  /** The `waivers` input, parsed: the registry's notices leave out what they accept. */
  waivers: readonly Waiver[];
  /** The service the manifest describes, when the `service` input names another. */
  manifestService?: string;
  /** The pull request has no base for the contract: read the contract live in the environment to compare it with. */
  live?: true;
}

export async function readRegistryView(registry: RegistryClient, query: RegistryQuery): Promise<RegistryView> {
  await assertEnvironmentKnown(registry, query.environment);
  // A new service has no consumers yet; what it consumes is still checked, as `overseer check` judges a new service.
  if (!(await isServiceKnown(registry, query.service, query.manifestService)))
    return { consumers: [], ...(await checkCandidate(registry, query)), newService: true };
  const [consumers, checked, live] = await Promise.all([
    readConsumers(registry, query),
    checkCandidate(registry, query),
    query.live ? readLiveContract(registry, query.service, query.environment) : undefined,
  ]);
  return { consumers, ...checked, ...(live && { live }) };
}

// A contract new at its path may be one moved without a rename GitHub records: compared with itself, it changes nothing,
// and only the uses it lacks would block. The gate compares it with what runs, so the Action does too. Of several
// versions live at once (a rollout), the one deployed last is the one the pull request follows.
async function readLiveContract(registry: RegistryClient, service: string, environment: string): Promise<LiveContract | undefined> {
  const live = (await registry.currentDeployments(environment)).filter((d) => d.service === service && d.replacedAt === null);
  const newest = live.sort((a, b) => b.deployedAt.localeCompare(a.deployedAt))[0];
  if (!newest) return undefined;
  try {
    return { version: newest.version, text: await registry.getContractText(service, newest.version) };
  } catch (error) {
    // A version published without a contract (a consumer only, until now) offers nothing to compare with.
    if (error instanceof RegistryError && error.status === 404) return undefined;
    throw error;
  }
}

// A misspelt environment has no consumers: without this check it would read as "safe".
async function assertEnvironmentKnown(registry: RegistryClient, environment: string): Promise<void> {
  const environments = await registry.listEnvironments();
  const known = environments.map((e) => e.name);
  if (known.includes(environment)) return;
  const list = known.length > 0 ? `known: ${known.join(', ')}` : 'none is known yet';
  const guess = findNearestName(environment, known);
  // A deployment cannot be recorded in an environment nobody created: the way to make one is to create it, as the CLI says.
  const advice = guess
    ? `${describeGuess(guess)} Check the \`environment\` input`
    : `: check the \`environment\` input, or create it (overseer environment create ${environment}) and record what runs there`;
  throw new ActionError('ERR_ENVIRONMENT_UNKNOWN', `the registry knows no environment "${environment}" (${list})${advice}`);
}

// A misspelt `service` input is named with the service probably meant, as the CLI names it; a name near none is a new service.
// A `service` input that names no known service while the manifest describes one the registry knows would judge the
// pull request as a new service's, which no consumer uses: "safe" for a change that breaks the manifest's service's consumers.
async function isServiceKnown(registry: RegistryClient, service: string, manifestService?: string): Promise<boolean> {
  try {
    await registry.getService(service);
    return true;
  } catch (error) {
    if (!(error instanceof RegistryError && error.status === 404)) throw error;
    const known = (await registry.listServices()).map((s) => s.name);
    const guess = findNearestName(service, known);
    if (!guess && manifestService !== undefined && manifestService !== service && known.includes(manifestService))
      throw new ActionError(
        'ERR_SERVICE_UNKNOWN',
        `no service is named ${service} in the registry, and the manifest describes ${manifestService}, which it knows: judged as a new service, the pull request would break none of ${manifestService}'s consumers. Set the \`service\` input to ${manifestService}, or leave it out`,
      );
    if (!guess) return false;
    throw new ActionError('ERR_SERVICE_UNKNOWN', `no service is named ${service} in the registry${describeGuess(guess)} Check the \`service\` input`);
  }
}

async function readConsumers(registry: RegistryClient, { service, environment }: RegistryQuery): Promise<Manifest[]> {
  // A live version of the service calling its own API is no consumer to the gate, which notices it (self-uses.ts): nor here.
  // One whose manifest misspells the service is judged by the registry's check and has a table of its own
  // (misdirectedReasons): judged here too, each of its breaks would be said twice.
  const entries = (await registry.consumers(service, { environment })).consumers.filter((c) => c.consumer !== service && c.declaredAs === undefined);
  const names = [...new Set(entries.map((c) => c.consumer))].sort();
  // Owners live on the service record, not on the listing: one read per consumer, in parallel.
  const read = (name: string) => registry.getService(name);
  const services = new Map(await Promise.all(names.map(async (name) => [name, await read(name)] as const)));
  const published = await Promise.all(entries.map((entry) => readPublishedFrom(registry, entry.consumer, entry.version)));
  return entries.map((entry, i): Manifest => {
    const record = services.get(entry.consumer);
    const from = published[i];
    return {
      service: entry.consumer,
      owners: record?.owners ?? [],
      ...(record?.slack ? { slack: record.slack } : {}),
      // Two live versions of one consumer are two entries: each finding names the version it is about, as the gate does.
      version: entry.version,
      declarations: [{ consumer: entry.consumer, provider: service, uses: entry.uses }],
      ...(from && { publishedFrom: from }),
    };
  });
}

/**
 * Where a consumer version's manifest was published from, for the comment's link to the line that declares a use: absent
 * when the registry did not keep it (published before round 30, or from Pact files) or cannot say. A comment without
 * the link still stands, so a failed read is no failure of the run.
 */
async function readPublishedFrom(registry: RegistryClient, consumer: string, version: string): Promise<Manifest['publishedFrom']> {
  const record = await registry.getVersion(consumer, version).catch(() => undefined);
  if (!record?.manifestFile) return undefined;
  return { file: record.manifestFile, ...(record.repository && { repository: record.repository }), ...(record.commit && { commit: record.commit }) };
}

/**
 * The registry's check of the pull request's contract and declarations. Its provider-side reasons on declared uses are
 * left out: the action judges the pull request's own diff (base to head) against the declarations itself. Kept: what
 * the service misses as a consumer, what breaks uses counted from traces, and the uses the gate did not count; a
 * waiver's notices are the action's own (it applies the waivers to its diff).
 */
async function checkCandidate(registry: RegistryClient, query: RegistryQuery): Promise<Omit<RegistryView, 'consumers'>> {
  // Its use of itself is sent too: the gate judges it (contracts/usage/self-uses.ts), the listing of consumers does not.
  const declarations = query.declarations.map((d) => toUploaded(d, query.service));
  const { service, version, environment, contract } = query;
  const waivers = query.waivers.length > 0 ? { waivers: [...query.waivers] } : {};
  const check = { service, version, environment, declarations, contract: contract.text, contractFile: contract.file, ...waivers };
  // A registry older than the Action may not say that the environment has no deployment recorded: then it looks itself.
  const answer = await registry.check(check);
  const verdict = await addEmptyEnvironmentNotice(answer.verdict, environment, readDeploymentRecords(registry), answer.given);
  const empty = verdict.notices?.find((n) => n.code === EMPTY_ENVIRONMENT_NOTICE);
  return {
    ownReasons: verdict.reasons.filter((r) => r.consumer === service),
    observedReasons: selectObserved(verdict.reasons, service),
    misdirectedReasons: selectMisdirected(verdict.reasons, service),
    registryNotices: (verdict.notices ?? []).filter((n) => !n.code.startsWith('waiver-') && n.code !== EMPTY_ENVIRONMENT_NOTICE),
    ...(empty && { judgedNobody: empty }),
  };
}

// A consumer's loss is said once, as every door says it (contracts/gate/fold-repeats.ts).
function selectObserved(reasons: VerdictReason[], service: string): VerdictReason[] {
  return foldRepeatedReasons(reasons).filter((r) => r.basis === 'observed' && r.severity === 'error' && r.consumer !== service);
}

function selectMisdirected(reasons: VerdictReason[], service: string): VerdictReason[] {
  return foldRepeatedReasons(reasons).filter((r) => r.declaredAs !== undefined && r.severity === 'error' && r.consumer !== service && r.basis !== 'observed');
}

// The consumer is the service judged. Manifest lines go along: the gate finds each reason's entry through the provider's
// contract (`declaredAt`), which the action does not have, so an entry written as an operationId is annotated on its line.
function toUploaded(declaration: Declaration, service: string): Declaration {
  return { ...declaration, consumer: service };
}
