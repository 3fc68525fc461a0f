// Reads one record line of a dump back into a clean StoreRecord: field by field, with the store's own validators,
// and every failure naming the line and the record, so a corrupted or hand-edited dump is refused before import.

import { type Declaration, LIVE_KINDS, type Notice, type VerdictReason, type WaivedChange, type Waiver } from '../../contracts/index.js';
import { prepareContract } from '../work/prepare-upload.js';
import { DumpError, RECORD_KINDS } from './dump-format.js';
import { isStoreError } from './errors.js';
import { NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES } from './outbox.js';
import type { StoreRecord, StoreRecordKind } from './store.js';
import { assertEnvironmentName, assertPublication, assertService, assertToken, hashSha256 } from './validate.js';
import { cleanWaivers, isNoticeList, isWaivedList } from './waivers.js';

type Fields = Record<string, unknown>;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** How an error message names a record: its line and its key. */
export function describeRecord(line: number, fields: Fields): string {
  const key = (name: string) => (typeof fields[name] === 'string' || typeof fields[name] === 'number' ? String(fields[name]) : '?');
  const label: Record<string, () => string> = {
    service: () => `service ${key('name')}`,
    contract: () => `contract ${key('hash').slice(0, 12)}`,
    version: () => `version ${key('version')} of ${key('service')}`,
    environment: () => `environment ${key('name')}`,
    deployment: () => `deployment ${key('id')}`,
    verdict: () => `verdict ${key('id')}`,
    token: () => `${fields.revokedAt === undefined ? 'token' : 'revoked token'} ${key('name')}`,
    webhook: () => `webhook ${key('id')}`,
    notification: () => `notification ${key('id')}`,
    'observed-call': () => `observed call of ${key('provider')} ${key('operation')} by ${key('consumer')} in ${key('environment')}`,
  };
  const kind = typeof fields.kind === 'string' ? fields.kind : '';
  return `line ${line} (${label[kind]?.() ?? `kind ${JSON.stringify(fields.kind)}`})`;
}

