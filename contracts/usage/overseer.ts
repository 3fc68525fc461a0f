// Reads an `overseer.yaml` document (already loaded) into a Manifest, collecting every problem with its line.

import type { YamlPath } from '../load/yaml-read.js';
import type { Declaration, Manifest, OperationUsage } from '../model.js';
import { isHostName, MAX_HOSTS } from './hosts.js';
import { readStatuses } from './manifest-statuses.js';
import { essenceOf, isMediaType } from './media-types.js';
import { readServiceNames } from './service-name.js';
import {
  describeValue,
  explainBadOperationRef,
  identifyOperationRef,
  isFieldPath,
  isKebabCase,
  isNonEmptyString,
  isRecord,
  parseOperationRef,
  type ReadContext,
  readList,
  reportProblem,
  reportUnknownKeys,
  writeOperationRef,
} from './shape.js';

const MANIFEST_KEYS = ['service', 'owners', 'slack', 'slack_mention', 'repository', 'provides', 'hosts', 'consumes'] as const;
const SLACK_MENTION = /^[SUW][A-Z0-9]{2,30}$/;
const ENTRY_KEYS = ['operation', 'params', 'request', 'response', 'request_media_types', 'response_media_types', 'statuses'] as const;
const OPERATION_EXAMPLES = 'an operationId like "createUser" or "METHOD /path" like "GET /users/{id}"';
const FIELD_PATHS = { list: 'field paths like [id, items[].sku]', item: 'a field path like "items[].sku"' };
const PARAMETERS = { list: 'parameter names like [limit]', item: 'a parameter name' };
const MEDIA_TYPES = { list: 'media types like [application/json]', item: 'a media type like "application/json" (or a range like "application/*")' };

export function readOverseerManifest(ctx: ReadContext, doc: Record<string, unknown>): Manifest {
  reportUnknownKeys(ctx, [], doc, MANIFEST_KEYS);
  const service = readServiceName(ctx, ['service'], doc.service);
  const owners = readList(ctx, ['owners'], doc.owners ?? [], isNonEmptyString, {
    list: 'strings like ["@acme/checkout"]',
    item: 'a GitHub user or team like "@acme/checkout"',
  });
  const slack = readOptionalString(ctx, 'slack', doc.slack);
  const slackMention = readSlackMention(ctx, doc.slack_mention);
  const repository = readOptionalString(ctx, 'repository', doc.repository);
  const provides = readOptionalString(ctx, 'provides', doc.provides);
  const hosts = readHosts(ctx, doc.hosts);
  return {
    service,
    owners: owners ?? [],
    ...(slack !== undefined && { slack }),
    ...(slackMention !== undefined && { slackMention }),
    ...(repository !== undefined && { repository }),
    ...(provides !== undefined && { provides }),
    ...(hosts !== undefined && hosts.length > 0 && { hosts }),
    declarations: readConsumes(ctx, service, doc.consumes),
  };
}

// A manifest names services exactly; the name suggested is the one spans and Pact files written so are read as.
const AS_READ_ELSEWHERE = ', the service traces and Pact files naming it so are read as';

/** A kebab-case service name; the path says where it was expected (`service` or `metadata.name`). */
export function readServiceName(ctx: ReadContext, path: YamlPath, value: unknown): string {
  if (value === undefined || value === null) {
    reportProblem(ctx, path, 'is missing: name this service in kebab-case, like "checkout-web"');
    return '';
  }
  if (!isKebabCase(value)) {
    const reading = typeof value === 'string' ? readServiceNames(value)[0] : undefined;
    const like = reading ? `: write ${JSON.stringify(reading)}${AS_READ_ELSEWHERE}` : '';
    reportProblem(ctx, path, `must be a kebab-case name like "checkout-web", got ${describeValue(value)}${like}`);
    return '';
  }
  return value;
}

function readOptionalString(ctx: ReadContext, key: string, value: unknown): string | undefined {
  if (value === undefined || isNonEmptyString(value)) return value;
  // `slack: #orders` unquoted is a key and a YAML comment: the channel vanished before anything read it.
  const comment = key === 'slack' && value === null ? ': YAML reads an unquoted # as a comment, so quote the channel (slack: "#orders")' : '';
  reportProblem(ctx, [key], `must be a non-empty string, got ${describeValue(value)}${comment}`);
  return undefined;
}

/** Slack mentions only by id: a user group `S…` (`<!subteam^S…>`) or a user `U…`/`W…` (`<@U…>`); a name would stay text. */
function readSlackMention(ctx: ReadContext, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && SLACK_MENTION.test(value)) return value;
  reportProblem(ctx, ['slack_mention'], `must be a Slack user group id like "S0123ABCD" or a user id like "U0123ABCD", got ${describeValue(value)}`);
  return undefined;
}

const isHostItem = (item: unknown): item is string => typeof item === 'string' && isHostName(item.toLowerCase());

/** Host names, lower-cased and each once: a span's `server.address` is compared with them, not guessed from. */
function readHosts(ctx: ReadContext, value: unknown): string[] | undefined {
  const hosts = readList(ctx, ['hosts'], value, isHostItem, {
    list: 'host names like [users.internal, users.example.com]',
    item: 'a host name like "users.internal" (no scheme, port or path)',
  });
  if (hosts && hosts.length > MAX_HOSTS) reportProblem(ctx, ['hosts'], `lists ${hosts.length} host names; at most ${MAX_HOSTS} are kept`);
  return hosts && [...new Set(hosts.map((h) => h.toLowerCase()))];
}

