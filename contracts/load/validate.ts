// Validation that reports, rather than refuses: real contracts bend the specification in small
// ways (duplicate operationIds, extra response keys) and must still be diffed.
import { resolvePointer } from '../schema/pointer.js';
import { Resolver } from '../schema/resolve.js';
import type { RefSite } from './inspect.js';
import type { SpecVersion } from './load.js';

interface Problem {
  message: string;
  pointer?: string;
}

interface AjvError {
  instancePath: string;
  keyword?: string;
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

/**
 * The same schemas compiled to answer only whether the document is valid (load/yes-no.mjs): it stops at the first error
 * and builds no error places. Most contracts are valid, and this is all they pay: Stripe's two 4 MB files took ~110
 * against ~140 ms of CPU in a fresh process.
 */
async function yesNoValidatorFor(version: SpecVersion): Promise<Validator> {
  const loaded =
    version === '2.0'
      ? await import('./validators/openapi-2-0-valid.js')
      : version === '3.0'
        ? await import('./validators/openapi-3-0-valid.js')
        : await import('./validators/openapi-3-1-valid.js');
  return loaded.validate as Validator;
}

async function schemaProblems(source: unknown, version: SpecVersion): Promise<Problem[]> {
  if ((await yesNoValidatorFor(version))(source)) return [];
  const validate = await validatorFor(version);
  if (validate(source)) return [];
  const errors = validate.errors ?? [];
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const d of errors.filter((e) => !isEcho(e, errors))) {
    const message = `${describePlace(source, d.instancePath)} ${describeError(d)}`;
    if (seen.has(message)) continue;
    seen.add(message);
    out.push({ message, pointer: d.instancePath });
  }
  return out;
}

// One wrong key fails every branch of a oneOf (`$ref` missing, "must match exactly one schema"): those echoes
// are dropped when a more precise error sits at the same place or below it.
function isEcho(error: AjvError, all: AjvError[]): boolean {
  if (!isBranchy(error)) return false;
  return all.some(
    (other) => other !== error && !isBranchy(other) && (other.instancePath === error.instancePath || other.instancePath.startsWith(`${error.instancePath}/`)),
  );
}

function isBranchy(error: AjvError): boolean {
  return error.keyword === 'oneOf' || error.keyword === 'anyOf' || (error.keyword === 'required' && error.params?.missingProperty === '$ref');
}

function describeError(error: AjvError): string {
  const p = error.params ?? {};
  if (error.keyword === 'additionalProperties') return `has a key the specification does not allow: "${String(p.additionalProperty)}"`;
  // OpenAPI 3.1's schema closes objects with unevaluatedProperties: the same problem, said the same way.
  if (error.keyword === 'unevaluatedProperties') return `has a key the specification does not allow: "${String(p.unevaluatedProperty)}"`;
  if (error.keyword === 'required') return `lacks the required key "${String(p.missingProperty)}"`;
  if (error.keyword === 'type') return `must be ${/^[aeiou]/.test(String(p.type)) ? 'an' : 'a'} ${String(p.type)}`;
  if (error.keyword === 'enum' && Array.isArray(p.allowedValues)) return `must be one of ${p.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return error.message ?? 'is invalid';
}

/** `/paths/~1a/get/parameters/0` -> `GET /a, parameter "q"`: where a reader of the file looks. */
function describePlace(source: unknown, pointer: string): string {
  if (pointer === '') return 'the document';
  const tokens = pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const parts: string[] = [];
  let i = 0;
  if (tokens[0] === 'paths' && tokens.length >= 2) {
    const method = tokens[2] && HTTP_METHODS.includes(tokens[2]) ? `${tokens[2].toUpperCase()} ` : '';
    parts.push(`${method}${tokens[1]}`);
    i = method ? 3 : 2;
  } else if (tokens[0] === 'components' && tokens.length >= 3) {
    parts.push(`${tokens[1].replace(/s$/, '')} ${tokens[2]}`);
    i = 3;
  }
  for (; i < tokens.length; i++) {
    const named =
      tokens[i] === 'parameters' && tokens[i + 1] !== undefined
        ? resolvePointer(
            source,
            `/${pointer
              .split('/')
              .slice(1, i + 3)
              .join('/')}`,
          )
        : undefined;
    const name = (named as { name?: unknown } | undefined)?.name;
    if (typeof name === 'string') {
      parts.push(`parameter "${name}"`);
      i++;
    } else if (tokens[i] === 'properties' && tokens[i + 1] !== undefined) {
      parts.push(`property "${tokens[++i]}"`);
    } else parts.push(tokens[i]);
  }
  return `${parts.join(', ')}:`;
}

function danglingRefs(source: unknown, refs: RefSite[]): Problem[] {
  const out: Problem[] = [];
  const checked = new Map<string, boolean>();
  let anchors: Resolver | undefined;
  for (const site of refs) {
    let ok = checked.get(site.ref);
    // `#pet` names the schema whose `$anchor` is pet, as the engine reads it, not the document a pointer `pet` would be.
    const named = () =>
      site.ref === '#' || site.ref.startsWith('#/') ? resolvePointer(source, site.ref) : (anchors ??= new Resolver(source)).target(site.ref);
    if (ok === undefined) checked.set(site.ref, (ok = named() !== undefined));
    if (!ok) out.push({ message: `$ref "${site.written ?? site.ref}" points to nothing in the document`, pointer: site.pointer });
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
