// Swagger 2.0 support: conversion to OpenAPI 3.0 with swagger2openapi, and the way back from a
// pointer into the converted document to the place in the file the user wrote.
import { createRequire } from 'node:module';
import { ContractError } from '../errors.js';
import { escapeToken, resolvePointer, splitPointer } from '../schema/pointer.js';
import { followParameter, isBodyLike, listOwnParameters, restoreSwagger2Losses } from './swagger2-losses.js';

const require = createRequire(import.meta.url);

interface Converter {
  convertObj(doc: unknown, options: Record<string, unknown>): Promise<{ openapi: Record<string, any> }>;
}

interface Swagger2Input {
  /** The document as written; never changed. */
  source: Record<string, any>;
  /** Its text: handed to the converter, which otherwise serialises the whole document to YAML to have one. */
  text: string;
  /** YAML aliases (or bundled files) may make two places one object, which the converter refuses. */
  mayShareObjects: boolean;
}

/**
 * swagger2openapi's own options, not a reader of our own: the converter's shapes (request body
 * names, form media types, collection formats) are what rule ids, locations and the conformance
 * baseline were built on. Its cost on a JSON document was mostly a YAML serialisation of the input
 * (skipped by giving it the text) and a copy of ours (it copies the input itself).
 */
export async function convertSwagger2(input: Swagger2Input, file: string): Promise<Record<string, any>> {
  try {
    // JSON.parse never shares an object between two places; a YAML alias does, and a copy through
    // JSON unshares it. The converter copies its input before changing anything, so no other copy is needed;
    // `unshared` tells it so, sparing it its search for shared objects and its identity map (converter-patches.mjs).
    const writesNullable = BARE_NULLABLE.test(input.text);
    const doc = input.mayShareObjects || writesNullable ? JSON.parse(JSON.stringify(input.source)) : input.source;
    if (writesNullable) dropNullable(doc);
    // Required here, not at the top: most contracts are 3.x and need not pay for loading it.
    const swagger2openapi = require('swagger2openapi') as Converter;
    const options = { patch: true, warnOnly: true, resolve: false, direct: false, text: input.text, unshared: true };
    const { openapi } = await swagger2openapi.convertObj(listOwnParameters(doc), options);
    restoreSwagger2Losses(input.source, openapi);
    return openapi;
  } catch (e) {
    throw new ContractError('ERR_CONTRACT_INVALID', file, `cannot convert Swagger 2.0 to OpenAPI 3: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** `nullable` as a key, not `x-nullable`: only then is the document copied and walked. */
const BARE_NULLABLE = /(?:^|[^\w-])["']?nullable["']?\s*:/m;
/** Values, not schemas: a `nullable` inside them is data. */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'x-example']);
/** Maps whose keys are names the author chose (a property may be called `default`): every value is walked. */
const NAME_MAPS = new Set(['properties', 'definitions', 'parameters', 'responses', 'paths']);

/**
 * 2.0 has no `nullable` (its schemas say null only through the `x-nullable` extension), but the converter passes a
 * `nullable` written there on as 3.0's keyword: removed first, so a 2.0 document means what its own version says.
 */
function dropNullable(node: unknown, names = false): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) dropNullable(item);
    return;
  }
  const n = node as Record<string, unknown>;
  if (names) {
    for (const value of Object.values(n)) dropNullable(value);
    return;
  }
  if (typeof n.nullable === 'boolean') delete n.nullable;
  for (const [key, value] of Object.entries(n)) if (!DATA_KEYS.has(key) && !key.startsWith('x-')) dropNullable(value, NAME_MAPS.has(key));
}

const COMPONENT_HOMES: Record<string, string> = {
  schemas: 'definitions',
  parameters: 'parameters',
  requestBodies: 'parameters',
  responses: 'responses',
  securitySchemes: 'securityDefinitions',
};

/** Maps a pointer into the converted 3.0 document to the nearest place in the 2.0 source. */
export function sourcePointerOf(pointer: string, source: Record<string, any>, converted?: Record<string, any>): string {
  const t = splitPointer(pointer);
  let out: (string | number)[] = t;
  const user = t[0] === 'components' && t[1] === 'requestBodies' && source.parameters?.[t[2]] === undefined ? bodyUserOf(converted, t[2]) : undefined;
  if (user) out = mapOperationTokens(['paths', ...user, 'requestBody', ...t.slice(3)], source, converted);
  else if (t[0] === 'components' && COMPONENT_HOMES[t[1]]) out = [COMPONENT_HOMES[t[1]], ...t.slice(2)];
  else if (t[0] === 'paths' && t.length > 2) out = mapOperationTokens(t, source, converted);
  return nearestExisting(source, out);
}

function mapOperationTokens(t: string[], source: Record<string, any>, converted?: Record<string, any>): (string | number)[] {
  const [, path, method, section, ...rest] = t;
  const head = ['paths', path, method];
  if (section === 'requestBody') {
    const field = formFieldOf(rest, source, path, method);
    if (field) return field;
    const at = bodyParameterOf(source, path, method);
    if (!at) return [...head, 'parameters'];
    // requestBody/content/<media>/schema/... -> parameters/<i>/schema/...
    return rest[0] === 'content' && rest[2] === 'schema' ? [...at, 'schema', ...rest.slice(3)] : at;
  }
  // An operation's servers are its own schemes (swagger2-losses.ts).
  if (section === 'servers') return [...head, 'schemes'];
  if (section === 'responses' && rest.length > 1) {
    const [status, part, ...tail] = rest;
    if (part === 'content' && tail[1] === 'schema') return [...head, 'responses', status, 'schema', ...tail.slice(2)];
    if (part === 'headers' && tail[1] === 'schema') return [...head, 'responses', status, 'headers', tail[0], ...tail.slice(2)];
    return [...head, 'responses', status];
  }
  if (section === 'parameters' && rest.length > 0 && converted) {
    const param = converted.paths?.[path]?.[method]?.parameters?.[Number(rest[0])];
    const params: any[] = source.paths?.[path]?.[method]?.parameters ?? [];
    const i = param ? params.findIndex((p) => p && p.name === param.name && p.in === param.in) : -1;
    if (i >= 0) return [...head, 'parameters', i, ...(rest[1] === 'schema' ? rest.slice(2) : rest.slice(1))];
  }
  return t;
}

/**
 * The first operation (path, method) whose body is the converted `components/requestBodies/<name>`: the converter
 * writes operations' equal bodies there once (two operations of a path sharing its formData fields), under a name of
 * its own that no 2.0 parameter has, so the body is found where its first operation took it from.
 */
function bodyUserOf(converted: Record<string, any> | undefined, name: string): [string, string] | undefined {
  const ref = `#/components/requestBodies/${escapeToken(name)}`;
  for (const [path, item] of Object.entries<any>(converted?.paths ?? {})) {
    if (!item || typeof item !== 'object') continue;
    for (const [method, op] of Object.entries<any>(item)) if (op?.requestBody?.$ref === ref) return [path, method];
  }
  return undefined;
}

/** The body (or first form) parameter the converted body came from: the operation's own, else its path's. */
function bodyParameterOf(source: Record<string, any>, path: string, method: string): (string | number)[] | undefined {
  for (const owner of [
    ['paths', path, method],
    ['paths', path],
  ]) {
    const params = resolvePointer(source, `/${owner.map(escapeToken).join('/')}/parameters`);
    const i = Array.isArray(params) ? params.findIndex((p) => isBodyLike(followParameter(source, p))) : -1;
    if (i >= 0) return [...owner, 'parameters', i];
  }
  return undefined;
}

/**
 * A form field of the converted body (`content/<media>/schema/properties/<name>/...` or `content/<media>/encoding/<name>`)
 * is the formData parameter of that name: the operation's, else its path's. Its keywords are the parameter's own.
 */
function formFieldOf(rest: string[], source: Record<string, any>, path: string, method: string): (string | number)[] | undefined {
  const [content, , part, ...tail] = rest;
  if (content !== 'content') return undefined;
  const name = part === 'schema' && tail[0] === 'properties' ? tail[1] : part === 'encoding' ? tail[0] : undefined;
  if (name === undefined) return undefined;
  const below = part === 'schema' ? tail.slice(2) : [];
  for (const owner of [
    ['paths', path, method],
    ['paths', path],
  ]) {
    const params = resolvePointer(source, `/${owner.map(escapeToken).join('/')}/parameters`);
    const i = Array.isArray(params) ? params.findIndex((p) => isFormField(source, p, name)) : -1;
    if (i >= 0) return [...owner, 'parameters', i, ...below];
  }
  return undefined;
}

function isFormField(source: Record<string, any>, raw: any, name: string): boolean {
  const ref = typeof raw?.$ref === 'string' ? /^#\/parameters\/(.+)$/.exec(raw.$ref) : null;
  const p = ref ? source.parameters?.[ref[1].replace(/~1/g, '/').replace(/~0/g, '~')] : raw;
  return p?.in === 'formData' && p.name === name;
}

function nearestExisting(source: Record<string, any>, tokens: (string | number)[]): string {
  for (let n = tokens.length; n > 0; n--) {
    const p = `/${tokens.slice(0, n).map(escapeToken).join('/')}`;
    if (resolvePointer(source, p) !== undefined) return p;
  }
  return '';
}
