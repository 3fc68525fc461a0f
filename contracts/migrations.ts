// Migrations: every deprecated part of a provider's deployed contract, with the consumers still using it there
// and whether it is ready to remove. The way out of a refused removal (expand, migrate, contract), made visible. Pure.

import { type Deprecation, findDeprecationUses, listDeprecations } from './deprecations.js';
import type { GateVersion } from './gate.js';
import type { LoadedContract, OpenApiDocument } from './load/load.js';
import type { Declaration, ObservedCall } from './model.js';
import { normalizePath } from './schema/operations.js';
import { addObservedUses, type UsagePolicy } from './usage/observed-gate.js';

export interface Migration {
  environment: string;
  /** `GET /users/{id}` as the deployed contract writes it. */
  operation: string;
  /** A request or response property path; absent for a parameter or a whole operation. */
  field?: string;
  /** Set for a request property, so that `field` alone is never ambiguous. */
  side?: 'request' | 'response';
  /** A parameter name; absent for a field or a whole operation. */
  parameter?: string;
  /** A response header's name; absent for any other part. */
  header?: string;
  /** The oldest version of the provider, in an unbroken run up to the deployed one, that already deprecates the part. */
  deprecatedIn: string;
  /** `x-sunset` as a date, when the contract gives one. */
  sunset: string | null;
  /** The consumers deployed there that still use the part, by name. */
  users: string[];
  /**
   * Those of `users` counted only because traces show them calling the part's operation: their declarations do not name
   * it, so their owners find nothing to change in their manifest. Absent when there are none.
   */
  observed?: string[];
  /**
   * When each of `observed` was last seen calling the part's operation: its calls keep the part in use until they leave
   * the usage window, so this says how long a part nobody declares stays unready. Absent when `observed` is.
   */
  lastSeen?: Record<string, string>;
  /**
   * Consumers live there seen calling the part's operation in traces whose calls the registry does not count
   * (OVERSEER_USAGE=declared): not among `users`, so a part "ready" for the gate is not unused unsaid. Absent when none.
   */
  uncounted?: string[];
  /**
   * Consumers that moved off the part: seen calling its operation there only from versions replaced since (by `to`,
   * at `since`), and not among `users`. Absent when none, or when spans name no caller versions.
   */
  moved?: MovedConsumer[];
  /**
   * Those of `users` whose manifest names the provider by a near name no service has (`user-service` for
   * users-service), each with the name it wrote: the gate counts them as the provider's consumers, and their owners have
   * a manifest to correct. Absent when none.
   */
  declaredAs?: Record<string, string>;
  /** No consumer deployed there uses the part: removing it breaks nobody there. */
  ready: boolean;
}

interface MovedConsumer {
  consumer: string;
  /** The version that called the part. */
  from: string;
  /** The versions that replaced it there (none when it was undeployed). */
  to: string[];
  /** When it was replaced there: when the consumer moved. */
  since: string;
  /** Its last call of the part. */
  lastSeen: string;
}

/** A call of a consumer version replaced in the environment since: observe/replaced-calls.ts leaves it out of use. */
export interface ReplacedCall {
  consumer: string;
  consumerVersion: string;
  operation: string;
  lastSeen: string;
  replacedBy: string[];
  since: string;
}

/** A consumer version deployed in the environment and what it declares of the provider. */
interface MigrationUser {
  consumer: string;
  declaration: Declaration;
}

interface MigrationInput {
  environment: string;
  /** The provider's deployed version and contract. */
  deployed: { version: string; doc: OpenApiDocument; foreignKeywords?: boolean };
  /**
   * Older versions of the provider, newest first, for `deprecatedIn`; the walk stops at the first that does not deprecate
   * the part and was live in the environment (`neverLive` marks one that never was: a removal the gate refused there).
   */
  earlier: readonly { version: string; doc: OpenApiDocument; neverLive?: true; foreignKeywords?: boolean }[];
  users: readonly MigrationUser[];
  /**
   * Calls seen in traces, counted as the gate counts them (a call uses its operation as a whole), so that a part is
   * ready exactly when removing it passes the gate. A consumer seen calling but declaring nothing is among `users`
   * with an empty declaration: only consumers deployed there count.
   */
  observed?: { provider: string; calls: readonly ObservedCall[]; usage: UsagePolicy; contract?: LoadedContract; replaced?: readonly ReplacedCall[] };
}

