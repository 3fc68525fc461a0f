// The waiver field-path tests' setup, written once: users whose GET /users and GET /users/{id} share one User schema, a
// waiver of a type change to one field of GET /users/{id}, and `diff --consumers --waivers` run offline as the Action runs it.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RegistrySession } from './registry-session.js';

/** A 200 answering JSON of `schema`. */
const okJson = (schema: object) => ({ '200': { description: 'ok', content: { 'application/json': { schema } } } });

/** users whose GET /users answers `list` and GET /users/{id} one `User`, the schemas being `schemas` (User among them). */
export const usersSharingUser = (list: object, schemas: Record<string, object>) => ({
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: {
    '/users': { get: { responses: okJson(list) } },
    '/users/{id}': {
      get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: okJson({ $ref: '#/components/schemas/User' }) },
    },
  },
  components: { schemas },
});

/** A waivers file accepting response-property-type-changed on GET /users/{id} for `field`, as web's owners agreed. */
export const typeChangeWaiver = (field: string) =>
  [
    '- rule: response-property-type-changed',
    '  operation: GET /users/{id}',
    `  field: ${field}`,
    '  reason: agreed with web',
    '  expires: 2999-12-31',
    '',
  ].join('\n');

/**
 * `overseer diff base revision --service users --consumers web.yaml --waivers FILE`, offline: both contracts and web's
 * manifest (its `consumes:` being `webUses`) written into the session's folder once, the waivers file (in that folder) per call.
 */
export async function offlineDiff(session: RegistrySession, base: object, revision: object, webUses: string) {
  const at = (file: string) => join(session.dir, file);
  await writeFile(at('base.json'), JSON.stringify(base));
  await writeFile(at('revision.json'), JSON.stringify(revision));
  await writeFile(at('web.yaml'), `service: web\nowners: ["@acme/web"]\nconsumes:\n${webUses}\n`);
  return (waivers: string) =>
    session.cli('diff', at('base.json'), at('revision.json'), '--service', 'users', '--consumers', at('web.yaml'), '--waivers', at(waivers));
}