/** Reads typed fields off one parsed line; every failure names the record. */
function readFields(fields: Fields, where: string) {
  const fail = (name: string, expected: string): never => failField(where, name, expected);
  const take = <T>(name: string, valid: (value: unknown) => boolean, expected: string): T => (valid(fields[name]) ? (fields[name] as T) : fail(name, expected));
  const text = (name: string) => take<string>(name, (v) => typeof v === 'string', 'a string');
  const list = (name: string) => take<unknown[]>(name, Array.isArray, 'a list');
  return {
    fail,
    text,
    list,
    time: (name: string) => take<string>(name, (v) => typeof v === 'string' && ISO_TIME.test(v), 'an ISO 8601 UTC time'),
    id: (name: string) => take<number>(name, (v) => Number.isSafeInteger(v) && (v as number) > 0, 'a positive integer'),
    count: (name: string) => take<number>(name, (v) => Number.isSafeInteger(v) && (v as number) >= 0, 'a whole number'),
    flag: (name: string) => take<boolean>(name, (v) => typeof v === 'boolean', 'true or false'),
    texts: (name: string) => take<string[]>(name, (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'), 'a list of strings'),
    nullable: <T>(name: string, read: (name: string) => T): T | null => (fields[name] === null ? null : read(name)),
    has: (name: string): boolean => fields[name] !== undefined,
    oneOf: <T extends string>(name: string, allowed: readonly T[]): T => take<T>(name, (v) => allowed.includes(v as T), `one of ${allowed.join(', ')}`),
    /** Any JSON value, but there. */
    present: (name: string): unknown => (name in fields ? fields[name] : fail(name, 'present')),
    /** `{name: value}` when present, `{}` when absent: optional fields stay absent, as the store returns them. */
    optional: (name: string): Record<string, string> => (fields[name] === undefined ? {} : { [name]: text(name) }),
  };
}

type FieldReader = ReturnType<typeof readFields>;

// The store's validators speak of inputs; in a dump their complaint is about this record.
function check(where: string, validate: () => void): void {
  try {
    validate();
  } catch (error) {
    if (!isStoreError(error)) throw error;
    throw new DumpError('ERR_DUMP_INVALID', `${where}: ${error.message}`, { cause: error });
  }
}

function readContract(f: FieldReader, where: string): StoreRecord {
  const [hash, canonical, text] = [f.text('hash'), f.text('canonical'), f.text('text')];
  const actual = hashSha256(canonical);
  if (actual !== hash) {
    throw new DumpError('ERR_DUMP_INVALID', `${where}: the SHA-256 of its canonical JSON is ${actual}, not its hash ${hash}: the dump is corrupted`);
  }
  const format = f.text('format');
  if (format !== 'yaml' && format !== 'json') f.fail('format', 'yaml or json');
  const size = Buffer.byteLength(canonical, 'utf8');
  if (f.count('size') !== size) f.fail('size', `the byte length of canonical (${size})`);
  return { kind: 'contract', hash, canonical, text, format: format as 'yaml' | 'json', size, createdAt: f.time('createdAt') };
}

/**
 * The text is what the registry parses and serves: it is parsed again here, with publish's own function and bounds,
 * and must give back the canonical JSON stored, whose SHA-256 is the hash. Text, canonical and hash cannot disagree.
 */
export async function assertContractText(record: Extract<StoreRecord, { kind: 'contract' }>, where: string, maxContractBytes: number): Promise<void> {
  let recomputed: Awaited<ReturnType<typeof prepareContract>>['input'];
  try {
    ({ input: recomputed } = await prepareContract(record.text, `contract ${record.hash.slice(0, 12)}`, maxContractBytes));
  } catch (error) {
    throw new DumpError('ERR_DUMP_INVALID', `${where}: its text is not a contract the registry accepts (${(error as Error).message})`, { cause: error });
  }
  if (recomputed.hash !== record.hash || recomputed.canonical !== record.canonical) {
    throw new DumpError(
      'ERR_DUMP_INVALID',
      `${where}: its text parses to a contract whose SHA-256 is ${recomputed.hash}, not its hash ${record.hash}: the text was altered, the dump is corrupted`,
    );
  }
  if (recomputed.format !== record.format) failField(where, 'format', `${recomputed.format}, the format of its text`);
}

function failField(where: string, name: string, expected: string): never {
  throw new DumpError('ERR_DUMP_INVALID', `${where}: ${name} must be ${expected}`);
}

function readVersion(f: FieldReader, where: string): StoreRecord {
  const [service, version] = [f.text('service'), f.text('version')];
  const declarations = f.list('declarations') as Declaration[];
  if (!declarations.every((d) => d !== null && typeof d === 'object' && !Array.isArray(d))) f.fail('declarations', 'a list of objects');
  // Dumps written before waivers were kept have none; the store's own check applies to those that are there.
  const waivers = f.has('waivers') ? (f.list('waivers') as Waiver[]) : undefined;
  check(where, () => assertPublication({ service, version, declarations, ...(waivers && { waivers }) }));
  const branches = f.texts('branches');
  if (branches.some((b) => b.length === 0) || new Set(branches).size !== branches.length) f.fail('branches', 'distinct non-empty strings');
  const clean = declarations.map((d) => ({ consumer: service, provider: d.provider, uses: d.uses, ...(typeof d.api === 'string' && { api: d.api }) }));
  return {
    kind: 'version',
    service,
    version,
    branches,
    ...f.optional('commit'),
    ...f.optional('publisher'),
    ...f.optional('manifestFile'),
    ...f.optional('repository'),
    contractHash: f.nullable('contractHash', f.text),
    ...(waivers && waivers.length > 0 && { waivers: cleanWaivers(waivers) }),
    createdAt: f.time('createdAt'),
    declarations: clean,
  };
}

function readReasons(f: FieldReader): VerdictReason[] {
  const reasons = f.list('reasons');
  const isReason = (r: unknown) => r !== null && typeof r === 'object' && ['code', 'severity', 'message'].every((k) => typeof (r as Fields)[k] === 'string');
  const valid = reasons.every(isReason);
  return valid ? (reasons as VerdictReason[]) : f.fail('reasons', 'a list of reasons with code, severity and message');
}

/** What a verdict says of the asked version's waivers: present only for a version that carried some. */
function readWaiverOutcome(f: FieldReader): { waived?: WaivedChange[]; notices?: Notice[] } {
  const waived = f.has('waived') ? f.present('waived') : undefined;
  const notices = f.has('notices') ? f.present('notices') : undefined;
  if (waived !== undefined && !isWaivedList(waived)) f.fail('waived', 'a list of waived changes with consumer, consumerVersion, change and waiver');
  if (notices !== undefined && !isNoticeList(notices)) f.fail('notices', 'a list of notices with code and message');
  return { ...(waived !== undefined && { waived: waived as WaivedChange[] }), ...(notices !== undefined && { notices: notices as Notice[] }) };
}

function readNotification(f: FieldReader): StoreRecord {
  const verdictId = f.has('verdictId') ? f.id('verdictId') : undefined;
  return {
    kind: 'notification',
    id: f.id('id'),
    key: f.text('key') === '' ? f.fail('key', 'a non-empty string') : f.text('key'),
    event: f.text('event'),
    channel: f.oneOf('channel', NOTIFICATION_CHANNELS),
    target: f.text('target'),
    payload: f.present('payload'),
    status: f.oneOf('status', NOTIFICATION_STATUSES),
    attempts: f.count('attempts'),
    lastError: f.nullable('lastError', f.text),
    nextAttemptAt: f.time('nextAttemptAt'),
    createdAt: f.time('createdAt'),
    updatedAt: f.time('updatedAt'),
    deliveredAt: f.nullable('deliveredAt', f.time),
    ...(verdictId !== undefined && { verdictId }),
  };
}

/**
 * A token without a service is an admin token: it may do anything. The dump must say so (`"admin": true`, written by
 * export since format 2), so that a service dropped from a line, or a null written in, does not make an admin.
 * Format 1 dumps never carried the flag: their admin tokens are refused until the line is marked by hand.
 */
function readToken(f: FieldReader, where: string): StoreRecord {
  const service = f.nullable('service', f.text);
  const admin = f.has('admin') ? f.flag('admin') : false;
  // An ingest token has no service either, and says what it may do instead of being an admin.
  const scope = f.has('scope') ? f.oneOf('scope', ['ingest'] as const) : undefined;
  if (scope !== undefined && (admin || service !== null)) f.fail('scope', 'absent on an admin or service token: "ingest" is for a token without a service');
  if (service === null && !admin && scope === undefined) {
    f.fail(
      'service',
      'a service name: a token without a service is an admin token, imported only when its line says "admin": true ' +
        '(export writes it since dump format 2; for an older dump, add "admin": true to the line if this token is meant to be an admin token)',
    );
  }
  if (service !== null && admin) f.fail('admin', `false or absent: the token is for service ${service}, not an admin token`);
  // A tombstone (format 8) says when and by whom; a line with only one of the two is damaged, not half revoked.
  const revoked = f.has('revokedAt') || f.has('revokedBy') ? { revokedAt: f.time('revokedAt'), revokedBy: f.text('revokedBy') } : {};
  const record: StoreRecord = {
    kind: 'token',
    name: f.text('name'),
    service,
    hash: f.text('hash'),
    ...(scope && { scope }),
    createdAt: f.time('createdAt'),
    ...revoked,
  };
  check(where, () => assertToken(record));
  return record;
}

const READERS: Record<StoreRecordKind, (f: FieldReader, where: string) => StoreRecord> = {
  service: (f, where) => {
    const record: StoreRecord = {
      kind: 'service',
      name: f.text('name'),
      owners: f.texts('owners'),
      ...f.optional('slack'),
      ...f.optional('slackMention'),
      ...f.optional('repository'),
      ...(f.has('hosts') && { hosts: f.texts('hosts') }),
      ...(f.has('apis') && { apis: f.texts('apis') }),
      createdAt: f.time('createdAt'),
      updatedAt: f.time('updatedAt'),
    };
    check(where, () => assertService(record));
    return record;
  },
  contract: readContract,
  version: readVersion,
  environment: (f, where) => {
    const name = f.text('name');
    check(where, () => assertEnvironmentName(name));
    return { kind: 'environment', name, createdAt: f.time('createdAt') };
  },
  deployment: (f, where) => {
    const environment = f.text('environment');
    check(where, () => assertEnvironmentName(environment));
    return {
      kind: 'deployment',
      id: f.id('id'),
      service: f.text('service'),
      version: f.text('version'),
      environment,
      // Dumps written before several versions could be live hold only plain deployments.
      live: f.has('live') ? f.oneOf('live', LIVE_KINDS) : 'deployed',
      deployedAt: f.time('deployedAt'),
      replacedAt: f.nullable('replacedAt', f.time),
    };
  },
  // Verdicts name what was asked about, known or not: only their shape is checked.
  verdict: (f) => {
    const askedAt = f.time('askedAt');
    return {
      kind: 'verdict',
      id: f.id('id'),
      service: f.text('service'),
      version: f.text('version'),
      environment: f.text('environment'),
      askedBy: f.text('askedBy'),
      deployable: f.flag('deployable'),
      reasons: readReasons(f),
      ...readWaiverOutcome(f),
      askedAt,
      // Dumps written before repeats were counted hold one ask per verdict.
      count: f.has('count') ? f.id('count') : 1,
      lastAskedAt: f.has('lastAskedAt') ? f.time('lastAskedAt') : askedAt,
    };
  },
  token: readToken,
  // The secret is the HMAC key the registry signs with: a dump holding webhooks is as private as the database.
  webhook: (f) => {
    const [url, secret] = [f.text('url'), f.text('secret')];
    if (url === '' || secret === '') f.fail(url === '' ? 'url' : 'secret', 'a non-empty string');
    return { kind: 'webhook', id: f.id('id'), url, events: f.texts('events'), secret, createdAt: f.time('createdAt') };
  },
  notification: readNotification,
  // Calls seen in traces name what was seen, registered or not (a caller may be unpublished): only their shape is checked.
  'observed-call': (f) => {
    const [firstSeen, lastSeen] = [f.time('firstSeen'), f.time('lastSeen')];
    if (lastSeen < firstSeen) f.fail('lastSeen', `a time at or after firstSeen (${firstSeen})`);
    return {
      kind: 'observed-call',
      consumer: f.text('consumer'),
      ...f.optional('consumerVersion'),
      provider: f.text('provider'),
      operation: f.text('operation'),
      environment: f.text('environment'),
      count: f.count('count'),
      firstSeen,
      lastSeen,
    };
  },
};

function isRecordKind(kind: unknown): kind is StoreRecordKind {
  return (RECORD_KINDS as readonly unknown[]).includes(kind);
}

/** One record line as a clean StoreRecord (unknown fields dropped); throws a DumpError naming it. */
export function readRecord(fields: Fields, line: number): StoreRecord {
  const where = describeRecord(line, fields);
  if (!isRecordKind(fields.kind)) throw new DumpError('ERR_DUMP_INVALID', `${where}: unknown kind of record`);
  return READERS[fields.kind](readFields(fields, where), where);
}
