// parseManifest on overseer.yaml and Backstage catalogs: the declarations a user wrote, read back as the registry keeps them.
import fc from 'fast-check';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { readYaml } from '../../../contracts/load/yaml-read.js';
import type { Declaration } from '../../../contracts/model.js';
import { type ManifestError, parseManifest, parseManifests, parseOperationRef } from '../../../contracts/usage/manifest.js';
import { errorOf, FILE } from './manifest-error.js';

const PRODUCT_EXAMPLE = `service: checkout-web               # this service's name in the registry
owners: ["@acme/checkout"]         # GitHub users or teams, mentioned in PR comments
slack: "#checkout-alerts"           # optional
repository: acme/checkout-web       # optional
provides: ./openapi.yaml            # optional: the contract this service serves
consumes:                           # optional: what it uses of other services
  users-service:
    - GET /users/{id}               # a whole operation: every part of it counts as used
    - operation: createUser         # an operationId, or "METHOD /path"
      params: [limit]               # parameters it sends (optional)
      request: [name, email, address.city]   # request body fields it sends (optional)
      response: [id, name, items[].sku]      # response body fields it reads (optional)
  orders-service: "*"               # everything the provider offers counts as used
`;

const withUses = (...lines: string[]) => `service: web\nconsumes:\n  users-service:\n${lines.map((l) => `    ${l}\n`).join('')}`;

describe('parseManifest: overseer.yaml', () => {
  // Its `response: [id, name, items[].sku]` is not plain YAML (`[` opens a nested list there): we accept it anyway.
  it('reads the example manifest of PRODUCT.md', () => {
    expect(parseManifest(PRODUCT_EXAMPLE, 'overseer.yaml')).toEqual({
      service: 'checkout-web',
      owners: ['@acme/checkout'],
      slack: '#checkout-alerts',
      repository: 'acme/checkout-web',
      provides: './openapi.yaml',
      file: 'overseer.yaml',
      declarations: [
        {
          consumer: 'checkout-web',
          provider: 'users-service',
          uses: [
            { operation: 'GET /users/{id}', line: 8 },
            {
              operation: 'createUser',
              params: ['limit'],
              request: ['name', 'email', 'address.city'],
              response: ['id', 'name', 'items[].sku'],
              line: 9,
            },
          ],
        },
        { consumer: 'checkout-web', provider: 'orders-service', uses: '*' },
      ],
    });
  });

  it.each([
    { name: 'upper-cases the method and keeps the path as written', entry: '- get /users/{userId}', usage: { operation: 'GET /users/{userId}' } },
    { name: 'trims and tidies spacing', entry: '- "  Patch   /a/{b}.json "', usage: { operation: 'PATCH /a/{b}.json' } },
    { name: 'keeps an operationId', entry: '- listUsers_v2', usage: { operation: 'listUsers_v2' } },
    {
      name: 'reads block lists and [] field paths',
      entry: '- operation: POST /orders\n    request:\n      - lines[].sku\n      - tags[]\n    response: ["[].id", "matrix[][]"]',
      usage: { operation: 'POST /orders', request: ['lines[].sku', 'tags[]'], response: ['[].id', 'matrix[][]'] },
    },
    {
      name: 'keeps empty field lists (the consumer reads no field)',
      entry: '- operation: deleteUser\n    response: []',
      usage: { operation: 'deleteUser', response: [] },
    },
    {
      name: 'reads the statuses whose responses a use reads, as response keys, each once',
      entry: '- operation: getUser\n    statuses: [404, "409", 4xx, 404]\n    response: [message]',
      usage: { operation: 'getUser', statuses: ['404', '409', '4XX'], response: ['message'] },
    },
  ])('$name', ({ entry, usage }) => {
    const text = `service: web\nconsumes:\n  users-service:\n  ${entry}\n`;
    expect(parseManifest(text, FILE).declarations).toEqual([{ consumer: 'web', provider: 'users-service', uses: [{ ...usage, line: 4 }] }]);
  });

  it('takes one operation once per set of statuses: what a consumer reads of the 200 and of the 404 differs', () => {
    const text = withUses('- operation: GET /users/{id}', '  response: [id]', '- operation: GET /users/{userId}', '  statuses: [404]', '  response: [message]');
    expect(parseManifest(text, FILE).declarations[0]!.uses).toEqual([
      { operation: 'GET /users/{id}', response: ['id'], line: 4 },
      { operation: 'GET /users/{userId}', statuses: ['404'], response: ['message'], line: 6 },
    ]);
  });

  it('reads "*", an empty consumes and absent owners', () => {
    expect(parseManifest('service: web\nconsumes:\n  users-service: "*"\n', FILE).declarations).toEqual([
      { consumer: 'web', provider: 'users-service', uses: '*' },
    ]);
    expect(parseManifest('service: web\nconsumes:\n', FILE)).toEqual({ service: 'web', owners: [], declarations: [], file: FILE });
  });

  it('reads the host names a provider is reached at, lower-cased and each once', () => {
    const text = 'service: users-service\nhosts: [users.internal, Users.Example.com, users.internal]\n';
    expect(parseManifest(text, FILE).hosts).toEqual(['users.internal', 'users.example.com']);
    expect(parseManifest('service: users-service\nhosts: []\n', FILE)).not.toHaveProperty('hosts');
  });

  it('refuses hosts that are not host names, and more than 50 of them', () => {
    const bad = 'service: users-service\nhosts:\n  - users.internal\n  - https://users.internal\n  - users.internal:8080\n';
    expect(() => parseManifest(bad, FILE)).toThrow(
      [
        `${FILE}:4: hosts[1] must be a host name like "users.internal" (no scheme, port or path), got "https://users.internal"`,
        `${FILE}:5: hosts[2] must be a host name like "users.internal" (no scheme, port or path), got "users.internal:8080"`,
      ].join('\n'),
    );
    expect(() => parseManifest('service: users-service\nhosts: users.internal\n', FILE)).toThrow(
      'hosts must be a list of host names like [users.internal, users.example.com], got "users.internal"',
    );
    const many = Array.from({ length: 51 }, (_, i) => `h${i}.internal`).join(', ');
    expect(() => parseManifest(`service: users-service\nhosts: [${many}]\n`, FILE)).toThrow(`${FILE}:2: hosts lists 51 host names; at most 50 are kept`);
  });
});

