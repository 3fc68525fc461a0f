// The one place that reads a contract: bytes -> one OpenAPI 3.x document, checked and bounded,
// with a way back from a pointer to the line of the file it came from.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import { ContractError } from './errors.js';
import { findLines } from './lines.js';
import type { Notice } from './model.js';
import { inspectTree, type TreeLimits } from './load-inspect.js';
import { bundleExternalRefs } from './load-external.js';
import { convertSwagger2, sourcePointerOf } from './load-swagger2.js';
import { validateDocument } from './load-validate.js';

export interface LoadOptions extends Partial<TreeLimits> {
  /** Largest file accepted, in bytes. */
  maxBytes?: number;
  /** Allow `$ref`s to local files beside the document (never URLs). */
  allowExternalRefs?: boolean;
  /** Run the OpenAPI schema validation (default true); its problems are warnings unless `strict`. */
  validate?: boolean;
  /** Turn validation problems into an error. */
  strict?: boolean;
}

export type SpecVersion = '2.0' | '3.0' | '3.1';

/** An OpenAPI 3.x document as plain JSON data; `$ref`s are kept and resolved by the engine. */
export type OpenApiDocument = Record<string, any>;

export interface LoadedContract {
  file: string;
  text: string;
  format: 'yaml' | 'json';
  specVersion: SpecVersion;
  /** The document as an OpenAPI 3.x object (Swagger 2.0 converted). */
  doc: OpenApiDocument;
  /** The document as written (before any conversion): locations are reported into it. */
  source: Record<string, any>;
  warnings: Notice[];
  /** The pointer into `source` and its line, for a pointer into `doc`. */
  locate(pointer: string): { pointer: string; line?: number };
  /** `locate` for many pointers at once: one scan of the text. */
  locateAll(pointers: Iterable<string>): Map<string, { pointer: string; line?: number }>;
}

export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

// YAML 1.2 core types plus merge keys; no timestamps, so `x-sunset: 2025-01-01` stays a string.
const YAML_SCHEMA = yaml.CORE_SCHEMA.extend([(yaml as unknown as { types: { merge: yaml.Type } }).types.merge]);

/** Reads and loads a contract file. */
export async function loadContract(file: string, options: LoadOptions = {}): Promise<LoadedContract> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (e) {
    throw new ContractError('ERR_CONTRACT_UNREADABLE', file, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (size > maxBytes) throw tooLarge(file, size, maxBytes);
  const bytes = await readFile(file);
  return parseContract(bytes, file, { ...options, baseDir: path.dirname(path.resolve(file)) });
}

/** Loads a contract from bytes or text already in hand (the registry's uploads). */
export async function parseContract(
  input: Uint8Array | string,
  file: string,
  options: LoadOptions & { baseDir?: string } = {},
): Promise<LoadedContract> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > maxBytes) throw tooLarge(file, size, maxBytes);
  const text = typeof input === 'string' ? input : decodeUtf8(input, file);
  const format = /^\s*[{[]/.test(text.slice(0, 256)) ? 'json' : 'yaml';
  const parsed = parseText(text, format, file);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ContractError('ERR_CONTRACT_NOT_OPENAPI', file, 'not an OpenAPI document: the top level must be a mapping');
  }
  let source = parsed as Record<string, any>;
  const lineOf = (pointer: string) => findLines(text, format, [pointer]).get(pointer);
  const inspection = inspectTree(source, file, options, lineOf);
  if (inspection.externalRefs.length > 0) {
    if (!options.allowExternalRefs || !options.baseDir) {
      const first = inspection.externalRefs[0];
      throw new ContractError(
        'ERR_CONTRACT_EXTERNAL_REF',
        file,
        `$ref to "${first.ref}" is refused: only references inside the document are followed (--allow-external-refs allows local files beside it, never URLs)`,
        lineOf(first.pointer),
      );
    }
    source = await bundleExternalRefs(source, file, options.baseDir, inspection.externalRefs, lineOf);
  }
  const specVersion = detectVersion(source, file);
  const warnings: Notice[] = [];
  if (options.validate !== false) {
    for (const problem of await validateDocument(source, specVersion, inspection.internalRefs)) {
      const line = problem.pointer !== undefined ? lineOf(problem.pointer) : undefined;
      if (options.strict) throw new ContractError('ERR_CONTRACT_INVALID', file, problem.message, line);
      warnings.push({ code: 'contract-invalid', message: problem.message, file, line });
    }
  }
  const doc = specVersion === '2.0' ? await convertSwagger2(source, file) : source;
  const locateAll = (pointers: Iterable<string>) => {
    const mapped = new Map<string, string>();
    for (const p of pointers) mapped.set(p, specVersion === '2.0' ? sourcePointerOf(p, source, doc) : p);
    const lines = findLines(text, format, mapped.values());
    const out = new Map<string, { pointer: string; line?: number }>();
    for (const [p, q] of mapped) out.set(p, { pointer: q, line: lines.get(q) });
    return out;
  };
  const locate = (pointer: string) => locateAll([pointer]).get(pointer)!;
  return { file, text, format, specVersion, doc, source, warnings, locate, locateAll };
}

function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ContractError('ERR_CONTRACT_ENCODING', file, 'the file is not valid UTF-8');
  }
}

function parseText(text: string, format: 'yaml' | 'json', file: string): unknown {
  try {
    if (format === 'json') return JSON.parse(text);
    return yaml.load(text, { filename: file, schema: YAML_SCHEMA });
  } catch (e) {
    if (e instanceof RangeError) throw new ContractError('ERR_CONTRACT_TOO_DEEP', file, 'the document is nested too deeply to read');
    if (e instanceof yaml.YAMLException) {
      if (/nesting exceeded/.test(e.reason)) throw new ContractError('ERR_CONTRACT_TOO_DEEP', file, `the document is nested deeper than the parser allows (${e.reason})`, e.mark ? e.mark.line + 1 : undefined);
      const line = e.mark ? e.mark.line + 1 : undefined;
      throw new ContractError('ERR_CONTRACT_SYNTAX', file, `not valid YAML: ${e.reason}`, line);
    }
    throw new ContractError('ERR_CONTRACT_SYNTAX', file, `not valid JSON: ${(e as Error).message}`, jsonErrorLine(text, e as Error));
  }
}

function jsonErrorLine(text: string, e: Error): number | undefined {
  const m = /position (\d+)/.exec(e.message);
  if (!m) return undefined;
  const pos = Number(m[1]);
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function detectVersion(source: Record<string, any>, file: string): SpecVersion {
  if (typeof source.swagger === 'string' || typeof source.swagger === 'number') {
    if (String(source.swagger).startsWith('2.')) return '2.0';
    throw new ContractError('ERR_CONTRACT_NOT_OPENAPI', file, `unsupported Swagger version "${source.swagger}" (2.0 is supported)`);
  }
  if (typeof source.openapi === 'string') {
    if (source.openapi.startsWith('3.0')) return '3.0';
    if (source.openapi.startsWith('3.1')) return '3.1';
    throw new ContractError('ERR_CONTRACT_NOT_OPENAPI', file, `unsupported OpenAPI version "${source.openapi}" (2.0, 3.0 and 3.1 are supported)`);
  }
  throw new ContractError('ERR_CONTRACT_NOT_OPENAPI', file, 'not an OpenAPI document: no "openapi" or "swagger" version field at the top level');
}

function tooLarge(file: string, size: number, max: number): ContractError {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return new ContractError('ERR_CONTRACT_TOO_LARGE', file, `the document is ${mb(size)}, over the ${mb(max)} limit (--max-size raises it)`);
}