/** One deprecated part of the deployed contract, however many consumers use it. */
function keyOfDeprecation(d: Deprecation): string {
  return [d.part, d.operationKey, d.parameter?.name ?? '', d.field ?? '', d.header?.toLowerCase() ?? ''].join('\u0000');
}

/**
 * The oldest of the versions in the deprecation's unbroken run back from the deployed one. A version never live there
 * that dropped the part (removed, or no longer deprecated) broke it for nobody, so the run goes on past it.
 */
function findDeprecatedSince(earlier: MigrationInput['earlier'], keys: readonly Set<string>[], key: string) {
  let since: MigrationInput['earlier'][number] | undefined;
  for (const [i, version] of earlier.entries()) {
    if (keys[i]!.has(key)) since = version;
    else if (!version.neverLive) break;
  }
  return since;
}

export function listMigrations(input: MigrationInput): Migration[] {
  const deprecations = listDeprecations(input.deployed.doc, { foreignKeywords: input.deployed.foreignKeywords });
  const users = findUsersByPart(deprecations, withObservedUses(input), input.deployed.doc);
  const declared = input.observed ? findUsersByPart(deprecations, input.users, input.deployed.doc) : users;
  const seen = input.observed?.usage === 'declared' ? findUsersByPart(deprecations, withObservedUses(input, 'both'), input.deployed.doc) : undefined;
  const earlierKeys = input.earlier.map((v) => new Set(listDeprecations(v.doc, { foreignKeywords: v.foreignKeywords }).map(keyOfDeprecation)));
  return deprecations.map((d) => {
    const key = keyOfDeprecation(d);
    const using = [...(users.get(key) ?? [])].sort();
    const since = findDeprecatedSince(input.earlier, earlierKeys, key);
    return {
      environment: input.environment,
      operation: d.operation,
      ...describePart(d),
      deprecatedIn: since?.version ?? input.deployed.version,
      sunset: d.sunsetDate ?? null,
      users: using,
      ...withObserved(
        using.filter((u) => !declared.get(key)?.has(u)),
        d,
        input.observed?.calls ?? [],
      ),
      ...withUncounted([...(seen?.get(key) ?? [])].filter((u) => !using.includes(u)).sort()),
      ...withMoved(using, d, input.observed?.replaced ?? []),
      ...withDeclaredAs(using, input.users),
      ready: using.length === 0,
    };
  });
}

function withObserved(observed: string[], d: Deprecation, calls: readonly ObservedCall[]): Pick<Migration, 'observed' | 'lastSeen'> {
  if (observed.length === 0) return {};
  // A call uses its operation whole, whatever the path parameters were called in the contract it was matched against.
  const operation = normalizePath(d.operation);
  const lastSeen: Record<string, string> = {};
  for (const call of calls) {
    if (!observed.includes(call.consumer) || normalizePath(call.operation) !== operation) continue;
    if (!(lastSeen[call.consumer]! >= call.lastSeen)) lastSeen[call.consumer] = call.lastSeen;
  }
  return { observed, ...(Object.keys(lastSeen).length > 0 && { lastSeen }) };
}

/** Who moved off the part's operation: its calls came only from versions replaced there since; the latest such version each. */
function withMoved(using: readonly string[], d: Deprecation, replaced: readonly ReplacedCall[]): Pick<Migration, 'moved'> {
  const operation = normalizePath(d.operation);
  const byConsumer = new Map<string, MovedConsumer>();
  for (const call of replaced) {
    if (using.includes(call.consumer) || normalizePath(call.operation) !== operation) continue;
    const known = byConsumer.get(call.consumer);
    if (known && known.since > call.since) continue;
    const lastSeen = known?.from === call.consumerVersion && known.lastSeen > call.lastSeen ? known.lastSeen : call.lastSeen;
    byConsumer.set(call.consumer, { consumer: call.consumer, from: call.consumerVersion, to: call.replacedBy, since: call.since, lastSeen });
  }
  const moved = [...byConsumer.values()].sort((a, b) => (a.consumer < b.consumer ? -1 : 1));
  return moved.length > 0 ? { moved } : {};
}

