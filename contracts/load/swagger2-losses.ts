// What the conversion of Swagger 2.0 to 3.0 drops, written back into the converted document so that a change to it is
// seen: a formData field's collectionFormat and allowEmptyValue, an operation's own schemes, the `produces` of an
// operation with a response that declares no schema (the converter writes media types only under a schema), and a
// path's body for an operation that lists no parameters of its own.
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
const FORM_MEDIA = /^(application\/x-www-form-urlencoded|multipart\/)/;

type Node = Record<string, any>;

/**
 * Keys of a form field's `encoding` entry that 3.0 has no word for: the collectionFormat as written (csv where left out,
 * 2.0's default) and allowEmptyValue. rules/body-encoding.ts reads them where both versions are 2.0.
 */
export const FORM_FIELD_KEYS = { collectionFormat: 'x-overseer-collection-format', allowEmptyValue: 'x-overseer-allow-empty-value' } as const;

/** The operation's `produces` (its own, else the document's), written where a response of it has no schema: rules/produces.ts. */
export const PRODUCES_KEY = 'x-overseer-produces';

/** The 3.0 form style and explode a 2.0 collectionFormat stands for; tsv has none, so its name stands as the style. */
const FORM_STYLES: Record<string, { style: string; explode: boolean }> = {
  csv: { style: 'form', explode: false },
  multi: { style: 'form', explode: true },
  ssv: { style: 'spaceDelimited', explode: false },
  pipes: { style: 'pipeDelimited', explode: false },
  tsv: { style: 'tsv', explode: false },
};

/** Writes the losses back into `converted` (the converter's copy, changed in place); `source` is read only. */
export function restoreSwagger2Losses(source: Node, converted: Node): void {
  const paths = isObject(source.paths) ? source.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      const target = converted.paths?.[path]?.[method];
      if (!isObject(op) || !isObject(target)) continue;
      restoreSchemes(source, op, target);
      restoreProduces(source, op, target);
      restoreFormFields(source, [...listOf(item.parameters), ...listOf(op.parameters)], target, converted);
    }
  }
}

/**
 * The converter moves a path's body and formData parameters into an operation only where the operation lists
 * `parameters` of its own; elsewhere they vanish, and with them a request body the client must send. An empty list
 * of its own says the same as none, so each such operation is given one, in shallow copies: `doc` may be the document
 * as written, and the converter copies what it is handed before it changes anything.
 */
export function listOwnParameters(doc: Node): Node {
  const paths = isObject(doc.paths) ? doc.paths : {};
  let copy: Node | undefined;
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item) || !listOf(item.parameters).some((raw) => isBodyLike(followParameter(doc, raw)))) continue;
    const bare = METHODS.filter((method) => isObject(item[method]) && !Array.isArray(item[method].parameters));
    if (bare.length === 0) continue;
    copy ??= { ...doc, paths: { ...paths } };
    copy.paths[path] = { ...item, ...Object.fromEntries(bare.map((method) => [method, { ...item[method], parameters: [] }])) };
  }
  return copy ?? doc;
}

/** A parameter the converter turns into (part of) the request body. */
export function isBodyLike(p: Node | undefined): boolean {
  return p?.in === 'body' || p?.in === 'formData' || p?.type === 'file';
}

/** An operation's own schemes, with the document's host and basePath: the converter keeps only the document's. */
function restoreSchemes(source: Node, op: Node, target: Node): void {
  if (!Array.isArray(op.schemes) || typeof source.host !== 'string' || source.host === '') return;
  const base = typeof source.basePath === 'string' ? source.basePath : '';
  const schemes = op.schemes.filter((s: unknown): s is string => typeof s === 'string');
  target.servers = schemes.map((scheme) => ({ url: `${scheme}://${source.host}${base}` }));
}

/** Only where a response lacks a schema: a response with one carries the media types as its `content` keys already. */
function restoreProduces(source: Node, op: Node, target: Node): void {
  const listed = Array.isArray(op.produces) ? op.produces : source.produces;
  if (!Array.isArray(listed) || !isObject(op.responses)) return;
  const types = listed.filter((t: unknown): t is string => typeof t === 'string');
  const bodiless = Object.values(op.responses).some((raw) => {
    const response = followResponse(source, raw);
    return response !== undefined && response.schema === undefined;
  });
  if (types.length > 0 && bodiless) target[PRODUCES_KEY] = types;
}

function restoreFormFields(source: Node, parameters: unknown[], target: Node, converted: Node): void {
  const fields = new Map<string, Node>();
  for (const raw of parameters) {
    const p = followParameter(source, raw);
    if (p?.in === 'formData' && typeof p.name === 'string') fields.set(p.name, p);
  }
  const body = followBody(converted, target.requestBody);
  if (fields.size === 0 || !isObject(body?.content)) return;
  for (const [media, entry] of Object.entries(body.content as Node)) {
    if (!FORM_MEDIA.test(media) || !isObject(entry)) continue;
    for (const [name, field] of fields) {
      const lost = lostOf(field);
      if (lost) entry.encoding = { ...entry.encoding, [name]: { ...entry.encoding?.[name], ...lost } };
    }
  }
}

/** The encoding entry a field's collectionFormat and allowEmptyValue make, or none where it has neither to say. */
function lostOf(field: Node): Node | undefined {
  const out: Node = {};
  if (field.type === 'array') {
    const format = typeof field.collectionFormat === 'string' && FORM_STYLES[field.collectionFormat] ? field.collectionFormat : 'csv';
    Object.assign(out, FORM_STYLES[format], { [FORM_FIELD_KEYS.collectionFormat]: format });
  }
  if (field.allowEmptyValue === true) out[FORM_FIELD_KEYS.allowEmptyValue] = true;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A parameter, or the one a local `#/parameters/...` reference names. */
export function followParameter(source: Node, raw: unknown): Node | undefined {
  if (!isObject(raw)) return undefined;
  const ref = raw.$ref;
  if (typeof ref !== 'string') return raw;
  const m = /^#\/parameters\/(.+)$/.exec(ref);
  const name = m ? m[1].replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
  return name !== undefined && isObject(source.parameters?.[name]) ? source.parameters[name] : undefined;
}

/** A response, or the one a local `#/responses/...` reference names. */
function followResponse(source: Node, raw: unknown): Node | undefined {
  if (!isObject(raw)) return undefined;
  if (typeof raw.$ref !== 'string') return raw;
  const m = /^#\/responses\/(.+)$/.exec(raw.$ref);
  const found = m ? source.responses?.[m[1].replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return isObject(found) ? found : undefined;
}

/** The request body, or the converted component a local reference names. */
function followBody(converted: Node, body: unknown): Node | undefined {
  if (!isObject(body)) return undefined;
  if (typeof body.$ref !== 'string') return body;
  const m = /^#\/components\/requestBodies\/(.+)$/.exec(body.$ref);
  const found = m ? converted.components?.requestBodies?.[m[1].replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return isObject(found) ? found : undefined;
}

function listOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function isObject(v: unknown): v is Node {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
