// A base path moved between `servers` and `paths` (or out of a 2.0 `basePath`) leaves every request URL as it was:
// the diff pairs the operations by their whole request path, and reports only what changed inside them.
import { describe, expect, it } from 'vitest';
import { diffContracts, diffDocuments } from '../../contracts/diff.js';
import { parseContract } from '../../contracts/load/load.js';
import { levelOf } from '../../contracts/rules/index.js';
import { checkSatisfies } from '../../contracts/satisfy.js';

type Doc = Record<string, any>;

const user = (props: string[]) => ({
  get: {
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
    responses: {
      '200': {
        description: 'ok',
        content: { 'application/json': { schema: { type: 'object', properties: Object.fromEntries(props.map((p) => [p, { type: 'string' }])) } } },
      },
    },
  },
});

function v3(servers: Doc[], prefix: string, props = ['id', 'name']): Doc {
  return { openapi: '3.0.3', info: { title: 't', version: '1' }, servers, paths: { [`${prefix}/users/{id}`]: user(props) } };
}

/** What a reviewer is warned of: the info a changed server list gives is left out. */
function findings(base: Doc, revision: Doc) {
  const all = diffDocuments(base, revision, { today: '2026-01-01' }).findings;
  return all.filter((f) => levelOf(f.id) !== 'info').map((f) => `${f.id} ${f.operation ?? ''}`);
}

describe('a base path moved between servers and paths', () => {
  it('is no change when /api leaves the server URL for the path', () => {
    expect(findings(v3([{ url: 'https://x.dev/api' }], ''), v3([{ url: 'https://x.dev' }], '/api'))).toEqual([]);
  });

  it('says the server URL went, as info, and why no URL changed', () => {
    const all = diffDocuments(v3([{ url: 'https://x.dev/api' }], ''), v3([{ url: 'https://x.dev' }], '/api')).findings;
    expect(all.map((f) => [f.id, f.message])).toEqual([
      [
        'api-server-removed',
        'server https://x.dev/api is no longer listed; its base path /api moved between the server URL and the paths, and every request URL is the same',
      ],
      ['api-server-added', 'server https://x.dev was added'],
    ]);
  });

  it('is no change when it goes the other way, with a trailing slash on the server', () => {
    expect(findings(v3([{ url: 'https://x.dev/' }], '/api'), v3([{ url: 'https://x.dev/api/' }], ''))).toEqual([]);
  });

  it('still reports what changed inside the moved operation, under its new path', () => {
    const changed = findings(v3([{ url: 'https://x.dev/api' }], ''), v3([{ url: 'https://x.dev' }], '/api', ['id']));
    expect(changed).toEqual(['response-optional-property-removed GET /api/users/{id}']);
  });

  it('is a removal where servers put different paths in front: no one URL is the operation', () => {
    const servers = [{ url: 'https://x.dev/api' }, { url: 'https://x.dev/beta' }];
    expect(findings(v3(servers, ''), v3([{ url: 'https://x.dev' }], '/api'))).toContain('api-path-removed-without-deprecation GET /users/{id}');
  });

  it('is a removal where a server variable offers two base paths', () => {
    const servers = [{ url: 'https://x.dev/{v}', variables: { v: { default: 'api', enum: ['api', 'beta'] } } }];
    expect(findings(v3(servers, ''), v3([{ url: 'https://x.dev' }], '/api'))).toContain('api-path-removed-without-deprecation GET /users/{id}');
  });

  // The old path is free once the base path moved, and a new operation takes it: the moved one is still the old URL's.
  it('pairs by URL when a new operation takes the old path at the root', () => {
    const base = v3([{ url: 'https://x.dev/api' }], '');
    const revision = v3([{ url: 'https://x.dev' }], '/api');
    revision.paths['/users/{id}'] = user(['login']);
    expect(findings(base, revision)).toEqual([]);
    const all = diffDocuments(base, revision, { today: '2026-01-01' }).findings;
    expect(all.filter((f) => f.operation !== undefined).map((f) => `${f.id} ${f.operation}`)).toEqual(['endpoint-added GET /users/{id}']);
  });

  it('still pairs by key where the old path kept its URL', () => {
    const base = v3([{ url: 'https://x.dev/api' }], '');
    const revision = v3([{ url: 'https://x.dev/api' }], '', ['id']);
    revision.paths['/api/users/{id}'] = user(['id', 'name']);
    expect(findings(base, revision)).toEqual(['response-optional-property-removed GET /users/{id}']);
  });

  it('follows a server variable that has one value, and an operation of its own servers', () => {
    const base = v3([{ url: 'https://x.dev/{v}', variables: { v: { default: 'api' } } }], '');
    const revision = v3([{ url: 'https://x.dev/other' }], '/api');
    revision.paths['/api/users/{id}'].servers = [{ url: 'https://x.dev' }];
    expect(findings(base, revision)).toEqual([]);
  });
});

describe('a Swagger 2.0 basePath moved into the paths', () => {
  const swagger = (basePath: string | undefined, prefix: string) => ({
    swagger: '2.0',
    info: { title: 't', version: '1' },
    host: 'x.dev',
    ...(basePath && { basePath }),
    paths: {
      [`${prefix}/users/{id}`]: {
        get: { parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }], responses: { '200': { description: 'ok' } } },
      },
    },
  });

  it('is no change for any client', async () => {
    const base = await parseContract(JSON.stringify(swagger('/api', '')), 'base.json');
    const revision = await parseContract(JSON.stringify(swagger(undefined, '/api')), 'revision.json');
    const changes = diffContracts(base, revision, { today: '2026-01-01' }).changes;
    expect(changes.filter((c) => c.level !== 'info')).toEqual([]);
  });
});

describe('a use named under the base path the server URL had', () => {
  const use = { consumer: 'web', provider: 't', uses: [{ operation: 'GET /users/{id}', response: ['name'] }] };
  const moved = v3([{ url: 'https://x.dev' }], '/api');
  moved.paths['/api/health'] = { get: { responses: { '204': { description: 'up' } } } };

  it('is met by the operation now written under that base path', () => {
    expect(checkSatisfies({ doc: moved }, use)).toEqual([]);
  });

  it('is not met by an operation of another path that merely ends the same', () => {
    const other = v3([{ url: 'https://x.dev' }], '/admin');
    other.paths['/health'] = { get: { responses: { '204': { description: 'up' } } } };
    expect(checkSatisfies({ doc: other }, use).map((r) => r.code)).toEqual(['operation-missing']);
  });
});