// A consumer that also names the provider right somewhere (another version, another manifest) has nothing to correct.
function withDeclaredAs(using: readonly string[], users: readonly MigrationUser[]): Pick<Migration, 'declaredAs'> {
  const right = new Set(users.filter((u) => u.declaration.declaredAs === undefined).map((u) => u.consumer));
  const written = new Map(users.flatMap(({ consumer, declaration }) => (declaration.declaredAs === undefined ? [] : [[consumer, declaration.declaredAs]])));
  const declaredAs = Object.fromEntries(using.flatMap((u) => (right.has(u) || !written.has(u) ? [] : [[u, written.get(u)!]])));
  return Object.keys(declaredAs).length > 0 ? { declaredAs } : {};
}

function withUncounted(uncounted: string[]): Pick<Migration, 'uncounted'> {
  return uncounted.length > 0 ? { uncounted } : {};
}

/** Per deprecated part (keyOfDeprecation), the consumers whose uses reach it. */
function findUsersByPart(deprecations: readonly Deprecation[], users: readonly MigrationUser[], doc: OpenApiDocument): Map<string, Set<string>> {
  const byPart = new Map<string, Set<string>>();
  for (const user of users) {
    for (const use of findDeprecationUses(deprecations, user.declaration.uses, doc)) {
      const key = keyOfDeprecation(use.deprecation);
      byPart.set(key, (byPart.get(key) ?? new Set()).add(user.consumer));
    }
  }
  return byPart;
}

/** `GET /users/{id}: response field email`, `... parameter limit`, or the operation alone. */
export function describeMigrationPart(m: Pick<Migration, 'operation' | 'parameter' | 'field' | 'side' | 'header'>): string {
  if (m.parameter !== undefined) return `${m.operation}: parameter ${m.parameter}`;
  if (m.header !== undefined) return `${m.operation}: response header ${m.header}`;
  if (m.field !== undefined) return `${m.operation}: ${m.side} field ${m.field}`;
  return `${m.operation} (the whole operation)`;
}

/**
 * What names one deprecated part of a provider in the migration watch: stable while the part stays deprecated, and while
 * its path parameters are renamed (`GET /users/{}`): `/users/{id}` in production and `/users/{userId}` in staging, or
 * both during a rollout, are one part, listed and announced ready once.
 */
export function keyOfMigration(m: Pick<Migration, 'operation' | 'parameter' | 'field' | 'side' | 'header'>): string {
  const operation = normalizePath(m.operation);
  if (m.parameter !== undefined) return `${operation} parameter ${m.parameter}`;
  if (m.header !== undefined) return `${operation} response header ${m.header.toLowerCase()}`;
  if (m.field !== undefined) return `${operation} ${m.side} ${m.field}`;
  return operation;
}

/** The users with the calls seen added as `usage` counts them (the registry's policy unless another is asked). */
function withObservedUses(input: MigrationInput, usage = input.observed?.usage): readonly MigrationUser[] {
  const { observed } = input;
  if (!observed || !usage) return input.users;
  const versions: GateVersion[] = input.users.map((u) => ({ service: u.consumer, version: '', declarations: [u.declaration] }));
  const counted = addObservedUses(versions, observed.provider, observed.calls, usage, observed.contract).deployed;
  return counted.flatMap((v) => v.declarations.filter((d) => d.provider === observed.provider).map((declaration) => ({ consumer: v.service, declaration })));
}

function describePart(d: Deprecation): Pick<Migration, 'field' | 'side' | 'parameter' | 'header'> {
  if (d.parameter) return { parameter: d.parameter.name };
  if (d.header !== undefined) return { header: d.header };
  if (d.field !== undefined) return { field: d.field, side: d.part === 'request-field' ? 'request' : 'response' };
  return {};
}
