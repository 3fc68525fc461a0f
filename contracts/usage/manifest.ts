// Manifests (`overseer.yaml`, Backstage `catalog-info.yaml`) -> validated Manifests with their declarations.
// Pure: text in, data out. Every problem a person could make is reported with its file and line, all at once.
import { type DuplicateKey, readYaml, type YamlLines, YamlReadError } from '../load/yaml-read.js';
import type { Manifest } from '../model.js';
import { isBackstageEntity, isServiceEntity, readBackstageEntity } from './backstage.js';
import { readOverseerManifest } from './overseer.js';
import { describeValue, formatPath, isRecord, type ManifestProblem, type ReadContext } from './shape.js';

export { parseOperationRef } from './shape.js';

type ManifestErrorCode = 'ERR_MANIFEST_YAML' | 'ERR_MANIFEST_INVALID' | 'ERR_MANIFEST_TOO_LARGE';

/** One or more problems in one or more manifests; the message lists them one per line as `file:line: text`. */
export class ManifestError extends Error {
  readonly code: ManifestErrorCode;
  /** The file (and line) of the first problem. */
  readonly file: string;
  readonly line?: number;
  readonly problems: ManifestProblem[];

  constructor(code: ManifestErrorCode, problems: ManifestProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ManifestError';
    this.code = code;
    this.problems = problems;
    this.file = problems[0].file;
    if (problems[0].line !== undefined) this.line = problems[0].line;
  }
}

function formatProblem(problem: ManifestProblem): string {
  return problem.line === undefined ? `${problem.file}: ${problem.message}` : `${problem.file}:${problem.line}: ${problem.message}`;
}

export function parseManifest(text: string, file: string): Manifest {
  return readManifest(text, file);
}

/**
 * Reads every manifest and reports the problems of all of them together. Two manifests of one service are two of its
 * versions (one live in production, the next in staging), each judged as the gate judges every live version.
 */
export function parseManifests(files: { text: string; file: string }[]): Manifest[] {
  const manifests: Manifest[] = [];
  const problems: ManifestProblem[] = [];
  let code: ManifestErrorCode | undefined;
  for (const { text, file } of files) {
    try {
      manifests.push(readManifest(text, file));
    } catch (error) {
      if (!(error instanceof ManifestError)) throw error;
      code ??= error.code;
      problems.push(...error.problems);
    }
  }
  if (code) throw new ManifestError(code, problems);
  return manifests;
}

function readManifest(text: string, file: string): Manifest {
  const { docs, lines } = loadDocuments(text, file);
  const index = selectDocument(docs, file, lines);
  const doc = docs[index];
  const ctx: ReadContext = { file, doc: index, lines, problems: [] };
  ctx.problems.push(...lines.duplicates.filter((dup) => dup.doc === index).map((dup) => describeDuplicate(file, dup)));
  if (!isRecord(doc)) {
    const shape = 'must be a mapping that starts with "service:" (or a Backstage entity)';
    throw new ManifestError('ERR_MANIFEST_INVALID', [{ file, line: lines.lineOf([], index), message: `the manifest ${shape}, got ${describeValue(doc)}` }]);
  }
  const backstage = isBackstageEntity(doc);
  const manifest = backstage ? readBackstageEntity(ctx, doc) : readOverseerManifest(ctx, doc);
  if (ctx.problems.length > 0) throw new ManifestError('ERR_MANIFEST_INVALID', sortByLine(ctx.problems));
  return { ...manifest, file };
}

/** Duplicate keys do not stop the reading: each is reported with the other problems, at its own line. */
function loadDocuments(text: string, file: string): { docs: unknown[]; lines: YamlLines } {
  try {
    return readYaml(quoteFlowFieldPaths(text));
  } catch (error) {
    throw toManifestError(error, file, text);
  }
}

