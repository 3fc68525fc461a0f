// Checks shared by every Store implementation, so that SQLite and PostgreSQL accept and refuse the same inputs.

import { createHash } from 'node:crypto';
import { type Declaration, isHostName, MAX_HOSTS, type OperationUsage, type Waiver } from '../../contracts/index.js';
import { StoreError } from './errors.js';
import type { ContractInput, KeyPage, PublishInput, ServiceInput, TokenInput } from './store.js';
import { assertWaivers, identifyWaivers } from './waivers.js';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
// Names that travel in URLs and CLI flags: no spaces, no slashes, no control characters.
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_NAME = 200;
// Control, format (bidirectional overrides, zero-width) and lone surrogate code points: a name holding one can look
// like another (`1.0.0\u202e`), and a lone surrogate has no UTF-8 form, so it would not read back as it was written.
const HIDDEN_TEXT = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u;

/** Whether a name, version, environment or branch holds a character that does not show or does not round-trip. */
function hasHiddenText(text: string): boolean {
  return HIDDEN_TEXT.test(text);
}

export function hashSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function assertServiceName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length > MAX_NAME || !KEBAB.test(name)) {
    throw new StoreError('ERR_SERVICE_INVALID', `service name must be kebab-case: ${JSON.stringify(name)}`, { service: name });
  }
}

export function assertService(service: ServiceInput): void {
  assertServiceName(service.name);
  const owners: unknown = service.owners;
  if (!Array.isArray(owners) || !owners.every((o) => typeof o === 'string' && o.length > 0)) {
    throw new StoreError('ERR_SERVICE_INVALID', `owners of ${service.name} must be non-empty strings`, { service: service.name });
  }
  const hosts: unknown = service.hosts;
  if (hosts === undefined) return;
  if (!Array.isArray(hosts) || hosts.length > MAX_HOSTS || !hosts.every(isHostName) || new Set(hosts).size !== hosts.length) {
    const rule = `at most ${MAX_HOSTS} distinct lower-case host names`;
    throw new StoreError('ERR_SERVICE_INVALID', `hosts of ${service.name} must be ${rule}: ${JSON.stringify(hosts)}`, { service: service.name });
  }
}

export function assertEnvironmentName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length > MAX_NAME || !SAFE_NAME.test(name)) {
    throw new StoreError('ERR_ENVIRONMENT_INVALID', `invalid environment name: ${JSON.stringify(name)}`, { environment: name });
  }
}

function assertVersionName(service: string, version: unknown): asserts version is string {
  // Any string a build system produces, but no whitespace: versions appear in URLs and CLI output.
  if (typeof version !== 'string' || version.length === 0 || version.length > MAX_NAME || /\s/.test(version) || hasHiddenText(version)) {
    throw new StoreError('ERR_VERSION_INVALID', `invalid version of ${service}: ${JSON.stringify(version)}`, { service, version });
  }
}

export function assertContract(contract: ContractInput): void {
  const problem = !SHA256_HEX.test(contract.hash)
    ? 'hash is not a lower-case SHA-256 hex digest'
    : contract.format !== 'yaml' && contract.format !== 'json'
      ? `format must be yaml or json, not ${JSON.stringify(contract.format)}`
      : typeof contract.text !== 'string'
        ? 'text is missing'
        : /\p{Cs}/u.test(contract.text)
          ? 'text holds a lone surrogate, which has no UTF-8 form'
          : hashSha256(contract.canonical) !== contract.hash
            ? 'hash is not the SHA-256 of the canonical JSON'
            : undefined;
  if (problem) throw new StoreError('ERR_CONTRACT_INVALID', `invalid contract: ${problem}`, { hash: contract.hash });
}

function assertDeclarations(service: string, declarations: Declaration[]): void {
  const providers = new Set<string>();
  for (const declaration of declarations) {
    const uses: unknown = declaration.uses;
    const problem =
      declaration.consumer !== service
        ? `its consumer is ${JSON.stringify(declaration.consumer)}, not ${service}`
        : typeof declaration.provider !== 'string' || declaration.provider.length === 0
          ? 'its provider is missing'
          : providers.has(declaration.provider)
            ? `${declaration.provider} is declared twice`
            : uses !== '*' && !(Array.isArray(uses) && uses.every((u) => typeof u?.operation === 'string'))
              ? `its uses of ${declaration.provider} must be "*" or a list of operations`
              : undefined;
    if (problem) throw new StoreError('ERR_DECLARATION_INVALID', `invalid declaration of ${service}: ${problem}`, { service });
    providers.add(declaration.provider);
  }
}

/** Validates a publication before any write. */
export function assertPublication(input: PublishInput): void {
  assertServiceName(input.service);
  if (input.describe) assertService({ ...input.describe, name: input.service });
  assertVersionName(input.service, input.version);
  if (input.branch !== undefined && (typeof input.branch !== 'string' || input.branch.length === 0 || hasHiddenText(input.branch))) {
    throw new StoreError('ERR_VERSION_INVALID', `branch of ${input.service} ${input.version} must be a non-empty string of visible characters`);
  }
  if (input.manifestFile !== undefined && (typeof input.manifestFile !== 'string' || input.manifestFile.length === 0 || hasHiddenText(input.manifestFile))) {
    throw new StoreError('ERR_VERSION_INVALID', `manifestFile of ${input.service} ${input.version} must be a non-empty path of visible characters`);
  }
  if (input.contract) assertContract(input.contract);
  assertDeclarations(input.service, input.declarations ?? []);
  if (input.waivers !== undefined) assertWaivers(input.service, input.version, input.waivers);
}

