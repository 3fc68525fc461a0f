// Reads a Backstage `catalog-info.yaml` entity (Component or API) into a Manifest: each consumed API counts as "*".
import type { Declaration, Manifest } from '../model.js';
import { readServiceName } from './overseer.js';
import { describeValue, isKebabCase, isNonEmptyString, isRecord, type ReadContext, readList, reportProblem } from './shape.js';

const BACKSTAGE_KINDS = ['Component', 'API'] as const;
const API_NAMES = { list: 'API entity refs like ["api:users-service"]', item: 'an API entity ref like "api:users-service"' };

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
  const service = readServiceName(ctx, ['metadata', 'name'], metadata.name);
  const owner = spec.owner;
  if (!isNonEmptyString(owner)) {
    reportProblem(ctx, ['spec', 'owner'], `must be the owning user or group like "group:acme/checkout", got ${describeValue(owner)}`);
  }
  // providesApis only informs (the contract is published separately), but a broken one is still worth a word.
  readList(ctx, ['spec', 'providesApis'], spec.providesApis, isNonEmptyString, API_NAMES);
  return {
    service,
    owners: isNonEmptyString(owner) ? [owner] : [],
    declarations: readConsumedApis(ctx, service, spec.consumesApis),
    providersAreApiNames: true,
  };
}

function readSection(ctx: ReadContext, key: string, value: unknown): Record<string, unknown> {
  if (isRecord(value)) return value;
  reportProblem(ctx, [key], `must be a mapping, got ${describeValue(value)}`);
  return {};
}

function readConsumedApis(ctx: ReadContext, consumer: string, value: unknown): Declaration[] {
  if (!readList(ctx, ['spec', 'consumesApis'], value, isNonEmptyString, API_NAMES)) return [];
  const providers: string[] = [];
  (value as unknown[]).forEach((ref, i) => {
    if (!isNonEmptyString(ref)) return;
    const provider = stripApiRef(ref);
    if (!isKebabCase(provider)) {
      const example = 'in kebab-case like "api:users-service"';
      reportProblem(ctx, ['spec', 'consumesApis', i], `must name an API in the default namespace, ${example}, got ${describeValue(ref)}`);
    } else if (!providers.includes(provider)) {
      providers.push(provider);
    }
  });
  return providers.map((provider) => ({ consumer, provider, uses: '*' as const }));
}

/** `api:default/users-service` and `api:users-service` both name `users-service`. */
function stripApiRef(ref: string): string {
  return ref
    .trim()
    .replace(/^api:/i, '')
    .replace(/^default\//i, '');
}
