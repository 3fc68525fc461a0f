// The users service of the consumer-field hunts: one GET /users/{id} whose closed object returns the fields a version keeps.
// doors-fold-alike and diff-consumer-versions each wrote it out; a version is now the fields it returns.

import { join } from 'node:path';
import type { RegistrySession } from './registry-session.js';

/** A JSON schema for a string, the type of most fields these contracts return. */
export const text = { type: 'string' };

/** users `version`: GET /users/{id} answers 200 with an object of `properties` and no other. */
export function usersReturning(version: string, properties: Record<string, object>) {
  return {
    openapi: '3.0.3',
    info: { title: 'users', version },
    paths: {
      '/users/{id}': {
        get: {
          parameters: [{ name: 'id', in: 'path', required: true, schema: text }],
          responses: {
            '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', additionalProperties: false, properties } } } },
          },
        },
      },
    },
  };
}

/** `overseer diff` of users 1.0.0 -> 2.0.0 as the e2e files publish them into `session.dir`, offline, with `rest` after. */
export function diffUsers(session: RegistrySession, ...rest: string[]) {
  const contract = (version: string) => join(session.dir, `users-${version}`, 'openapi.json');
  return session.cli('diff', contract('1.0.0'), contract('2.0.0'), '--service', 'users', ...rest);
}
