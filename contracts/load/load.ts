// The one place that reads a contract: bytes -> one OpenAPI 3.x document, checked and bounded,
// with a way back from a pointer to the line of the file it came from.
import { channel } from 'node:diagnostics_channel';
import path from 'node:path';
import { ContractError } from '../errors.js';
import type { Notice } from '../model.js';
import { indexIdRefs, indexLoadedDocument } from '../schema/id-refs.js';
import { Resolver } from '../schema/resolve.js';
import { bundleExternalRefs, isUrlRef } from './external.js';
import { findIgnoredRefFlags } from './ignored-ref-flags.js';
import { checkRefChains, type Inspection, inspectTree, type RefSite, rawStep, type TreeLimits } from './inspect.js';
import { countJsonKeys } from './json.js';
import { findLines } from './lines.js';
import { detectFormat, detectVersion, parseText, refuseDuplicateKey } from './parse-text.js';
import { decodeUtf8, readBounded, stripBom, tooLarge } from './read-bytes.js';
import { convertSwagger2, sourcePointerOf } from './swagger2.js';
import { validateDocument } from './validate.js';

export interface LoadOptions extends Partial<TreeLimits> {
  /** Largest file accepted, in bytes. */
  maxBytes?: number;
  /** How the reader raises `maxBytes`, said when a document is over it (default: the CLI's `--max-size`). */
  raiseLimit?: string;
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
  /** False when no mapping writes a string `$anchor`/`$dynamicAnchor` (the loader's walk saw all): the diff walks for none. */
  anchors?: boolean;
  /**
   * False when no schema can write a keyword of another version's Schema Object (the loader's walk saw none): the diff
   * reads the document as written, with no walk of its schemas for them (schema/version-keywords.ts).
   */
  foreignKeywords?: boolean;
  /** `locate` for many pointers at once: one scan of the text. */
  locateAll(pointers: Iterable<string>): Map<string, { pointer: string; line?: number }>;
}

export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

/** Reads and loads a contract file. */
export async function loadContract(file: string, options: LoadOptions = {}): Promise<LoadedContract> {
  const bytes = await readBounded(file, options.maxBytes ?? DEFAULT_MAX_BYTES, options.raiseLimit);
  return parseContract(bytes, file, { ...options, baseDir: path.dirname(path.resolve(file)) });
}

/**
 * Told `{ file, bytes }` at every parse, in the thread that parses: what shows that the registry's event loop parses no
 * stored contract (test/overseer/stored-contracts-off-loop.test.ts). Nothing is built while nobody listens.
 */
export const PARSE_CHANNEL = 'overseer:contracts:parse';
const parsing = channel(PARSE_CHANNEL);

/** Loads a contract from bytes or text already in hand (the registry's uploads). */
export async function parseContract(input: Uint8Array | string, file: string, options: LoadOptions & { baseDir?: string } = {}): Promise<LoadedContract> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (parsing.hasSubscribers) parsing.publish({ file, bytes: size });
  if (size > maxBytes) throw tooLarge(file, size, maxBytes, options.raiseLimit);
  const text = typeof input === 'string' ? stripBom(input) : decodeUtf8(input, file);
  if (!/\S/.test(text)) throw new ContractError('ERR_CONTRACT_NOT_OPENAPI', file, 'not an OpenAPI document: the file is empty');
  const format = detectFormat(text);
  const parsed = parseText(text, format, file);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ContractError('ERR_CONTRACT_NOT_OPENAPI', file, 'not an OpenAPI document: the top level must be a mapping');
  }
  let source = parsed as Record<string, any>;
  const lineOf = (pointer: string) => findLines(text, format, [pointer]).get(pointer);
  let inspection = inspectTree(source, file, options, lineOf);
  if (format === 'json' && inspection.keys !== countJsonKeys(text)) throw refuseDuplicateKey(text, file);
  // Every `$ref` not by fragment, before those naming a schema of this document by `$id` are told apart.
  let uriRefs = inspection.externalRefs;
  // In 3.1 a `$ref` by URI may name a schema of this very document by its `$id`: that one is not outside it.
  if (inspection.externalRefs.length > 0 && inspection.ids && String(source.openapi).startsWith('3.1')) {
    const byId = indexIdRefs(source);
    inspection.externalRefs = inspection.externalRefs.filter((site) => !byId.refs.has(site.holder));
  }
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
    source = await bundleExternalRefs(source, file, inspection.externalRefs, lineOf, {
      baseDir: options.baseDir,
      maxBytes,
      parseFile: (bytes, name) => parseReferenced(bytes, name, options),
    });
    // The files brought in are held to the document's bounds as one tree (depth, size, $ref cycles).
    inspection = inspectTree(source, file, options, () => undefined);
    uriRefs = inspection.externalRefs;
  }
  const specVersion = detectVersion(source, file);
  const internalRefs = specVersion === '3.1' ? readInResources(source, inspection) : inspection.internalRefs;
  if (inspection.ids) checkChainsWithIds(source, specVersion, [...internalRefs, ...uriRefs], file, lineOf);
  const warnings: Notice[] = [];
  if (options.validate !== false) {
    const problems = await validateDocument(source, specVersion, internalRefs);
    const ignored = findIgnoredRefFlags(specVersion, inspection.internalRefs);
    // One scan of the text for the lines of all of them, not one each.
    const lines = findLines(
      text,
      format,
      [...problems, ...ignored].flatMap((p) => (p.pointer === undefined ? [] : [p.pointer])),
    );
    for (const problem of problems) {
      const line = problem.pointer !== undefined ? lines.get(problem.pointer) : undefined;
      if (options.strict) throw new ContractError('ERR_CONTRACT_INVALID', file, problem.message, line);
      warnings.push({ code: 'contract-invalid', message: problem.message, file, line });
    }
    // Not a problem of validity (the specification says what to do with them), so never an error under --strict.
    for (const flag of ignored) warnings.push({ code: 'ref-sibling-ignored', message: flag.message, file, line: lines.get(flag.pointer) });
  }
  const mayShareObjects = format === 'yaml' || source !== parsed;
  const doc = specVersion === '2.0' ? await convertSwagger2({ source, text, mayShareObjects }, file) : source;
  const foreignKeywords = specVersion === '3.1' ? inspection.booleanBounds : inspection.words2020;
  return reviveContract({ file, text, format, specVersion, doc, source, warnings, anchors: inspection.anchors, foreignKeywords });
}

