// Validation that reports, rather than refuses: real contracts bend the specification in small
// ways (duplicate operationIds, extra response keys) and must still be diffed.
import { createRequire } from 'node:module';
import { resolvePointer } from './pointer.js';
import type { RefSite } from './load-inspect.js';
import type { SpecVersion } from './load.js';

export interface Problem {
  message: string;
  pointer?: string;
}

interface AjvError {
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

const require = createRequire(import.meta.url);
// swagger-parser's schema validator runs on the document as written: no clone, no dereference,
// which keeps validation of a 4 MB contract near 150 ms instead of a second.
const validateSchema = require('@apidevtools/swagger-parser/lib/validators/schema.js') as (api: unknown) => void;

const MAX_PROBLEMS = 20;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export async function validateDocument(source: Record<string, any>, version: SpecVersion, internalRefs: RefSite[]): Promise<Problem[]> {
  const problems = [...schemaProblems(source), ...danglingRefs(source, internalRefs), ...duplicateOperationIds(source)];
  void version;
  return problems.slice(0, MAX_PROBLEMS);
}

function schemaProblems(source: unknown): Problem[] {
  try {
    validateSchema(source);
    return [];
  } catch (e) {
    const details = (e as { details?: AjvError[] }).details;
    if (!Array.isArray(details)) return [{ message: `schema validation failed: ${(e as Error).message.split('\n')[0]}` }];
    const seen = new Set<string>();
    const out: Problem[] = [];
    for (const d of details) {
      const key = d.instancePath + '|' + d.message;
      if (seen.has(key)) continue;
      seen.add(key);
      const extra = d.params && typeof d.params.additionalProperty === 'string' ? ` ("${d.params.additionalProperty}")` : '';
      out.push({ message: `${d.instancePath || '/'} ${d.message ?? 'is invalid'}${extra}`, pointer: d.instancePath });
    }
    return out;
  }
}

function danglingRefs(source: unknown, refs: RefSite[]): Problem[] {
  const out: Problem[] = [];
  const checked = new Map<string, boolean>();
  for (const site of refs) {
    let ok = checked.get(site.ref);
    if (ok === undefined) checked.set(site.ref, (ok = resolvePointer(source, site.ref) !== undefined));
    if (!ok) out.push({ message: `$ref "${site.ref}" points to nothing in the document`, pointer: site.pointer });
  }
  return out;
}

function duplicateOperationIds(source: Record<string, any>): Problem[] {
  const seen = new Map<string, string>();
  const out: Problem[] = [];
  for (const [path, item] of Object.entries(source.paths ?? {})) {
    if (!item || typeof item !== 'object') continue;
    for (const method of HTTP_METHODS) {
      const id = (item as any)[method]?.operationId;
      if (typeof id !== 'string') continue;
      const where = `${method.toUpperCase()} ${path}`;
      const first = seen.get(id);
      if (first) out.push({ message: `operationId "${id}" of ${where} is already used by ${first}`, pointer: `/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/operationId` });
      else seen.set(id, where);
    }
  }
  return out;
}
