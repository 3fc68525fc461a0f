// Validation that reports, rather than refuses: real contracts bend the specification in small
// ways (duplicate operationIds, extra response keys) and must still be diffed.
import { resolvePointer } from '../schema/pointer.js';
import type { RefSite } from './inspect.js';
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

const MAX_PROBLEMS = 20;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export async function validateDocument(source: Record<string, any>, version: SpecVersion, internalRefs: RefSite[]): Promise<Problem[]> {
  const problems = [...(await schemaProblems(source, version)), ...danglingRefs(source, internalRefs), ...duplicateOperationIds(source)];
  return problems.slice(0, MAX_PROBLEMS);
}

type Validator = ((doc: unknown) => boolean) & { errors?: AjvError[] | null };

/**
 * The OpenAPI schemas swagger-parser validates with, compiled to code at build time
 * (contracts/load/build-validators.mjs) and run on the document as written (no copy, no
 * dereference): compiling them at each start cost ~200 ms; only the version at hand is loaded.
 */
async function validatorFor(version: SpecVersion): Promise<Validator> {
  const loaded =
    version === '2.0'
      ? await import('./validators/openapi-2-0.js')
      : version === '3.0'
        ? await import('./validators/openapi-3-0.js')
        : await import('./validators/openapi-3-1.js');
  return loaded.validate as Validator;
}

async function schemaProblems(source: unknown, version: SpecVersion): Promise<Problem[]> {
  const validate = await validatorFor(version);
  if (validate(source)) return [];
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const d of validate.errors ?? []) {
    const key = `${d.instancePath}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const extra = d.params && typeof d.params.additionalProperty === 'string' ? ` ("${d.params.additionalProperty}")` : '';
    out.push({ message: `${d.instancePath || '/'} ${d.message ?? 'is invalid'}${extra}`, pointer: d.instancePath });
  }
  return out;
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
      if (first)
        out.push({
          message: `operationId "${id}" of ${where} is already used by ${first}`,
          pointer: `/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/operationId`,
        });
      else seen.set(id, where);
    }
  }
  return out;
}