function toManifestError(error: unknown, file: string, text: string): unknown {
  if (!(error instanceof YamlReadError)) return error;
  const line = error.line;
  if (error.limit !== undefined) return new ManifestError('ERR_MANIFEST_TOO_LARGE', [{ file, line, message: error.message }]);
  const near =
    line === undefined
      ? ''
      : text
          .split(/\r?\n/)
          .slice(Math.max(0, line - 2), line)
          .join('\n');
  const hint = near.includes('[]') ? ' (inside [...] or {...}, quote field paths that use []: "items[].sku")' : '';
  return new ManifestError('ERR_MANIFEST_YAML', [{ file, line, message: `${error.message}${hint}` }]);
}

/**
 * `response: [id, items[].sku]` is what people write (and what the docs show), but YAML reads `[` inside a flow
 * list as a nested list: quote such items on `params`/`request`/`response` lines, keeping every line where it was.
 */
function quoteFlowFieldPaths(text: string): string {
  return text.replace(/^(\s*(?:-\s+)?(?:params|request|response)\s*:\s*\[)(.*)$/gm, (line, head: string, rest: string) => {
    const end = findFlowListEnd(rest);
    if (end === undefined) return line;
    const items = rest.slice(0, end).split(',');
    const quoted = items.map((item) => (/^\s*[^\s"'{}[\],]*\[\][^\s"'{},]*\s*$/.test(item) ? item.replace(/\S+/, (v) => `"${v}"`) : item));
    return head + quoted.join(',') + rest.slice(end);
  });
}

/** Index of the `]` closing a one-line flow list whose items may contain literal `[]`; undefined if quoted or open. */
function findFlowListEnd(rest: string): number | undefined {
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '"' || rest[i] === "'" || rest[i] === '{') return undefined;
    if (rest[i] === '[' && rest[i + 1] === ']') i++;
    else if (rest[i] === '[') return undefined;
    else if (rest[i] === ']') return i;
  }
  return undefined;
}

/** A catalog-info.yaml may hold several entities: the one Component (else the one API) is the service. */
function selectDocument(docs: unknown[], file: string, lines: YamlLines): number {
  const present = docs.flatMap((doc, i) => (doc === null || doc === undefined ? [] : [i]));
  if (present.length === 0) {
    const message = 'the manifest is empty: it needs at least "service: <name>"';
    throw new ManifestError('ERR_MANIFEST_INVALID', [{ file, line: 1, message }]);
  }
  if (present.length === 1) return present[0];
  if (!present.every((i) => isBackstageEntity(docs[i]))) {
    const message = `holds ${present.length} YAML documents; a manifest is one document`;
    throw new ManifestError('ERR_MANIFEST_INVALID', [{ file, line: lines.lineOf([], present[1]), message }]);
  }
  const components = present.filter((i) => isServiceEntity(docs[i], 'Component'));
  const candidates = components.length > 0 ? components : present.filter((i) => isServiceEntity(docs[i], 'API'));
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) {
    const message = 'holds no Backstage Component or API entity for Overseer to read';
    throw new ManifestError('ERR_MANIFEST_INVALID', [{ file, line: lines.lineOf([], present[0]), message }]);
  }
  const kind = components.length > 0 ? 'Component' : 'API';
  const message = `holds ${candidates.length} Backstage ${kind} entities; Overseer reads one service per file`;
  throw new ManifestError('ERR_MANIFEST_INVALID', [{ file, line: lines.lineOf([], candidates[1]), message }]);
}

function sortByLine(problems: ManifestProblem[]): ManifestProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function describeDuplicate(file: string, dup: DuplicateKey): ManifestProblem {
  const where = `(first on line ${dup.firstLine})`;
  const isProvider = dup.path.length === 2 && dup.path[0] === 'consumes';
  const advice = isProvider ? 'list each provider once, with all the operations it uses' : 'write each key once';
  return { file, line: dup.line, message: `${formatPath(dup.path)} appears twice ${where}: ${advice}` };
}
