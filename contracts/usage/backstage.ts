// Reads a Backstage `catalog-info.yaml` entity (Component or API) into a Manifest: each consumed API counts as "*",
// and the APIs it provides are claimed for it when it is published (the registry resolves consumers' API names by them).
import type { Manifest } from '../model.js';
import { describeGuess, findNearestName } from './nearest-name.js';
import { readServiceName } from './overseer.js';
import { describeValue, isKebabCase, isNonEmptyString, isRecord, type ReadContext, readList, reportProblem } from './shape.js';

const BACKSTAGE_KINDS = ['Component', 'API'] as const;
// Backstage lets a spec carry keys Overseer does not read (lifecycle, dependsOn, a plugin's own), so an unknown key is no
// fault; but one a typo away from a key it reads (`consumesAPIs`) dropped every API it listed, and the providers' gates
// judged the service as a consumer of nothing.
const READ_SPEC_KEYS = ['owner', 'providesApis', 'consumesApis'] as const;
const OTHER_SPEC_KEYS = ['type', 'lifecycle', 'system', 'subcomponentOf', 'dependsOn', 'dependencyOf', 'definition'];
const API_NAMES = { list: 'API entity refs like ["api:users-api"]', item: 'an API entity ref like "api:users-api"' };

export function isBackstageEntity(doc: unknown): doc is Record<string, unknown> {
  return isRecord(doc) && typeof doc.apiVersion === 'string' && doc.apiVersion.startsWith('backstage.io/');
}

export function isServiceEntity(doc: unknown, kind: 'Component' | 'API'): boolean {
  return isBackstageEntity(doc) && doc.kind === kind;
}

export function readBackstageEntity(ctx: ReadContext, doc: Record<string, unknown>): Manifest {
  if (!(BACKSTAGE_KINDS as readonly unknown[]).includes(doc.kind)) {
    reportProblem(ctx, ['kind'], `must be Component or API for Overseer to read a Backstage entity, got ${describeValue(doc.kind)}`);
  }
  const metadata = readSection(ctx, 'metadata', doc.metadata);
  const spec = readSection(ctx, 'spec', doc.spec);
  reportMisspeltSpecKeys(ctx, spec);
  const service = readServiceName(ctx, ['metadata', 'name'], metadata.name);
  const owner = spec.owner;
  if (!isNonEmptyString(owner)) {
    reportProblem(ctx, ['spec', 'owner'], `must be the owning user or group like "group:acme/checkout", got ${describeValue(owner)}`);
  }
  const providesApis = readApiNames(ctx, 'providesApis', spec.providesApis);
  return {
    service,
    owners: isNonEmptyString(owner) ? [owner] : [],
    declarations: readApiNames(ctx, 'consumesApis', spec.consumesApis).map((api) => ({ consumer: service, provider: api, uses: '*' as const, api })),
    providersAreApiNames: true,
    providesApis,
  };
}

function readSection(ctx: ReadContext, key: string, value: unknown): Record<string, unknown> {
  if (isRecord(value)) return value;
  reportProblem(ctx, [key], `must be a mapping, got ${describeValue(value)}`);
  return {};
}

function reportMisspeltSpecKeys(ctx: ReadContext, spec: Record<string, unknown>): void {
  for (const key of Object.keys(spec)) {
    if ((READ_SPEC_KEYS as readonly string[]).includes(key) || OTHER_SPEC_KEYS.includes(key)) continue;
    const meant = findNearestName(key, READ_SPEC_KEYS);
    if (meant === undefined) continue;
    const read = READ_SPEC_KEYS.map((name) => `spec.${name}`).join(', ');
    reportProblem(ctx, ['spec', key], `is not a key Backstage defines${describeGuess(`"${meant}"`)} Overseer reads ${read}, spelt as Backstage spells them`);
  }
}

/** The API names of `spec.consumesApis` or `spec.providesApis`, once each, without `api:` and the default namespace. */
function readApiNames(ctx: ReadContext, key: 'consumesApis' | 'providesApis', value: unknown): string[] {
  if (!readList(ctx, ['spec', key], value, isNonEmptyString, API_NAMES)) return [];
  const names: string[] = [];
  (value as unknown[]).forEach((ref, i) => {
    if (!isNonEmptyString(ref)) return;
    const name = stripApiRef(ref);
    if (!isKebabCase(name)) {
      const example = 'in kebab-case like "api:users-api"';
      reportProblem(ctx, ['spec', key, i], `must name an API in the default namespace, ${example}, got ${describeValue(ref)}`);
    } else if (!names.includes(name)) {
      names.push(name);
    }
  });
  return names;
}

/** `api:default/users-api` and `api:users-api` both name `users-api`. */
function stripApiRef(ref: string): string {
  return ref
    .trim()
    .replace(/^api:/i, '')
    .replace(/^default\//i, '');
}
