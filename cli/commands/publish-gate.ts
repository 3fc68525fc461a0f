// What can-i-deploy will say of a version just published, in each environment: a refusal learned at deploy time is a day late.

import { foldRepeatedReasons, type Verdict } from '../../contracts/index.js';
import type { RegistryClient } from '../client.js';
import { describeCount } from '../counted.js';
import type { Io } from '../io.js';

/**
 * Asks the gate about the version in every environment, by the read that records nothing and notifies nobody, and
 * prints one line for each environment where it would refuse. A publication already made stands whatever happens here:
 * a gate that cannot be asked is a note, never a failed publish.
 */
export async function previewGates(client: RegistryClient, service: string, version: string, io: Io): Promise<void> {
  let verdicts: Verdict[];
  try {
    const environments = (await client.listEnvironments()).map((e) => e.name);
    verdicts = await askEach(environments, (environment) => client.previewGate({ service, version, environment }));
  } catch (error) {
    io.stderr(
      `note: ${service} ${version} is published, but the gate could not be asked what it will say (${(error as Error).message}); ` +
        `ask it before deploying: overseer can-i-deploy --service ${service} --version ${version} --env ENV\n`,
    );
    return;
  }
  for (const verdict of verdicts) if (verdict.decision === 'refused') io.stdout(describeRefusal(verdict));
}

// A few at once: an organisation's dozen environments answer in the time of a few, without filling the gate's queue.
const PREVIEW_CONCURRENCY = 4;

/** The answers in the order asked, with at most PREVIEW_CONCURRENCY questions open; the first failure fails all. */
async function askEach<T>(items: readonly string[], ask: (item: string) => Promise<T>): Promise<T[]> {
  const answers: T[] = new Array(items.length);
  let next = 0;
  const work = async () => {
    while (next < items.length) {
      const at = next++;
      answers[at] = await ask(items[at]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PREVIEW_CONCURRENCY, items.length) }, work));
  return answers;
}

/** `1 change breaks checkout-web in production: can-i-deploy will refuse; see overseer can-i-deploy ...`. */
function describeRefusal(verdict: Verdict): string {
  // Counted as can-i-deploy prints them: a field a breaking change removed is not a second reason.
  const blocking = foldRepeatedReasons(verdict.reasons).filter((r) => r.severity === 'error');
  const breaking = blocking.filter((r) => r.code === 'breaks-consumer');
  const parts: string[] = [];
  if (breaking.length > 0) {
    // One change that breaks two consumers is one change to undo: counted once, by what and where.
    const changes = new Set(breaking.flatMap((r) => (r.changes ?? []).map((c) => `${c.id} ${c.side} ${c.location}`)));
    const consumers = [...new Set(breaking.flatMap((r) => (r.consumer === undefined ? [] : [r.consumer])))];
    parts.push(`${describeCount(changes.size, 'change')} ${changes.size === 1 ? 'breaks' : 'break'} ${nameConsumers(consumers)}`);
  }
  // A consumer published before its providers are deployed: the providers, by name, say what to do.
  const absent = [...new Set(blocking.flatMap((r) => (r.code === 'provider-not-deployed' && r.provider !== undefined ? [r.provider] : [])))];
  if (absent.length > 0) parts.push(`${nameAll(absent)} ${absent.length === 1 ? 'is' : 'are'} not deployed`);
  const others = blocking.filter((r) => r.code !== 'breaks-consumer' && !(r.code === 'provider-not-deployed' && r.provider !== undefined));
  if (others.length > 0) {
    const codes = [...new Set(others.map((r) => r.code))].join(', ');
    parts.push(`${describeCount(others.length, parts.length > 0 ? 'other blocking reason' : 'blocking reason')} (${codes})`);
  }
  const { service, version, environment } = verdict;
  return `${parts.join(', ')} in ${environment}: can-i-deploy will refuse; see overseer can-i-deploy --service ${service} --version ${version} --env ${environment}\n`;
}

// Names while they fit on the line; a count beyond three, which the command named after it lists in full.
function nameConsumers(consumers: string[]): string {
  if (consumers.length > 3) return describeCount(consumers.length, 'consumer');
  return consumers.length === 0 ? 'a consumer' : nameAll(consumers);
}

function nameAll(names: string[]): string {
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
