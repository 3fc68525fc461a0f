// Whose repository it is: commit statuses go to the repository a service names, so a repository is the first
// service's to name it, as a host is; another joins it (a monorepo) or takes it (a squat) only by the admin's claim.

import { parseRepository } from '../notify/repositories.js';
import { StoreError } from './errors.js';

/** `Acme/Users`, `https://github.com/acme/users.git`, `git@github.com:acme/users` -> `acme/users`: GitHub reads them as one. */
export function repositoryKey(text: string | null | undefined): string | undefined {
  const parsed = parseRepository(text ?? undefined);
  return parsed && `${parsed.owner}/${parsed.repo}`.toLowerCase();
}

/** The key of a repository the admin gives; `owner/repo` as the route's path has it, which the schema checked already. */
export function requireRepositoryKey(name: string): string {
  const key = repositoryKey(name);
  if (key === undefined) throw new StoreError('ERR_SERVICE_INVALID', `"${name}" is not a repository (owner/repo)`, { repository: name });
  return key;
}

/** Whether a description naming `next` must be checked against the other services: only a repository it did not name. */
export function isNewRepository(previous: string | null | undefined, next: string | null | undefined): string | undefined {
  const key = repositoryKey(next);
  return key !== undefined && key !== repositoryKey(previous) ? key : undefined;
}

/** The services among `rows` (other than `name`) that name the repository `key`, by name. */
export function findHolders(rows: readonly { name: string; repository: string | null }[], key: string, name: string): string[] {
  return rows
    .filter((row) => row.name !== name && repositoryKey(row.repository) === key)
    .map((row) => row.name)
    .sort();
}

export function repositoryTaken(key: string, holders: readonly string[], claimant: string): StoreError {
  const held = holders.join(', ');
  const way =
    `remove repository: from ${claimant}'s manifest, or the registry's admin lets ${claimant} name it: ` +
    `overseer claim repository ${key} --service ${claimant} --share (a repository both build from), or without --share to take it from ${held}`;
  return new StoreError('ERR_REPOSITORY_TAKEN', `repository ${key} is ${held}'s: commit statuses go only to the repository a service holds; ${way}`, {
    repository: key,
    services: [...holders],
  });
}
