// Small contracts and manifests for route tests: users-service and its consumers.

export const USERS_V1 = `openapi: 3.0.3
info: { title: users-service, version: 1.0.0 }
paths:
  /users/{id}:
    get:
      operationId: getUser
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: a user
          content:
            application/json:
              schema: { $ref: '#/components/schemas/User' }
  /users:
    post:
      operationId: createUser
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties: { name: { type: string }, email: { type: string } }
      responses:
        '201': { description: created }
components:
  schemas:
    User:
      type: object
      required: [id, name]
      properties:
        id: { type: string }
        name: { type: string }
        email: { type: string }
`;

/** USERS_V1 with the optional response field `email` removed: breaks whoever reads it. */
export const USERS_V2_BREAKING = USERS_V1.replace('        email: { type: string }\n', '');

/** USERS_V1 plus an optional response field: safe for everyone. */
export const USERS_V1_1_SAFE = USERS_V1.replace('        email: { type: string }\n', '        email: { type: string }\n        phone: { type: string }\n');

/** The same document as USERS_V1, written as JSON with other key order: the same canonical hash. */
export function usersV1AsJson(): string {
  return JSON.stringify({
    paths: {
      '/users': {
        post: {
          responses: { '201': { description: 'created' } },
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, email: { type: 'string' } } } },
            },
          },
          operationId: 'createUser',
        },
      },
      '/users/{id}': {
        get: {
          operationId: 'getUser',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'a user', content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } } } },
        },
      },
    },
    info: { title: 'users-service', version: '1.0.0' },
    openapi: '3.0.3',
    components: {
      schemas: {
        User: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' } } },
      },
    },
  });
}

export const CHECKOUT_MANIFEST = `service: checkout-web
owners: ["@acme/checkout"]
consumes:
  users-service:
    - operation: getUser
      response: [id, name, email]
`;

export const BILLING_MANIFEST = `service: billing-worker
owners: ["@acme/billing"]
consumes:
  users-service:
    - GET /users/{id}
`;

/** A consumer that needs an operation users-service does not offer. */
export const REPORTS_MANIFEST = `service: reports-job
owners: ["@acme/reports"]
consumes:
  users-service:
    - GET /users/{id}/invoices
`;

export const BROKEN_YAML = `openapi: 3.0.3
info:
  title: broken
  version: 1
paths:
  /a: [unclosed
`;
