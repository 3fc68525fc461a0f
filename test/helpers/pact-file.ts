// A Pact v2 file's text of GET interactions, as a consumer's test run writes one, and the provider the CLI's pact
// tests read it against.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export function pactFile(consumer: string, provider: string, interactions: { description: string; path: string; body?: object }[]): string {
  return JSON.stringify({
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: interactions.map((i) => ({
      description: i.description,
      request: { method: 'GET', path: i.path },
      response: { status: 200, body: i.body ?? {} },
    })),
    metadata: { pactSpecification: { version: '2.0.0' } },
  });
}

/** users-service as the pact tests' provider: GET /users/{id} (getUser) answering `id` and `email`. */
const USERS_CONTRACT = {
  openapi: '3.0.3',
  info: { title: 'users', version: '1.0.0' },
  paths: {
    '/users/{id}': {
      get: {
        operationId: 'getUser',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' }, email: { type: 'string' } } } } },
          },
        },
      },
    },
  },
};

/** Writes users-service's contract and manifest under `dir/users`; USERS_IN_PRODUCTION publishes and deploys them. */
export async function writeUsersService(dir: string): Promise<void> {
  await mkdir(join(dir, 'users'));
  await writeFile(join(dir, 'users/openapi.json'), JSON.stringify(USERS_CONTRACT));
  await writeFile(join(dir, 'users/overseer.yaml'), 'service: users-service\nowners: ["@acme/identity"]\nprovides: ./openapi.json\n');
}

export const USERS_IN_PRODUCTION: string[][] = [
  ['publish', '--manifest', 'users/overseer.yaml', '--version', '1.0.0'],
  ['environment', 'create', 'production'],
  ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'],
];
