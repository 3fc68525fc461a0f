// Service names the registry does not know, said with the nearest one it does: a typo should not read as "unpublished".

import { type RegistryClient, RegistryError } from '../client.js';
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