describe('parseManifest: Backstage catalog-info.yaml', () => {
  const component = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout-web
  annotations:
    github.com/project-slug: acme/checkout-web
spec:
  type: website
  lifecycle: production
  owner: group:acme/checkout
  providesApis: [checkout-api]
  consumesApis:
    - api:default/users-service
    - api:orders-service
    - payments-service
    - api:users-service
`;

  it('reads a Component: consumed APIs count as "*", each keeping its API name, and the APIs it provides', () => {
    expect(parseManifest(component, 'catalog-info.yaml')).toEqual({
      service: 'checkout-web',
      owners: ['group:acme/checkout'],
      file: 'catalog-info.yaml',
      providersAreApiNames: true,
      providesApis: ['checkout-api'],
      declarations: ['users-service', 'orders-service', 'payments-service'].map((provider) => ({
        consumer: 'checkout-web',
        provider,
        uses: '*',
        api: provider,
      })),
    });
  });

  it('picks the Component among several entities', () => {
    const api = 'apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: checkout-api}\nspec: {owner: team-a}\n';
    expect(parseManifest(`${api}---\n${component}`, 'catalog-info.yaml').service).toBe('checkout-web');
    expect(parseManifest(api, 'catalog-info.yaml')).toMatchObject({ service: 'checkout-api', owners: ['team-a'], declarations: [] });
  });

  it.each([
    {
      name: 'a kind it cannot read',
      text: component.replace('kind: Component', 'kind: System'),
      lines: ['catalog-info.yaml:2: kind must be Component or API for Overseer to read a Backstage entity, got "System"'],
    },
    {
      name: 'no owner',
      text: component.replace('  owner: group:acme/checkout\n', ''),
      lines: ['catalog-info.yaml:7: spec.owner must be the owning user or group like "group:acme/checkout", got nothing'],
    },
    {
      name: 'a bad name',
      text: component.replace('name: checkout-web', 'name: Checkout_Web'),
      lines: ['catalog-info.yaml:4: metadata.name must be a kebab-case name like "checkout-web", got "Checkout_Web"'],
    },
    {
      name: 'bad API refs',
      text: component.replace('- api:orders-service', '- api:team-a/orders').replace('- payments-service', '- 42'),
      lines: [
        'catalog-info.yaml:14: spec.consumesApis[1] must name an API in the default namespace, in kebab-case like "api:users-api", got "api:team-a/orders"',
        'catalog-info.yaml:15: spec.consumesApis[2] must be an API entity ref like "api:users-api", got 42',
      ],
    },
    {
      name: 'two Components',
      text: `${component}---\n${component}`,
      lines: ['catalog-info.yaml:17: holds 2 Backstage Component entities; Overseer reads one service per file'],
    },
  ])('reports $name', ({ text, lines }) => {
    expect(errorOf(text, 'catalog-info.yaml').message).toBe(lines.join('\n'));
  });
});

describe('parseManifests', () => {
  const web = { file: 'consumers/web.yaml', text: 'service: web\nconsumes:\n  users-service: "*"\n' };

  it('reads each file in order', () => {
    const other = { file: 'consumers/app.yaml', text: 'owners: []\nservice: app\n' };
    expect(parseManifests([web, other]).map((m) => [m.service, m.file])).toEqual([
      ['web', 'consumers/web.yaml'],
      ['app', 'consumers/app.yaml'],
    ]);
  });

  it('reads two manifests of one service as two of its versions, each with its file', () => {
    const next = { file: 'staging/web.yaml', text: '# the version staging runs\nservice: web\n' };
    expect(parseManifests([web, next]).map((m) => [m.service, m.file])).toEqual([
      ['web', 'consumers/web.yaml'],
      ['web', 'staging/web.yaml'],
    ]);
  });

  it('reports the problems of every file together', () => {
    const broken = (file: string) => ({ file, text: 'service: web\nconsumes: 7\n' });
    const error = (() => {
      try {
        parseManifests([broken('a.yaml'), web, broken('b.yaml')]);
      } catch (e) {
        return e as ManifestError;
      }
    })();
    expect(error?.message.split('\n').map((line) => line.split(' ')[0])).toEqual(['a.yaml:2:', 'b.yaml:2:']);
    expect(error).toMatchObject({ code: 'ERR_MANIFEST_INVALID', file: 'a.yaml', line: 2 });
  });
});

describe('parseOperationRef', () => {
  it.each([
    ['createUser', { operationId: 'createUser' }],
    ['users.get-one_v2', { operationId: 'users.get-one_v2' }],
    ['get /users/{id}', { method: 'GET', path: '/users/{id}' }],
    [' Delete  /a/{b}/c ', { method: 'DELETE', path: '/a/{b}/c' }],
    ['TRACE /', { method: 'TRACE', path: '/' }],
    ['FETCH /users', undefined],
    ['GET users', undefined],
    ['GET /users?x=1', undefined],
    ['GET /users/{id', undefined],
    ['list users now', undefined],
    ['', undefined],
    ['*', undefined],
  ])('%j', (text, expected) => {
    expect(parseOperationRef(text)).toEqual(expected);
  });
});

describe('readYaml: lines', () => {
  const text = `# comment
a:
  b: |
    c: not a key
  d:
  - x
  - e: 1
    f:
      - - deep
  g: [1, 2]
---
h: 1
`;
  it.each([
    [['a'], 2],
    [['a', 'b'], 3],
    [['a', 'c'], 2],
    [['a', 'd', 0], 6],
    [['a', 'd', 1, 'f'], 8],
    [['a', 'd', 1, 'f', 0, 0], 9],
    [['a', 'g', 1], 10],
    [[], 2],
  ])('finds %j on line %i', (path, line) => {
    expect(readYaml(text).lines.lineOf(path)).toBe(line);
  });

  it('counts documents and finds duplicates', () => {
    const lines = readYaml(text).lines;
    expect(lines.lineOf(['h'], 1)).toBe(12);
    expect(readYaml('a: 1\nb: 2\na: 3\n').lines.duplicates).toEqual([{ doc: 0, path: ['a'], line: 3, firstLine: 1 }]);
  });
});

describe('property: valid manifests round-trip through yaml.dump', () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9]{0,6}(?:-[a-z0-9]{1,5}){0,2}$/);
  const segment = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,7}$/);
  const fieldPath = fc
    .array(fc.tuple(segment, fc.boolean()), { minLength: 1, maxLength: 3 })
    .map((parts) => parts.map(([s, array]) => (array ? `${s}[]` : s)).join('.'));
  const method = fc.tuple(fc.constantFrom('get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'), fc.boolean());
  const path = fc
    .array(fc.oneof(fc.stringMatching(/^[a-z0-9-]{1,8}$/), fc.stringMatching(/^\{[A-Za-z]{1,6}\}$/)), { maxLength: 4 })
    .map((parts) => `/${parts.join('/')}`);
  const operation = fc.oneof(
    fc.tuple(method, path).map(([[m, upper], p]) => `${upper ? m.toUpperCase() : m} ${p}`),
    fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,11}$/),
  );
  const lists = {
    params: fc.array(segment, { maxLength: 3 }),
    request: fc.array(fieldPath, { maxLength: 3 }),
    response: fc.array(fieldPath, { maxLength: 3 }),
  };
  const entry = fc.oneof(operation, fc.record({ operation, ...lists }, { requiredKeys: ['operation'] }));
  const identify = (e: string | { operation: string }) => {
    const op = typeof e === 'string' ? e : e.operation;
    return op.replace(/\{[^}]*\}/g, '{}').replace(/^\w+ /, (m) => m.toUpperCase());
  };
  const uses = fc.oneof(fc.constant('*' as const), fc.uniqueArray(entry, { minLength: 1, maxLength: 4, selector: identify }));
  const manifest = fc.record({
    service: name,
    owners: fc.array(
      segment.map((s) => `@acme/${s}`),
      { maxLength: 2 },
    ),
    consumes: fc.dictionary(name, uses, { maxKeys: 4 }),
  });

  it('gives the same declarations, each entry on its line', () => {
    fc.assert(
      fc.property(manifest, fc.constantFrom(-1, 1, 2, 3, 4), (m, flowLevel) => {
        const text = yaml.dump(m, { flowLevel });
        const parsed = parseManifest(text, 'overseer.yaml');
        const expected: Declaration[] = Object.entries(m.consumes).map(([provider, u]) => ({
          consumer: m.service,
          provider,
          uses: u === '*' ? '*' : u.map((e) => ({ ...(typeof e === 'string' ? {} : e), operation: normalise(e), line: expect.any(Number) })),
        }));
        expect(parsed).toEqual({ service: m.service, owners: m.owners, declarations: expected, file: 'overseer.yaml' });
        if (flowLevel !== -1) return;
        const lines = text.split('\n');
        for (const d of parsed.declarations) {
          if (d.uses === '*') continue;
          for (const u of d.uses) expect(lines[(u.line ?? 0) - 1]).toContain(u.operation.replace(/^\w+ /, ''));
        }
      }),
      { numRuns: 300 },
    );
  });

  function normalise(e: string | { operation: string }): string {
    const op = typeof e === 'string' ? e : e.operation;
    return op.replace(/^\w+ /, (m) => m.toUpperCase());
  }
});