function readConsumes(ctx: ReadContext, consumer: string, value: unknown): Declaration[] {
  if (value === undefined || value === null) return [];
  if (!isRecord(value)) {
    reportProblem(ctx, ['consumes'], `must be a mapping from provider names to what this service uses, got ${describeValue(value)}`);
    return [];
  }
  const declarations: Declaration[] = [];
  for (const [provider, uses] of Object.entries(value)) {
    const path = ['consumes', provider];
    if (!isKebabCase(provider)) {
      const reading = readServiceNames(provider)[0];
      const like = reading ? `write ${JSON.stringify(reading)}${AS_READ_ELSEWHERE}` : 'name it as its service is named, in kebab-case like "users-service"';
      reportProblem(ctx, path, `is not a provider name: ${like}`);
    }
    const read = readUses(ctx, path, uses);
    if (read) declarations.push({ consumer, provider, uses: read });
  }
  return declarations;
}

function readUses(ctx: ReadContext, path: YamlPath, value: unknown): Declaration['uses'] | undefined {
  if (value === '*') return '*';
  if (!Array.isArray(value)) {
    const shape = `must be "*" or a list of operations, got ${describeValue(value)}`;
    reportProblem(ctx, path, value === null ? 'is empty: list the operations it uses, or write "*" for all' : shape);
    return undefined;
  }
  if (value.length === 0) {
    reportProblem(ctx, path, 'is an empty list: list the operations it uses, or write "*" for all');
    return undefined;
  }
  const seen = new Map<string, number>();
  const usages: OperationUsage[] = [];
  value.forEach((entry, i) => {
    const usage = readEntry(ctx, [...path, i], entry);
    if (!usage) return;
    // One operation may be listed once per set of statuses: what a consumer reads of the 200 and of the 404 differs.
    const operationId = identifyOperationRef(parseOperationRef(usage.operation) ?? { operationId: usage.operation });
    const id = `${operationId} ${[...(usage.statuses ?? [])].sort().join(',')}`;
    const first = seen.get(id);
    if (first !== undefined) {
      const statuses = usage.statuses ? ` with the same statuses` : '';
      const advice = 'merge the two entries, or give each the statuses whose responses it reads (statuses: [404])';
      reportProblem(ctx, [...path, i], `repeats ${JSON.stringify(usage.operation)}${statuses} (first on line ${first}): ${advice}`);
    }
    seen.set(id, usage.line ?? 0);
    usages.push(usage);
  });
  return usages;
}

function readEntry(ctx: ReadContext, path: YamlPath, entry: unknown): OperationUsage | undefined {
  const line = ctx.lines.lineOf(path, ctx.doc);
  if (typeof entry === 'string') {
    const operation = readOperation(ctx, path, entry);
    return operation === undefined ? undefined : { operation, line };
  }
  if (!isRecord(entry)) {
    reportProblem(ctx, path, `must be ${OPERATION_EXAMPLES}, or a mapping with "operation:", got ${describeValue(entry)}`);
    return undefined;
  }
  reportUnknownKeys(ctx, path, entry, ENTRY_KEYS);
  const operation = readEntryOperation(ctx, path, entry.operation);
  const params = readList(ctx, [...path, 'params'], entry.params, isNonEmptyString, PARAMETERS);
  const request = readList(ctx, [...path, 'request'], entry.request, isFieldPath, FIELD_PATHS);
  const response = readList(ctx, [...path, 'response'], entry.response, isFieldPath, FIELD_PATHS);
  // Absent, the use may be in any media type, as before these keys existed; an empty list is the same.
  const requestMediaTypes = readList(ctx, [...path, 'request_media_types'], entry.request_media_types, isMediaType, MEDIA_TYPES)?.map(essenceOf);
  const responseMediaTypes = readList(ctx, [...path, 'response_media_types'], entry.response_media_types, isMediaType, MEDIA_TYPES)?.map(essenceOf);
  const statuses = readStatuses(ctx, [...path, 'statuses'], entry.statuses);
  if (operation === undefined) return undefined;
  return {
    operation,
    ...(params && { params }),
    ...(request && { request }),
    ...(response && { response }),
    ...(requestMediaTypes && requestMediaTypes.length > 0 && { requestMediaTypes: [...new Set(requestMediaTypes)] }),
    ...(responseMediaTypes && responseMediaTypes.length > 0 && { responseMediaTypes: [...new Set(responseMediaTypes)] }),
    ...(statuses && { statuses }),
    line,
  };
}

function readEntryOperation(ctx: ReadContext, path: YamlPath, value: unknown): string | undefined {
  if (value === undefined) {
    reportProblem(ctx, path, `has no "operation:" key: name ${OPERATION_EXAMPLES}`);
    return undefined;
  }
  if (typeof value !== 'string') {
    reportProblem(ctx, [...path, 'operation'], `must be ${OPERATION_EXAMPLES}, got ${describeValue(value)}`);
    return undefined;
  }
  return readOperation(ctx, [...path, 'operation'], value);
}

function readOperation(ctx: ReadContext, path: YamlPath, text: string): string | undefined {
  const ref = parseOperationRef(text);
  if (ref) return writeOperationRef(ref);
  const why = explainBadOperationRef(text);
  reportProblem(ctx, path, `must be ${OPERATION_EXAMPLES}, got ${describeValue(text)} (${why})`);
  return undefined;
}
