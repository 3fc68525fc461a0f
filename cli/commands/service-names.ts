// Service names the registry does not know, said with the nearest one it does: a typo should not read as "unpublished".

import { type RegistryClient, RegistryError } from '../client.js';
import { CommandError } from '../io.js';
import { suggestClosest } from '../suggest.js';

/** The names among `names` that no service has, each with the closest known name; the list is read only when one is unknown. */
export async function findUnknownServices(client: RegistryClient, names: readonly string[]): Promise<{ name: string; guess?: string }[]> {
  const unknown: string[] = [];
  for (const name of names) {
    try {
      await client.getService(name);
    } catch (error) {
      if (!(error instanceof RegistryError && error.status === 404)) throw error;
      unknown.push(name);
    }
  }
  if (unknown.length === 0) return [];
  const known = (await client.listServices()).map((s) => s.name);
  return unknown.map((name) => {
    const guess = suggestClosest(name, known);
    return guess ? { name, guess } : { name };
  });
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
    const known = (await client.listServices()).map((s) => s.name);
    const guess = suggestClosest(service, known);
    throw new CommandError(error.code, `no service is named ${service}${guess ? `: did you mean --service ${guess}?` : ' (overseer publish registers it)'}`);
  }
}
