// A removal waived once: users-service 2.0.0 drops `email`, which web reads, under a waiver published with it. The next
// version, checked against the branch it was merged to (whose latest, 2.0.0, no longer has the field), was refused for
// web's `field-missing`, "already unmet", and told only to write "a field-missing waiver", while the waivers file already
// held the owners' agreement to that loss. The removal's waiver now covers it; a use no waiver covers says what to write.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const user = (fields: string[]) => ({
  type: 'object',
  properties: Object.fromEntries(fields.map((f) => [f, { type: 'string' }])),
});
const contract = (fields: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: {
    '/users/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: user(fields) } } } },
      },
    },
  },
});
const WAIVER = (consumer: string) =>
  `- rule: response-optional-property-removed\n  operation: GET /users/{id}\n  consumer: ${consumer}\n  field: email\n  reason: ${consumer} stops showing the e-mail\n  expires: "2099-12-31"\n`;

const session = useRegistry({ name: 'gate-waiver-after-removal', setup: [['environment', 'create', 'production']] });
const { publish } = gateStepsOf(session);

async function checkCandidate(waivers: string): Promise<{ code: number | null; stdout: string }> {
  const folder = join(session.dir, 'candidate');
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'openapi.json'), JSON.stringify(contract(['id', 'name'])));
  await writeFile(join(folder, 'overseer.yaml'), 'service: users-service\nowners: ["@acme/users"]\nprovides: ./openapi.json\n');
  await writeFile(join(folder, 'waivers.yaml'), waivers);
  return session.cli('check', '--manifest', join(folder, 'overseer.yaml'), '--branch', 'main', '--waivers', join(folder, 'waivers.yaml'));
}

describe('a removal waived once, checked again on the branch it was merged to', () => {
  it("is not refused again for the consumer's miss of the same field; an uncovered miss names the waiver to write", async () => {
    await publish('users-service', '1.0.0', { contract: contract(['id', 'name', 'email']) }, '--branch', 'main');
    await publish('web', '1.0.0', { consumes: '  users-service:\n    - operation: GET /users/{id}\n      response: [email]' }, '--branch', 'main');
    const waivers = join(session.dir, 'waivers.yaml');
    await writeFile(waivers, WAIVER('web'));
    await publish('users-service', '2.0.0', { contract: contract(['id', 'name']) }, '--branch', 'main', '--waivers', waivers);

    const waived = await checkCandidate(WAIVER('web'));
    expect(waived.code, waived.stdout).toBe(0);
    expect(waived.stdout).toContain('DEPLOYABLE: users-service candidate against the latest versions on branch main (1 change waived)');
    expect(waived.stdout).toMatch(
      /~ waived for web 1\.0\.0: GET \/users\/\{id\}: .*already unmet by the latest published version 2\.0\.0 \[field-missing\], waived: web stops showing the e-mail/,
    );
    expect(waived.stdout).not.toContain('waiver-unused');
    // Offline, as the Action judges a pull request: the same waivers file accepts the same miss, and the text says so.
    const offline = (...format: string[]) =>
      session.cli(
        'diff',
        join(session.dir, 'users-service-2.0.0', 'openapi.json'),
        join(session.dir, 'candidate', 'openapi.json'),
        '--service',
        'users-service',
        '--consumers',
        join(session.dir, 'web-1.0.0', 'overseer.yaml'),
        '--waivers',
        join(session.dir, 'candidate', 'waivers.yaml'),
        ...format,
      );
    const json = await offline('--format', 'json');
    expect(json.code, json.stdout).toBe(0);
    expect(JSON.parse(json.stdout).unmet).toEqual([
      expect.objectContaining({
        code: 'field-missing',
        consumer: 'web',
        field: 'email',
        blocking: false,
        waived: expect.objectContaining({ reason: 'web stops showing the e-mail' }),
      }),
    ]);
    const text = await offline();
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      'What blocks, by consumer\n  Nothing: 1 use of web the revision does not offer is waived.\n  ~ waived for web: GET /users/{id}: GET /users/{id} of users-service does not return `email`, which web reads (field-missing), waived until 2099-12-31 24:00 UTC: web stops showing the e-mail\n',
    );

    // A waiver for another consumer covers nothing of web's: the refusal spells out the entry that would.
    const other = await checkCandidate(WAIVER('mobile'));
    expect(other.code).toBe(1);
    expect(other.stdout).toContain(
      'meanwhile a waiver {rule: field-missing, operation: GET /users/{id}, consumer: web, field: email}, with a reason and expires, lets users-service deploy)',
    );
  });
});
