// The provider of the statuses tests: users answering GET /users/{id} with a 200 and a 404 whose body a consumer reads.
// The manifest and pact tests of the gate wrote it out alike; so did the usage listing and the dashboard page.

/** An object schema of string properties. */
export const object = (...names: string[]) => ({ type: 'object', properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])) });
export const json = (schema: object) => ({ content: { 'application/json': { schema } } });

/** users whose GET /users/{id} answers `responses`, and whose other `paths` (the listing's extra operations) are as given. */
export const usersContract = (responses: Record<string, object>, paths: Record<string, object> = {}) => ({
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: {
    '/users/{id}': {
      get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses },
    },
    ...paths,
  },
});
export const OK = { description: 'ok', ...json(object('id', 'email')) };
export const NOT_FOUND = { description: 'no such user', ...json(object('message', 'code')) };
/** The 404 kept, its `message` renamed `detail`: a break for whoever reads the message, for nobody else. */
export const NOT_FOUND_RENAMED = { description: 'no such user', ...json(object('detail', 'code')) };

/**
 * users as the usage listing and the service page show it: GET /users/{id} (`getUser`) answering its 200's `id` and its
 * 404's `message`, and PUT /users/{id} taking a `name`, with more `paths` as given.
 */
export const usersReadAndWritten = (paths: Record<string, object> = {}) => ({
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: {
    '/users/{id}': {
      get: {
        operationId: 'getUser',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok', ...json(object('id')) }, '404': { description: 'no such user', ...json(object('message')) } },
      },
      put: { requestBody: json(object('name')), responses: { '204': { description: 'saved' } } },
    },
    ...paths,
  },
});

type Reason = { code: string; consumer?: string; message: string };

/** What blocks `service` `version`, as [code, consumer, message]: the assertions read the three together. */
export function blockersOf(verdictOf: (service: string, version: string) => Promise<{ errors: Reason[] }>) {
  return async (service: string, version: string) => (await verdictOf(service, version)).errors.map((e) => [e.code, e.consumer, e.message] as const);
}
