// Backstage API names and the services providing them: the rules both stores apply when a version is published.
// A consumer's `consumesApis: [users-api]` means the service whose entity lists users-api in `providesApis`.

import type { Declaration } from '../../contracts/index.js';
import { StoreError } from './errors.js';

/** What a store knows when a service claims API names: who holds each now, and which names are services. */
interface ClaimFacts {
  /** The service holding each of the names asked about, when one does. */
  owners: ReadonlyMap<string, string>;
  /** Those of the names asked about that name a registered service. */
  services: ReadonlySet<string>;
}

/** An API name resolves to one service: a second claimant is refused, and so is a name another service goes by. */
export function assertClaimable(service: string, apis: readonly string[], facts: ClaimFacts): void {
  for (const api of apis) {
    const owner = facts.owners.get(api);
    if (owner !== undefined && owner !== service) {
      const way =
        `remove it from ${service}'s spec.providesApis, or publish ${owner}'s entity without it first; ` +
        `if it is ${service}'s, the registry's admin gives it: overseer claim api ${api} --service ${service}`;
      throw new StoreError('ERR_API_TAKEN', `the API ${api} is already provided by ${owner} (its spec.providesApis): an API names one service; ${way}`, {
        api,
        service: owner,
      });
    }
    // A name it holds already stays its own (a restored registry may hold one that a service goes by too).
    if (owner === service) continue;
    if (api !== service && facts.services.has(api)) {
      const why = `consumers naming ${api} mean that service`;
      throw new StoreError('ERR_API_TAKEN', `the API name ${api} is the name of another service in the registry (${why}): give the API another name`, {
        api,
        service: api,
      });
    }
  }
}

/** The other way round: a new service may not go by a name another service provides as an API. */
export function assertNameUnclaimed(name: string, owner: string | undefined): void {
  if (owner === undefined || owner === name) return;
  const why = `consumers naming ${name} mean ${owner}`;
  const way = `register the service under another name, or publish ${owner}'s entity without ${name} first`;
  throw new StoreError('ERR_API_TAKEN', `the name ${name} is an API ${owner} provides (its spec.providesApis), and ${why}: ${way}`, {
    api: name,
    service: owner,
  });
}

/**
 * The declarations as the store keeps them: one naming an API a service provides names that service. Two that then
 * name one provider are one declaration (a Backstage use is of everything, so the merged one is too).
 */
export function resolveApiNames(declarations: readonly Declaration[], ownerOf: ReadonlyMap<string, string>): Declaration[] {
  const byProvider = new Map<string, Declaration>();
  for (const d of declarations) {
    const provider = d.api === undefined ? d.provider : (ownerOf.get(d.api) ?? d.api);
    const resolved = provider === d.provider ? d : { ...d, provider };
    const seen = byProvider.get(provider);
    byProvider.set(provider, seen ? mergeDeclarations(seen, resolved) : resolved);
  }
  return [...byProvider.values()];
}

function mergeDeclarations(a: Declaration, b: Declaration): Declaration {
  if (a.uses === '*') return a;
  if (b.uses === '*') return { ...a, uses: '*' };
  return { ...a, uses: [...a.uses, ...b.uses] };
}

/** The API names a publication asks about: those it claims and those its declarations name. */
export function listApiNames(declarations: readonly Declaration[], claims: readonly string[] = []): string[] {
  return [...new Set([...claims, ...declarations.flatMap((d) => (d.api === undefined ? [] : [d.api]))])];
}
