// JSON Schemas shared by the routes, registered once with `$id` so /openapi.json names them as components.
// They mirror the wire types of contracts/wire.ts and contracts/wire/.

import { DECISIONS, explainUnknownKey, LEVELS, REASON_CODES } from '../../contracts/index.js';
import { API_ERROR_SCHEMA, describePattern, describeUnknownKeys } from '../errors.js';

export const SERVICE_NAME = describePattern(
  { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 200, description: 'kebab-case' } as const,
  'a kebab-case name, like checkout-web',
);
// A version travels as one URL path segment: no whitespace, no path separators, not `.` or `..` (which URL clients resolve away).
// Control, format (bidi, zero-width) and lone surrogate code points are refused: they hide or do not round-trip.
export const VERSION_NAME = describePattern(
  { type: 'string', pattern: '^(?!\\.{1,2}$)[^\\s\\p{Cc}\\p{Cf}\\p{Cs}/\\\\]+$', minLength: 1, maxLength: 200 } as const,
  'one word, like a git SHA or 1.4.0: no spaces, "/", "\\", control, bidirectional or zero-width characters, and not "." or ".."',
);
export const ENVIRONMENT_NAME = describePattern(
  { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', maxLength: 200 } as const,
  'letters, digits, ".", "_" and "-", starting with a letter or digit, like production',
);
export const BRANCH_NAME = describePattern(
  { type: 'string', pattern: '^[^\\p{Cc}\\p{Cf}\\p{Cs}\\u2028\\u2029]+$', minLength: 1, maxLength: 400 } as const,
  'a branch name without control, bidirectional or zero-width characters',
);
/** What a client sends as an Idempotency-Key (a UUID, a token-like string): visible ASCII, at most 128 characters. */
export const IDEMPOTENCY_KEY_SHAPE = /^[\x21-\x7e]{1,128}$/;

/** The Idempotency-Key header of a write the registry remembers (store/write-keys.ts). */
export const WRITE_KEY_HEADERS = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      pattern: IDEMPOTENCY_KEY_SHAPE.source,
      description:
        'Sending the write again with the same key (after a lost answer) is given the first answer, and nothing is written twice; ' +
        'the same key with another body is 409 ERR_IDEMPOTENCY_KEY_REUSED. A key is the sending token’s own, on this route: ' +
        'the same key sent by another token, or to another write, is another write. Keys are kept a day, at most 10,000. ' +
        'The CLI sends one per command, the same on each retry.',
    },
  },
} as const;

export const LIMIT = { type: 'integer', minimum: 1, maximum: 1000, default: 100 } as const;

/** A page's cursor: the `next` of the page before, the registry's own and opaque to clients; `maxLength` bounds what it reads. */
export const pageCursor = (maxLength: number) =>
  ({
    type: 'string',
    minLength: 1,
    maxLength,
    pattern: '^[A-Za-z0-9_-]+$',
    description: "the `next` of the page before; a cursor is the registry's own, opaque to clients",
  }) as const;
const TEXT = { type: 'string' } as const;
const TIME = { type: 'string', format: 'date-time' } as const;
const NAMES = { type: 'array', items: { type: 'string', minLength: 1 } } as const;

/** What a use touches of its operation: declared on publish, listed back by the consumers route. */
export const USE_PARTS = {
  params: NAMES,
  request: NAMES,
  response: NAMES,
  requestMediaTypes: NAMES,
  responseMediaTypes: NAMES,
  statuses: { type: 'array', items: { type: 'string', pattern: '^[1-5](\\d\\d|XX)$' } },
  line: { type: 'integer' },
  file: { type: 'string', minLength: 1, maxLength: 1000 },
} as const;

const OPERATION_USAGE = {
  type: 'object',
  required: ['operation'],
  additionalProperties: false,
  properties: { operation: { type: 'string', minLength: 1 }, ...USE_PARTS },
} as const;

/** `"*"` or the operations used, with the parameters and fields each touches. */
// `const` without `type`: ajv's type coercion would otherwise unwrap a one-item array while trying the first branch.
const USES = { anyOf: [{ const: '*' }, { type: 'array', items: OPERATION_USAGE }] } as const;

const DECLARATION = {
  $id: 'Declaration',
  type: 'object',
  description: 'What one consumer uses of one provider: "*" or a list of operations, with the fields it touches.',
  required: ['consumer', 'provider', 'uses'],
  additionalProperties: false,
  properties: {
    consumer: SERVICE_NAME,
    provider: SERVICE_NAME,
    uses: USES,
    api: { ...SERVICE_NAME, description: 'The API name a Backstage consumesApis entry wrote; `provider` is the service providing it, once one claims it' },
  },
} as const;

