// Every problem a manifest can have, reported with its file and line, and the bounds that refuse one before it is expanded.
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../contracts/usage/manifest.js';
import { errorOf, FILE } from './manifest-error.js';

const OPERATION_HELP = 'must be an operationId like "createUser" or "METHOD /path" like "GET /users/{id}"';
const withEntries = (...entries: string[]): string => `service: web\nconsumes:\n  users-service:\n${entries.map((e) => `    ${e}\n`).join('')}`;

describe('parseManifest: every problem, with its file and line', () => {
  it.each([
    {
      name: 'not YAML',
      text: 'service: web\nconsumes:\n  users-service: [a,\n',
      line: 4,
      message: 'not valid YAML: unexpected end of the stream within a flow collection',
    },
    {
      name: 'unquoted [] inside braces',
      text: 'service: web\nconsumes:\n  a: [{operation: x, response: [items[].id]}]\n',
      line: 3,
      message: 'not valid YAML: missed comma between flow collection entries (inside [...] or {...}, quote field paths that use []: "items[].sku")',
    },
    { name: 'an empty file', text: '# nothing yet\n', line: 1, message: 'the manifest is empty: it needs at least "service: <name>"' },
    {
      name: 'a list, not a mapping',
      text: '- service: web\n',
      line: 1,
      message: 'the manifest must be a mapping that starts with "service:" (or a Backstage entity), got a list',
    },
    { name: 'two documents', text: 'service: web\n---\nservice: api\n', line: 2, message: 'holds 2 YAML documents; a manifest is one document' },
    { name: 'no service', text: 'owners: []\n', line: 1, message: 'service is missing: name this service in kebab-case, like "checkout-web"' },
    {
      name: 'a service not in kebab-case',
      text: 'owners: []\nservice: CheckoutWeb\n',
      line: 2,
      message:
        'service must be a kebab-case name like "checkout-web", got "CheckoutWeb": write "checkout-web", the service traces and Pact files naming it so are read as',
    },
    {
      name: 'owners as one string',
      text: 'service: web\nowners: "@acme/web"\n',
      line: 2,
      message: 'owners must be a list of strings like ["@acme/checkout"], got "@acme/web"',
    },
    {
      name: 'an owner that is not a string',
      text: 'service: web\nowners:\n  - "@acme/web"\n  - 42\n',
      line: 4,
      message: 'owners[1] must be a GitHub user or team like "@acme/checkout", got 42',
    },
    { name: 'slack not a string', text: 'service: web\nslack: 42\n', line: 2, message: 'slack must be a non-empty string, got 42' },
    {
      name: 'an unknown top-level key',
      text: 'service: web\nconsume:\n  a: "*"\n',
      line: 2,
      message: 'consume is not a known key: did you mean "consumes"? Use service, owners, slack, slack_mention, repository, provides, hosts or consumes',
    },
    {
      name: 'consumes as a list',
      text: 'service: web\nconsumes:\n  - users-service\n',
      line: 2,
      message: 'consumes must be a mapping from provider names to what this service uses, got a list',
    },
    {
      name: 'a provider not in kebab-case',
      text: 'service: web\nconsumes:\n  Users_Service: "*"\n',
      line: 3,
      message: 'consumes.Users_Service is not a provider name: name it as its service is named, in kebab-case like "users-service"',
    },
    {
      name: 'a provider in camel case',
      text: 'service: web\nconsumes:\n  UsersService: "*"\n',
      line: 3,
      message: 'consumes.UsersService is not a provider name: write "users-service", the service traces and Pact files naming it so are read as',
    },
    {
      name: 'a provider named twice',
      text: 'service: web\nconsumes:\n  users-service: "*"\n  orders: "*"\n  users-service:\n    - getUser\n',
      line: 5,
      message: 'consumes.users-service appears twice (first on line 3): list each provider once, with all the operations it uses',
    },
    {
      name: 'a provider value that is neither "*" nor a list',
      text: 'service: web\nconsumes:\n  users-service: all\n',
      line: 3,
      message: 'consumes.users-service must be "*" or a list of operations, got "all"',
    },
    {
      name: 'a provider with nothing',
      text: 'service: web\nconsumes:\n  users-service:\n',
      line: 3,
      message: 'consumes.users-service is empty: list the operations it uses, or write "*" for all',
    },
    {
      name: 'a provider with an empty list',
      text: 'service: web\nconsumes:\n  users-service: []\n',
      line: 3,
      message: 'consumes.users-service is an empty list: list the operations it uses, or write "*" for all',
    },
    {
      name: 'an entry that is a number',
      text: withEntries('- getUser', '- 42'),
      line: 5,
      message: `consumes.users-service[1] ${OPERATION_HELP}, or a mapping with "operation:", got 42`,
    },
    {
      name: 'an entry without operation',
      text: withEntries('- params: [limit]'),
      line: 4,
      message: `consumes.users-service[0] has no "operation:" key: name an operationId like "createUser" or "METHOD /path" like "GET /users/{id}"`,
    },
    {
      name: 'a misspelt entry key',
      text: withEntries('- operation: getUser', '  respone: [id]'),
      line: 5,
      message:
        'consumes.users-service[0].respone is not a known key: did you mean "response"? Use operation, params, request, response, request_media_types, response_media_types or statuses',
    },
    {
      name: 'a media type without its subtype',
      text: withEntries('- operation: getUser', '  response_media_types: [json]'),
      line: 5,
      message: 'consumes.users-service[0].response_media_types[0] must be a media type like "application/json" (or a range like "application/*"), got "json"',
    },
    {
      name: 'an unknown method',
      text: withEntries('- FETCH /users'),
      line: 4,
      message: `consumes.users-service[0] ${OPERATION_HELP}, got "FETCH /users" ("FETCH" is not an HTTP method; use GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH or TRACE)`,
    },
    {
      name: 'a path without /',
      text: withEntries('- getUser', '- operation: get users/{id}'),
      line: 5,
      message: `consumes.users-service[1].operation ${OPERATION_HELP}, got "get users/{id}" (the path must start with "/")`,
    },
    {
      name: 'a query string',
      text: withEntries('- GET /users?limit=1'),
      line: 4,
      message: `consumes.users-service[0] ${OPERATION_HELP}, got "GET /users?limit=1" (leave the query string out of the path; list query parameters under params)`,
    },
    {
      name: 'an unclosed path parameter',
      text: withEntries('- GET /users/{id'),
      line: 4,
      message: `consumes.users-service[0] ${OPERATION_HELP}, got "GET /users/{id" (each path parameter must be written {name})`,
    },
    {
      name: 'too many words',
      text: withEntries('- get the user'),
      line: 4,
      message: `consumes.users-service[0] ${OPERATION_HELP}, got "get the user" (write one method and one path, like "GET /users/{id}")`,
    },
    {
      name: 'a path without a method',
      text: withEntries('- /users/{id}'),
      line: 4,
      message: `consumes.users-service[0] ${OPERATION_HELP}, got "/users/{id}" (add the HTTP method, like "GET /users/{id}")`,
    },
    {
      name: '"*" as an entry',
      text: withEntries('- "*"'),
      line: 4,
      message: `consumes.users-service[0] ${OPERATION_HELP}, got "*" (to use every operation, write "*" as the provider's whole value)`,
    },
    {
      name: 'an operationId with odd characters',
      text: withEntries('- create$user'),
      line: 4,
      message: `consumes.users-service[0] ${OPERATION_HELP}, got "create$user" (an operationId is letters, digits, "_", "." and "-")`,
    },
    {
      name: 'an operation that is not a string',
      text: withEntries('- operation: [getUser]'),
      line: 4,
      message: `consumes.users-service[0].operation ${OPERATION_HELP}, got a list`,
    },
    {
      name: 'the same operation twice',
      text: withEntries('- GET /users/{id}', '- operation: get /users/{userId}', '  response: [id]'),
      line: 5,
      message:
        'consumes.users-service[1] repeats "GET /users/{userId}" (first on line 4): merge the two entries, or give each the statuses whose responses it reads (statuses: [404])',
    },
    {
      name: 'the same operation twice with the same statuses',
      text: withEntries('- operation: getUser', '  statuses: [404]', '- operation: getUser', '  statuses: ["404"]'),
      line: 6,
      message:
        'consumes.users-service[1] repeats "getUser" with the same statuses (first on line 4): merge the two entries, or give each the statuses whose responses it reads (statuses: [404])',
    },
    {
      name: 'a status that is no status',
      text: withEntries('- operation: getUser', '  statuses: [404, 4xx, 600]'),
      line: 5,
      message: 'consumes.users-service[0].statuses[2] must be a response status like 404, or a class like 4XX, got 600',
    },
    {
      name: 'default as a status',
      text: withEntries('- operation: getUser', '  statuses: [default]'),
      line: 5,
      message:
        'consumes.users-service[0].statuses[0] must be a response status like 404, or a class like 4XX, got "default" (a contract\'s "default" response answers the statuses it does not list: name those the consumer reads)',
    },
    {
      name: 'statuses as one status',
      text: withEntries('- operation: getUser', '  statuses: 404'),
      line: 5,
      message:
        'consumes.users-service[0].statuses must be a list of statuses like [200, 404], got 404: list the statuses whose responses it reads, or leave it out for the success ones',
    },
    {
      name: 'no statuses',
      text: withEntries('- operation: getUser', '  statuses: []'),
      line: 5,
      message: 'consumes.users-service[0].statuses is an empty list: list the statuses whose responses it reads, or leave it out for the success ones',
    },
    {
      name: 'params as one string',
      text: withEntries('- operation: listUsers', '  params: limit'),
      line: 5,
      message: 'consumes.users-service[0].params must be a list of parameter names like [limit], got "limit"',
    },
    {
      name: 'a number as a field path',
      text: withEntries('- getUser', '- operation: listUsers', '  response:', '    - id', '    - 42'),
      line: 8,
      message: 'consumes.users-service[1].response[1] must be a field path like "items[].sku", got 42',
    },
    {
      name: 'an empty path segment',
      text: withEntries('- operation: listUsers', '  request: [a..b]'),
      line: 5,
      message: 'consumes.users-service[0].request[0] must be a field path like "items[].sku", got "a..b"',
    },
    {
      name: 'text after []',
      text: withEntries('- operation: listUsers', '  response: ["items[]sku"]'),
      line: 5,
      message: 'consumes.users-service[0].response[0] must be a field path like "items[].sku", got "items[]sku"',
    },
    {
      name: 'a flow-style entry (reported on its parent line)',
      text: 'service: web\nconsumes:\n  users-service: [getUser, {operation: x, response: [7]}]\n',
      line: 3,
      message: 'consumes.users-service[1].response[0] must be a field path like "items[].sku", got 7',
    },
  ])('$name', ({ text, line, message }) => {
    const error = errorOf(text);
    expect(error.message).toBe(`${FILE}:${line}: ${message}`);
    const code = message.startsWith('not valid YAML') ? 'ERR_MANIFEST_YAML' : 'ERR_MANIFEST_INVALID';
    expect(error).toMatchObject({ file: FILE, line, code });
  });

  it('reports every problem at once, in line order', () => {
    const text = [
      'service: Web',
      'owners: "@acme/web"',
      'consumes:',
      '  users-service:',
      '    - FETCH /users',
      '    - operation: createUser',
      '      respone: [id]',
      '      request: [name, 42]',
      '  Orders: "*"',
    ].join('\n');
    const error = errorOf(text);
    expect(error.message.split('\n').map((line) => line.split(' ', 2).join(' '))).toEqual([
      `${FILE}:1: service`,
      `${FILE}:2: owners`,
      `${FILE}:5: consumes.users-service[0]`,
      `${FILE}:7: consumes.users-service[1].respone`,
      `${FILE}:8: consumes.users-service[1].request[1]`,
      `${FILE}:9: consumes.Orders`,
    ]);
    expect(error.problems).toHaveLength(6);
  });
});

