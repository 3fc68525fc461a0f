// The registry two waiver tests share (gate-waiver-scope, dashboard-waived-for): people serves GET /users/{id} and
// GET /admins/{id} from one schema, profile-web reads nickname through the first and admin-console calls the second,
// and people 1.1.0 drops nickname with a waiver for GET /users/{id} only, so one consumer's break is waived and one's is not.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const read = (operationId: string) => ({
  operationId,
  parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
  responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Person' } } } } },
});

/** Two operations whose answers share one schema, Person, with `fields`. */
export const people = (fields: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'people', version: '1' },
  paths: { '/users/{id}': { get: read('getUser') }, '/admins/{id}': { get: read('getAdmin') } },
  components: { schemas: { Person: { type: 'object', properties: Object.fromEntries(fields.map((f) => [f, { type: 'string' }])) } } },
});

/** Accepts the removal through GET /users/{id} only: written to the session's folder as waivers.yaml. */
export const waiver = [
  '- rule: response-optional-property-removed',
  '  operation: GET /users/{id}',
  '  reason: profile-web no longer shows nicknames',
  '  expires: 2999-12-31',
  '',
].join('\n');

/** A registry for the test file, with production and the waiver file; `seed` publishes people 1.1.0 partly waived. */
export function useWaivedPeople(name: string) {
  const session = useRegistry({
    name,
    setup: [['environment', 'create', 'production']],
    before: async (s) => writeFile(join(s.dir, 'waivers.yaml'), waiver),
  });
  const steps = gateStepsOf(session);
  const { publish, deploy } = steps;
  async function seed(): Promise<void> {
    await publish('people', '1.0.0', { contract: people(['id', 'nickname']) });
    await deploy('people', '1.0.0');
    await publish('profile-web', '1.0.0', { consumes: '  people:\n    - operation: GET /users/{id}\n      response: [nickname]' });
    await deploy('profile-web', '1.0.0');
    await publish('admin-console', '1.0.0', { consumes: '  people:\n    - GET /admins/{id}' });
    await deploy('admin-console', '1.0.0');
    await publish('people', '1.1.0', { contract: people(['id']) }, '--waivers', join(session.dir, 'waivers.yaml'));
  }
  return { session, ...steps, seed };
}
