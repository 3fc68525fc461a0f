// fast-check arbitraries for realistic OpenAPI 3.0 and 3.1 documents, for the engine's property tests: templated
// paths (segments and names that break pointers on purpose), parameters in path, query and header, request bodies,
// responses with statuses and media types, and components whose schemas (schema-generators.ts) $ref each other.
import fc from 'fast-check';
import { arbLeaf, arbSchema, arbString, type Ctx, DESCRIPTIONS, dropUndefined, type Version } from './schema-generators.js';

type Json = Record<string, any>;

const COMPONENT_NAMES = ['Pet', 'User', 'Order', 'Error', 'TreeNode', 'Money', 'Tag'] as const;
const SEGMENTS = ['users', 'orgs', 'repos', 'items', 'v1', 'files', 'search:batch', 'a.b', '~home', 'a~1b'];
const PATH_PARAMS = ['id', 'userId', 'orgId', 'repo_id', 'name'];
const QUERY_PARAMS = ['limit', 'offset', 'q', 'sort', 'filter[name]', 'page.size'];
const HEADER_PARAMS = ['X-Request-Id', 'If-Match', 'X-Tenant'];
const STATUSES = ['200', '201', '204', '400', '404', 'default', '2XX'];
const MEDIA_TYPES = ['application/json', 'application/xml', 'text/plain', 'application/vnd.api+json', 'multipart/form-data'];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** `/users/{userId}/repos`: 1 to 3 segments, template names unique within the path. */
const arbPath = fc
  .array(
    fc.oneof(
      fc.constantFrom(...SEGMENTS).map((s) => ({ literal: s })),
      fc.constantFrom(...PATH_PARAMS).map((p) => ({ param: p })),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((parts) => {
    const used = new Set<string>();
    const segments = parts.map((p) => {
      if ('literal' in p) return p.literal;
      let name = p.param;
      while (used.has(name)) name += '2';
      used.add(name);
      return `{${name}}`;
    });
    return `/${segments.join('/')}`;
  });

export function listTemplateNames(path: string): string[] {
  return [...path.matchAll(/\{([^}/]*)\}/g)].map((m) => m[1]);
}

/** The path parameters named `templates`, 0 to 3 query parameters, 0 to 2 headers, and references to shared ones. */
function arbParameters(ctx: Ctx, templates: string[]): fc.Arbitrary<Json[]> {
  const inner = arbSchema(ctx, 1);
  const pathParams = fc.tuple(
    ...templates.map((name) => fc.constantFrom('string', 'integer').map((type) => ({ name, in: 'path', required: true, schema: { type } }))),
  );
  const query = fc.uniqueArray(
    fc.record(
      { name: fc.constantFrom(...QUERY_PARAMS), required: fc.boolean(), schema: inner, deprecated: fc.boolean() },
      { requiredKeys: ['name', 'required', 'schema'] },
    ),
    { selector: (p) => p.name, maxLength: 3 },
  );
  const headers = fc.uniqueArray(fc.record({ name: fc.constantFrom(...HEADER_PARAMS), required: fc.boolean(), schema: arbString(ctx) }), {
    selector: (p) => p.name.toLowerCase(),
    maxLength: 2,
  });
  const refs = fc.subarray(['#/components/parameters/PageToken', '#/components/parameters/TenantId']);
  return fc
    .tuple(pathParams, query, headers, refs)
    .map(([p, q, h, r]) => [...p, ...q.map((x) => ({ in: 'query', ...x })), ...h.map((x) => ({ in: 'header', ...x })), ...r.map(($ref) => ({ $ref }))]);
}

function arbContent(ctx: Ctx): fc.Arbitrary<Json> {
  return fc.dictionary(
    fc.constantFrom(...MEDIA_TYPES),
    arbSchema(ctx, 2).map((schema) => ({ schema })),
    { minKeys: 1, maxKeys: 2 },
  );
}

function arbResponses(ctx: Ctx): fc.Arbitrary<Json> {
  const response = fc
    .record({
      description: fc.constantFrom(...DESCRIPTIONS),
      content: fc.option(arbContent(ctx), { nil: undefined }),
      headers: fc.option(
        fc.dictionary(fc.constantFrom('X-Rate-Limit', 'ETag', 'Link'), fc.record({ required: fc.boolean(), schema: arbLeaf(ctx) }), { maxKeys: 2 }),
        { nil: undefined },
      ),
    })
    .map(dropUndefined);
  return fc.dictionary(
    fc.constantFrom(...STATUSES),
    fc.oneof({ weight: 5, arbitrary: response }, { weight: 1, arbitrary: fc.constant({ $ref: '#/components/responses/NotFound' }) }),
    { minKeys: 1, maxKeys: 2 },
  );
}

function arbOperation(ctx: Ctx, path: string, method: string, pathLevelParams: boolean): fc.Arbitrary<Json> {
  const hasBody = method === 'post' || method === 'put' || method === 'patch';
  return fc
    .record({
      parameters: arbParameters(ctx, pathLevelParams ? [] : listTemplateNames(path)),
      body: hasBody ? fc.option(fc.record({ required: fc.boolean(), content: arbContent(ctx) }), { nil: undefined }) : fc.constant(undefined),
      responses: arbResponses(ctx),
      deprecated: fc.boolean(),
      // No unreadable dates (`soon`): a deprecated operation with one is reported even against itself (a known bug).
      sunset: fc.constantFrom(undefined, '2024-01-01', '2099-12-31'),
      summary: fc.option(fc.constantFrom(...DESCRIPTIONS), { nil: undefined }),
      secured: fc.boolean(),
    })
    .map(({ parameters, body, responses, deprecated, sunset, summary, secured }) =>
      dropUndefined({
        operationId: `${method}${path.replace(/[^A-Za-z0-9]+/g, '_')}`,
        summary,
        parameters: parameters.length > 0 ? parameters : undefined,
        requestBody: body,
        responses,
        deprecated: deprecated || undefined,
        'x-sunset': deprecated ? sunset : undefined,
        security: secured ? [{ apiKey: [] }] : undefined,
      }),
    );
}

function arbPathItem(ctx: Ctx, path: string): fc.Arbitrary<Json> {
  return fc.record({ methods: fc.subarray([...METHODS], { minLength: 1, maxLength: 2 }), shared: fc.boolean() }).chain(({ methods, shared }) => {
    // Path parameters written once at path level, or on every operation.
    const pathParams = listTemplateNames(path).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    const ops = methods.map((m) => arbOperation(ctx, path, m, shared).map((op) => [m, op] as const));
    return fc.tuple(...ops).map((entries) => ({ ...(shared && pathParams.length > 0 ? { parameters: pathParams } : {}), ...Object.fromEntries(entries) }));
  });
}

/** A whole document. Normalised templates are unique: two paths that differ only by parameter names would be one operation. */
export const arbDocument: fc.Arbitrary<Json> = fc
  .record({ version: fc.constantFrom<Version>('3.0', '3.1'), names: fc.subarray([...COMPONENT_NAMES], { minLength: 1 }) })
  .chain(({ version, names }) => {
    const ctx: Ctx = { version, refs: names };
    // Component roots are never bare $refs: a chain of them could loop, which the loader refuses.
    const root = arbSchema(ctx, 3).filter((s) => s.$ref === undefined);
    const paths = fc.uniqueArray(arbPath, { minLength: 1, maxLength: 4, selector: (p) => p.replace(/\{[^}]*\}/g, '{}') });
    return fc.record({
      version: fc.constant(version),
      schemas: fc.tuple(...names.map((n) => root.map((s) => [n, s] as const))),
      paths: paths.chain((ps) => fc.tuple(...ps.map((p) => arbPathItem(ctx, p).map((item) => [p, item] as const)))),
      globalSecurity: fc.boolean(),
    });
  })
  .map(({ version, schemas, paths, globalSecurity }) => ({
    openapi: version === '3.0' ? '3.0.3' : '3.1.0',
    info: { title: 'Generated', version: '1.0.0', description: 'A generated API.' },
    servers: [{ url: 'https://api.example.com/v1' }],
    ...(globalSecurity ? { security: [{ apiKey: [] }] } : {}),
    paths: Object.fromEntries(paths),
    components: {
      schemas: Object.fromEntries(schemas),
      parameters: {
        PageToken: { name: 'page_token', in: 'query', schema: { type: 'string' } },
        TenantId: { name: 'X-Tenant-Id', in: 'header', required: true, schema: { type: 'string', format: 'uuid' } },
      },
      responses: { NotFound: { description: 'not found', content: { 'application/json': { schema: { $ref: `#/components/schemas/${schemas[0][0]}` } } } } },
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } },
    },
  }));