describe('parseManifest: bounded before anything is expanded', () => {
  // The issue's 86 KB manifest: one list of 500 fields repeated under thousands of providers through aliases.
  const aliasBomb = (providers: number): string => {
    const fields = Array.from({ length: 500 }, (_, i) => `f${i}`).join(', ');
    const first = `  p0:\n    - operation: GET /x\n      response: &fields [${fields}]\n`;
    const rest = Array.from({ length: providers }, (_, i) => `  p${i + 1}:\n    - operation: GET /x\n      response: *fields\n`).join('');
    return `service: web\nconsumes:\n${first}${rest}`;
  };

  it('refuses a manifest whose aliases expand past the node limit, naming the limit', () => {
    const error = errorOf(aliasBomb(3000));
    expect(error.code).toBe('ERR_MANIFEST_TOO_LARGE');
    expect(error.message).toMatch(/limit maxExpandedNodes = 500000/);
  });

  it.each([
    { name: 'aliases', text: `service: web\nx: &a 1\ny: [${Array.from({ length: 1001 }, () => '*a').join(', ')}]\n`, limit: 'maxAliases' },
    { name: 'depth', text: `service: web\nx: ${'['.repeat(70)}${']'.repeat(70)}\n`, limit: 'maxDepth' },
  ])('refuses too many $name', ({ text, limit }) => {
    const error = errorOf(text);
    expect(error.code).toBe('ERR_MANIFEST_TOO_LARGE');
    expect(error.message).toContain(`limit ${limit}`);
  });

  it('still reads a manifest that reuses one list through an alias a few times', () => {
    const manifest = parseManifest(aliasBomb(3).replace(/p(\d)/g, 'provider-$1'), FILE);
    expect(manifest.declarations).toHaveLength(4);
  });
});
