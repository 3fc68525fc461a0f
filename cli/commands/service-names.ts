// Service names the registry does not know, said with the nearest one it does: a typo should not read as "unpublished".

import { describeGuess, describeUnpublished, findNearestName, findSameVersion } from '../../contracts/index.js';
import { type RegistryClient, RegistryError } from '../client.js';
import { CommandError } from '../io.js';

/** The names among `names` that no service has, each with the closest known name; the list is read only when one is unknown. */
export async function findUnknownServices(client: RegistryClient, names: readonly string[]): Promise<UnknownService[]> {
  const unknown: string[] = [];
  for (const name of names) {
    try {
      await client.getService(name);
    } catch (error) {
      if (!(error instanceof RegistryError && error.status === 404)) throw error;
      unknown.push(name);
    }
  }
  return unknown.length === 0 ? [] : guessServices(client, unknown);
}

/**
 * Runs a registry read about one service; when the registry knows no service of that name, the error names the
 * closest one it knows, as can-i-deploy does, instead of a bare "unknown service".
 */
export async function readAboutService<T>(client: RegistryClient, service: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof RegistryError && error.code === 'ERR_SERVICE_UNKNOWN')) throw error;
    const [unknown] = await guessServices(client, [service]);
    throw new CommandError(error.code, describeUnknownService(unknown!, '--service '));
  }
}

/**
 * As readAboutService, for a write about one version (record-deployment and the like): a version the registry does not
 * know is named with the published one it writes otherwise, or with the newest and the way to publish it.
 */
export async function readAboutVersion<T>(client: RegistryClient, target: { service: string; version: string }, read: () => Promise<T>): Promise<T> {
  try {
    return await readAboutService(client, target.service, read);
  } catch (error) {
    if (!(error instanceof RegistryError && error.code === 'ERR_VERSION_UNKNOWN')) throw error;
    // As can-i-deploy reads it: a version written otherwise (v1.0.0, 1.0) is a typo; another number is another release.
    const published = (await client.listVersions(target.service)).map((v) => v.version);
    const found = { newest: published.at(-1), sameVersion: findSameVersion(target.version, published) };
    const advice = `publish it first (overseer publish --version ${target.version})`;
    throw new CommandError(error.code, describeUnpublished(target.service, target.version, found, advice, '--version '));
  }
}

/** `no service is named user-service: did you mean users-service?`, in the same words wherever a command says it. */
export function describeUnknownService({ name, guess }: UnknownService, flag = ''): string {
  return `no service is named ${name}${guess ? describeGuess(`${flag}${guess}`) : ' (overseer publish registers it)'}`;
}

interface UnknownService {
  name: string;
  guess?: string;
}

async function guessServices(client: RegistryClient, names: readonly string[]): Promise<UnknownService[]> {
  const known = (await client.listServices()).map((s) => s.name);
  return names.map((name) => {
    const guess = findNearestName(name, known);
    return guess ? { name, guess } : { name };
  });
}