const NOTICE = {
  $id: 'Notice',
  type: 'object',
  required: ['code', 'message'],
  properties: { code: TEXT, message: TEXT, file: TEXT, line: { type: 'integer' }, consumer: TEXT },
} as const;

const CHANGE = {
  type: 'object',
  // Changes carry the engine's full detail (target, operations...): kept as the engine writes them.
  additionalProperties: true,
  required: ['id', 'level', 'message'],
  properties: { id: TEXT, level: { type: 'string', enum: LEVELS }, operation: TEXT, location: TEXT, line: { type: 'integer' }, message: TEXT },
} as const;

export const REASON = {
  type: 'object',
  additionalProperties: true,
  required: ['code', 'severity', 'message'],
  properties: {
    code: { type: 'string', enum: REASON_CODES },
    severity: { type: 'string', enum: ['error', 'warning', 'info'] },
    message: TEXT,
    consumer: TEXT,
    consumerVersion: TEXT,
    provider: TEXT,
    providerVersion: TEXT,
    operation: TEXT,
    field: TEXT,
    changes: { type: 'array', items: CHANGE },
    alreadyUnmetBy: {
      type: 'array',
      items: TEXT,
      description: "A consumer's use that the provider's versions live there already fail: those versions; the reason still refuses",
    },
    declaredAs: {
      ...TEXT,
      description:
        "The provider's name as the consumer's manifest writes it, a typo away from this provider's, which no service has: the gate counts it as this provider's consumer",
    },
    wayOut: {
      type: 'string',
      enum: ['deprecate-first', 'move-off'],
      description:
        'On a removal that breaks the consumer: `deprecate-first` when no provider version running there deprecates the part, `move-off` when one does and the consumer still uses it',
    },
    deprecatedIn: { ...TEXT, description: 'With `wayOut: move-off`: the running provider version that deprecates the part' },
    declaredAt: {
      type: 'object',
      required: ['line'],
      description:
        "Where the consumer declared the use: its manifest entry's line, and the manifest's path in `repository` at `commit` when published with them",
      properties: { line: { type: 'integer' }, file: TEXT, repository: TEXT, commit: TEXT },
    },
  },
} as const;

/** A waiver as the CLI parses it from a waivers file (contracts/policy/waivers.ts), with where it is written. */
const WAIVER_SCHEMA = {
  $id: 'Waiver',
  type: 'object',
  description: 'An accepted change: its rule, the operation it reaches, optionally a consumer and a field, why, and until when.',
  required: ['rule', 'operation', 'reason', 'expires', 'file', 'line'],
  additionalProperties: false,
  properties: {
    rule: { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 200, description: 'a rule id' },
    operation: {
      type: 'string',
      pattern: '^(\\*|[A-Z]+ /\\S*|[A-Za-z_][\\w.-]*)$',
      maxLength: 2000,
      description: '`METHOD /path`, `*`, or an operationId (a use declared by operationId that the contract lacks)',
    },
    consumer: { type: 'string', minLength: 1, maxLength: 200 },
    field: { type: 'string', pattern: '^\\S+$', maxLength: 2000, description: 'a field path or a parameter name' },
    reason: { type: 'string', minLength: 1, maxLength: 2000 },
    expires: {
      type: 'string',
      pattern: '^\\d{4}-\\d{2}-\\d{2}([Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2}))?$',
      description: 'the last day it waives, YYYY-MM-DD (until 24:00 UTC), or when it stops, an RFC 3339 date-time with an offset',
    },
    file: { type: 'string', minLength: 1, maxLength: 400, description: 'the waivers file, named in notices' },
    line: { type: 'integer', minimum: 1 },
  },
} as const;
// Its keys are the file's and where it is written there (`file`, `line`).
const WAIVER = describeUnknownKeys(WAIVER_SCHEMA, (key) => explainUnknownKey(key, Object.keys(WAIVER_SCHEMA.properties)));

/** A list of waivers sent with a publication or a check: bounded like the store keeps it. */
export const WAIVERS = { type: 'array', items: { $ref: 'Waiver#' }, maxItems: 500 } as const;