/**
 * A 3.1 document's fragment-only `$ref`s as the engine reads them: one written inside a schema with `$id` names a place in
 * that resource, so a `#/$defs/Pet` there is checked where it leads. The index is kept for the engine, and costs no walk
 * on a document with no `$id`.
 */
function readInResources(source: Record<string, any>, inspection: Inspection): RefSite[] {
  const { refs, embedded } = indexLoadedDocument(source, inspection.ids);
  if (!embedded) return inspection.internalRefs;
  return inspection.internalRefs.map((site) => {
    const local = refs.get(site.holder);
    return local === undefined ? site : { ...site, ref: local, written: site.ref };
  });
}

/**
 * The `$ref` chains of a document that writes an `$id`, which inspectTree leaves to this: in 3.1 each `$ref` is read as the
 * engine reads it (inside its resource, or by URI), so a loop through `$id`s is refused and a `$ref` that only looks like
 * one of a loop (it names a place in its own resource) is not. Before 3.1 an `$id` means nothing: read as written.
 */
function checkChainsWithIds(source: Record<string, any>, specVersion: string, sites: RefSite[], file: string, lineOf: (p: string) => number | undefined): void {
  const local = sites.filter((site) => site.ref.startsWith('#'));
  if (specVersion !== '3.1') return checkRefChains(local, file, lineOf, (ref) => rawStep(source, ref));
  const resolver = new Resolver(source);
  const byUri = indexIdRefs(source).refs;
  const named = sites.flatMap((site) =>
    site.ref.startsWith('#') || !byUri.has(site.holder) ? [] : [{ ...site, ref: byUri.get(site.holder)!, written: site.ref }],
  );
  checkRefChains([...local, ...named], file, lineOf, (ref) => resolver.refOf(resolver.target(ref)));
}

/** A loaded contract without its functions: what crosses from a worker thread (structured clone drops functions). */
export type ContractParts = Omit<LoadedContract, 'locate' | 'locateAll'>;

/** Gives parts parsed elsewhere (a worker thread) back their line lookups, which read only the text. */
export function reviveContract(parts: ContractParts): LoadedContract {
  const { text, format, specVersion, doc, source } = parts;
  const locateAll = (pointers: Iterable<string>) => {
    // OpenAPI 3 pointers are the source's own: no second map from each to itself.
    if (specVersion !== '2.0') {
      const list = Array.isArray(pointers) ? (pointers as string[]) : [...pointers];
      const lines = findLines(text, format, list);
      const out = new Map<string, { pointer: string; line?: number }>();
      for (let i = 0; i < list.length; i++) out.set(list[i], { pointer: list[i], line: lines.get(list[i]) });
      return out;
    }
    const mapped = new Map<string, string>();
    for (const p of pointers) mapped.set(p, sourcePointerOf(p, source, doc));
    const lines = findLines(text, format, mapped.values());
    const out = new Map<string, { pointer: string; line?: number }>();
    for (const [p, q] of mapped) out.set(p, { pointer: q, line: lines.get(q) });
    return out;
  };
  const locate = (pointer: string) => locateAll([pointer]).get(pointer)!;
  return { ...parts, locate, locateAll };
}

/** A file a `$ref` names, held to the same checks as a contract, and allowed no URLs of its own. */
function parseReferenced(bytes: Uint8Array, file: string, limits: Partial<TreeLimits>): unknown {
  const text = decodeUtf8(bytes, file);
  const format = detectFormat(text);
  const value = parseText(text, format, file);
  const inspection = inspectTree(value, file, limits, () => undefined);
  if (format === 'json' && inspection.keys !== countJsonKeys(text)) throw refuseDuplicateKey(text, file);
  const url = inspection.externalRefs.find((site) => isUrlRef(site.ref));
  if (url)
    throw new ContractError(
      'ERR_CONTRACT_EXTERNAL_REF',
      file,
      `$ref to "${url.ref}" is refused: only files in the document's folder may be referenced, never URLs`,
    );
  return value;
}
