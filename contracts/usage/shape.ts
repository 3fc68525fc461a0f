// What manifest values must look like, and how a problem is reported with the line it is on.
import type { YamlLines, YamlPath } from '../load/yaml-read.js';
import { describeGuess } from './nearest-name.js';

export interface ManifestProblem {
  file: string;
  line?: number;
  message: string;
}

/** Where the problems found while reading one YAML document of one file are collected. */
export interface ReadContext {
  file: string;
  doc: number;
  lines: YamlLines;
  problems: ManifestProblem[];
}

type OperationRef = { method: string; path: string } | { operationId: string };

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SEGMENT = String.raw`[A-Za-z_$@][\w$@-]*(?:\[\])*`;
const FIELD_PATH = new RegExp(String.raw`^(?:(?:\[\])+|${SEGMENT})(?:\.${SEGMENT})*$`);
const OPERATION_ID = /^[A-Za-z_][\w.-]*$/;
const METHOD_AND_PATH = /^(\S+)\s+(\S+)$/;
const PATH_TEMPLATE = /^\/[^\s?#{}]*(?:\{[^\s{}/]+\}[^\s?#{}]*)*$/;

export function reportProblem(ctx: ReadContext, path: YamlPath, text: string): void {
  const line = ctx.lines.lineOf(path, ctx.doc);
  ctx.problems.push({ file: ctx.file, line, message: `${formatPath(path)} ${text}` });
}

/** `consumes.users-service[1].response[0]`, the way a person would point at it. */
export function formatPath(path: YamlPath): string {
  if (path.length === 0) return 'the manifest';
  return path
    .map((part, i) => {
      if (typeof part === 'number') return `[${part}]`;
      if (!/^[\w$@-]+$/.test(part)) return `[${JSON.stringify(part)}]`;
      return i === 0 ? part : `.${part}`;
    })
    .join('');
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return `a date (${value.toISOString().slice(0, 10)}); quote it`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function isKebabCase(value: unknown): value is string {
  return typeof value === 'string' && KEBAB_CASE.test(value);
}

export function isFieldPath(value: unknown): value is string {
  return typeof value === 'string' && FIELD_PATH.test(value);
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** An operationId (`createUser`) or `METHOD /path` (`get /users/{id}`); the method comes back upper-case. */
export function parseOperationRef(s: string): OperationRef | undefined {
  const text = s.trim();
  const parts = METHOD_AND_PATH.exec(text);
  if (parts) {
    const [, method, path] = parts;
    return isHttpMethod(method) && PATH_TEMPLATE.test(path) ? { method: method.toUpperCase(), path } : undefined;
  }
  return OPERATION_ID.test(text) ? { operationId: text } : undefined;
}

/** Why `s` is not an operation reference, in a few words a person can act on. */
export function explainBadOperationRef(s: string): string {
  const text = s.trim();
  if (text === '') return 'it is empty';
  if (text === '*') return 'to use every operation, write "*" as the provider\'s whole value';
  if (text.startsWith('/')) return `add the HTTP method, like "GET ${text}"`;
  const parts = METHOD_AND_PATH.exec(text);
  if (!parts) return /\s/.test(text) ? 'write one method and one path, like "GET /users/{id}"' : 'an operationId is letters, digits, "_", "." and "-"';
  const [, method, path] = parts;
  if (!isHttpMethod(method)) return `${JSON.stringify(method)} is not an HTTP method; use ${formatMethods()}`;
  if (!path.startsWith('/')) return 'the path must start with "/"';
  if (/[?#]/.test(path)) return 'leave the query string out of the path; list query parameters under params';
  return 'each path parameter must be written {name}';
}

/** The text kept in `OperationUsage.operation`: trimmed, method upper-case. */
export function writeOperationRef(ref: OperationRef): string {
  return 'operationId' in ref ? ref.operationId : `${ref.method} ${ref.path}`;
}

/** Two references to the same operation match whatever their path parameters are called. */
export function identifyOperationRef(ref: OperationRef): string {
  return 'operationId' in ref ? ref.operationId : `${ref.method} ${ref.path.replace(/\{[^}]*\}/g, '{}')}`;
}

/** `: did you mean "response"? Use` for a near miss among the known keys, else `; use`. */
function suggestKey(key: string, known: readonly string[]): string {
  const near = known.find((candidate) => countEdits(candidate, key.toLowerCase()) <= 2);
  return near ? `${describeGuess(`"${near}"`)} Use` : '; use';
}

export function reportUnknownKeys(ctx: ReadContext, path: YamlPath, value: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const list = `${known.slice(0, -1).join(', ')} or ${known[known.length - 1]}`;
    reportProblem(ctx, [...path, key], `is not a known key${suggestKey(key, known)} ${list}`);
  }
}

/** A list whose items pass `isItem`; absent stays undefined, a wrong shape is reported and read as absent. */
export function readList(
  ctx: ReadContext,
  path: YamlPath,
  value: unknown,
  isItem: (item: unknown) => item is string,
  expected: { list: string; item: string },
): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    reportProblem(ctx, path, `must be a list of ${expected.list}, got ${describeValue(value)}`);
    return undefined;
  }
  const items: string[] = [];
  value.forEach((item, i) => {
    if (isItem(item)) items.push(item);
    else reportProblem(ctx, [...path, i], `must be ${expected.item}, got ${describeValue(item)}`);
  });
  return items;
}

function isHttpMethod(method: string): boolean {
  return (HTTP_METHODS as readonly string[]).includes(method.toLowerCase());
}

function formatMethods(): string {
  const upper = HTTP_METHODS.map((method) => method.toUpperCase());
  return `${upper.slice(0, -1).join(', ')} or ${upper[upper.length - 1]}`;
}

/**
 * Edits between two words: letters inserted, deleted or replaced, and two neighbours swapped counted as one edit
 * (`fromat` is one slip from `format`, not two), so that every "did you mean" reads a typo the same way.
 */
export function countEdits(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], before[j - 2] + 1);
    }
    before = previous;
    previous = row;
  }
  return previous[b.length];
}