const WAIVED_CHANGE = {
  type: 'object',
  required: ['consumer', 'consumerVersion', 'change', 'waiver'],
  properties: {
    consumer: TEXT,
    consumerVersion: TEXT,
    change: CHANGE,
    waiver: {
      type: 'object',
      required: ['reason', 'expires'],
      properties: { reason: TEXT, expires: TEXT, file: TEXT, line: { type: 'integer' } },
    },
  },
} as const;

const VERDICT_PROPERTIES = {
  decision: {
    type: 'string',
    enum: DECISIONS,
    description: '`undecided` when the gate could not judge (an unpublished version): never a refusal, never a yes',
  },
  deployable: { type: 'boolean' },
  service: TEXT,
  version: TEXT,
  environment: TEXT,
  reasons: { type: 'array', items: REASON },
  waived: {
    type: 'array',
    items: WAIVED_CHANGE,
    description: "Present when the version carries waivers: the changes they accept, with the waiver's reason and expiry; none refuses",
  },
  notices: {
    type: 'array',
    items: { $ref: 'Notice#' },
    description:
      'Waivers of the version that expired or matched nothing (`waiver-expired`, `waiver-unused`), and uses the gate did not count though they ' +
      'would have refused the deploy (`observed-calls-not-counted`, `declared-uses-not-counted`, `caller-not-live`)',
  },
} as const;

const VERDICT = {
  $id: 'Verdict',
  type: 'object',
  description: "The gate's answer: `decision` is `undecided` (reason `version-unknown`) when the service or version is not published.",
  required: ['decision', 'deployable', 'service', 'version', 'environment', 'reasons'],
  properties: VERDICT_PROPERTIES,
} as const;

const RECORDED_VERDICT = {
  $id: 'RecordedVerdict',
  type: 'object',
  required: ['id', 'decision', 'deployable', 'service', 'version', 'environment', 'reasons', 'askedBy', 'askedAt', 'count', 'lastAskedAt'],
  properties: {
    id: { type: 'integer' },
    ...VERDICT_PROPERTIES,
    askedBy: TEXT,
    askedAt: { ...TIME, description: 'When it was first asked' },
    count: { type: 'integer', minimum: 1, description: 'Identical asks answered identically within the window that this record stands for' },
    lastAskedAt: { ...TIME, description: 'When the last of them was asked' },
  },
} as const;

const SERVICE = {
  $id: 'Service',
  type: 'object',
  required: ['name', 'owners', 'createdAt', 'updatedAt'],
  properties: { name: TEXT, owners: NAMES, slack: TEXT, slackMention: TEXT, repository: TEXT, hosts: NAMES, createdAt: TIME, updatedAt: TIME },
} as const;

const VERSION = {
  $id: 'Version',
  type: 'object',
  required: ['service', 'version', 'branches', 'contractHash', 'createdAt'],
  properties: {
    service: TEXT,
    version: TEXT,
    branches: NAMES,
    commit: TEXT,
    publisher: TEXT,
    contractHash: { type: ['string', 'null'], description: 'SHA-256 of the canonical JSON of the contract' },
    waivers: { type: 'array', items: { $ref: 'Waiver#' }, description: 'Published with the version; applied when it is deployed' },
    manifestFile: { ...TEXT, description: "Its manifest's path in its repository, where reasons say its uses are declared" },
    repository: { ...TEXT, description: 'The repository its manifest named at publication' },
    createdAt: TIME,
  },
} as const;

const DEPLOYMENT = {
  $id: 'Deployment',
  type: 'object',
  required: ['id', 'service', 'version', 'environment', 'live', 'deployedAt', 'replacedAt'],
  properties: {
    id: { type: 'integer' },
    service: TEXT,
    version: TEXT,
    environment: TEXT,
    live: { type: 'string', enum: ['deployed', 'rolling', 'released'], description: 'How the version is live there' },
    deployedAt: TIME,
    replacedAt: { type: ['string', 'null'], description: 'When it stopped being live; null while live' },
  },
} as const;

export const SHARED_SCHEMAS = [API_ERROR_SCHEMA, DECLARATION, NOTICE, WAIVER, VERDICT, RECORDED_VERDICT, SERVICE, VERSION, DEPLOYMENT];

export const ref = (id: string) => ({ $ref: `${id}#` });
export const listOf = (key: string, id: string) => ({ type: 'object', required: [key], properties: { [key]: { type: 'array', items: ref(id) } } }) as const;

/** Write routes name their token so /openapi.json shows it. */
export const BEARER = [{ bearerAuth: [] }];
/** Routes that take a caller without a token but check one presented (and name who asked): a token, or nothing (`{}`). */
export const OPTIONAL_BEARER: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, {}];