export function assertToken(token: TokenInput): void {
  if (typeof token.name !== 'string' || token.name.length === 0 || token.name.length > MAX_NAME) {
    throw new StoreError('ERR_TOKEN_INVALID', 'token name must be a non-empty string');
  }
  if (token.service !== null) assertServiceName(token.service);
  if (token.scope !== undefined && (token.scope !== 'ingest' || token.service !== null)) {
    throw new StoreError('ERR_TOKEN_INVALID', `token ${token.name}: scope must be absent, or "ingest" on a token without a service`);
  }
  // Also catches a plain token passed by mistake where its hash belongs.
  if (typeof token.hash !== 'string' || !SHA256_HEX.test(token.hash)) {
    throw new StoreError('ERR_TOKEN_INVALID', `token ${token.name}: hash must be a lower-case SHA-256 hex digest`);
  }
}

/** JSON text of what one declaration uses, keys sorted, so equal content gives equal text. */
export function stringifyUses(uses: Declaration['uses']): string {
  return JSON.stringify(uses, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

// Manifest line numbers and the file they are in locate an entry; they are not part of what a version uses.
function dropLines(uses: Declaration['uses']): Declaration['uses'] {
  return uses === '*' ? uses : uses.map(({ line: _line, file: _file, ...usage }: OperationUsage) => usage);
}

/** A text equal for two declaration lists exactly when they declare the same uses of the same providers. */
function identifyDeclarations(declarations: readonly Declaration[]): string {
  const byProvider = [...declarations].sort((a, b) => (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0));
  return byProvider.map((d) => `${JSON.stringify(d.provider)}:${stringifyUses(dropLines(d.uses))}`).join('\n');
}

/** Publishing a version again is a no-op with the same content and a conflict with any other: the one rule both stores apply. */
export function assertRepublishMatches(
  input: PublishInput,
  published: { hash: string | null; declarations: readonly Declaration[]; waivers?: readonly Waiver[] },
): void {
  const hash = input.contract?.hash ?? null;
  const differs =
    published.hash !== hash
      ? 'contract'
      : identifyDeclarations(published.declarations) !== identifyDeclarations(input.declarations ?? [])
        ? 'declarations'
        : identifyWaivers(published.waivers) !== identifyWaivers(input.waivers)
          ? 'waivers'
          : undefined;
  if (!differs) return;
  const what =
    differs === 'contract'
      ? describeContractChange(published.hash, hash)
      : differs === 'declarations'
        ? describeDeclarationChange(published.declarations, input.declarations ?? [])
        : `published: ${published.waivers?.length ?? 0} waivers; now: ${input.waivers?.length ?? 0}, or other ones`;
  throw new StoreError(
    'ERR_VERSION_CONFLICT',
    `version ${input.version} of ${input.service} is already published with other ${differs} (${what}); a published version never changes: publish this as a new version (another --version, e.g. the commit SHA)`,
    { service: input.service, version: input.version, differs, publishedHash: published.hash, hash },
  );
}

function describeContractChange(published: string | null, now: string | null): string {
  const name = (hash: string | null) => (hash === null ? 'no contract' : `sha256 ${hash.slice(0, 12)}`);
  return `published: ${name(published)}; now: ${name(now)}`;
}

// The providers whose declared uses differ, so the user sees which part of overseer.yaml changed.
function describeDeclarationChange(published: readonly Declaration[], now: readonly Declaration[]): string {
  const index = (list: readonly Declaration[]) => new Map(list.map((d) => [d.provider, stringifyUses(dropLines(d.uses))]));
  const [before, after] = [index(published), index(now)];
  const providers = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p)).sort();
  return `what it uses of ${providers.join(', ')} differs`;
}

/** Clamps a page size to 1..1000, 100 when absent. */
/** The deployments of one service `listReplacedDeployments` looks back over: the most a history query returns. */
export const HISTORY_PER_SERVICE = 1000;

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return 100;
  return Math.min(HISTORY_PER_SERVICE, Math.max(1, Math.floor(limit)));
}

/**
 * `Production` beside `production` would be two environments: deployments recorded in one are not there for the gate
 * asked about the other, which then finds no consumer and says yes. Checked by the store inside the write, where two
 * creations sent at once (two pipelines, two replicas) cannot both pass, as they did a check made before it.
 */
export function refuseEnvironmentTwin(name: string, twin: string | undefined): void {
  if (twin === undefined) return;
  const words = `environment '${twin}' exists, and '${name}' differs from it only in case: deployments recorded in one would be missing from the gate asked about the other; use '${twin}'`;
  throw new StoreError('ERR_ENVIRONMENT_CONFLICT', words, { environment: name, existing: twin });
}

/** A key page's bounds for a statement: null where absent (every row, from the first); a page is 1 to 5,000 rows. */
export function readKeyPage<K extends string | number>(page: KeyPage<K> | undefined): { after: K | null; limit: number | null } {
  const limit = page?.limit;
  return { after: page?.after ?? null, limit: limit === undefined || !Number.isFinite(limit) ? null : Math.min(5000, Math.max(1, Math.floor(limit))) };
}

/** The columns saying where a version declares its uses (migration 23): its manifest's path and the repository named with it. */
export function toSourceColumns(input: PublishInput): { manifest_file: string | null; repository: string | null } {
  return { manifest_file: input.manifestFile ?? null, repository: input.describe?.repository ?? null };
}
