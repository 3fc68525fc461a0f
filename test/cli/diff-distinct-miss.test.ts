// A use the revision does not offer is folded into the change that breaks the same consumer when that change states it
// (a removed `address` is the loss of `address.city`). The fold matched the change's last property anywhere along the
// missed field: a removed `address.city` hid `billing.city`, a field never returned, so the report named one loss of
// two, and a waiver of the first left `diff --consumers` (and the Action) saying yes where the gate refuses.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

const object = (properties: string[]) => ({ type: 'object', properties: Object.fromEntries(properties.map((p) => [p, { type: 'string' }])) });
const users = (address: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'users', version: '1.0.0' },
  paths: {
    '/users/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'object', properties: { address: object(address), billing: object(['street']) } } } },
          },
        },
      },
    },
  },
});

const manifest = 'service: web\nowners: ["@acme/web"]\nconsumes:\n  users:\n    - operation: GET /users/{id}\n      response: [address.city, billing.city]\n';
const waiver =
  '- rule: response-optional-property-removed\n  operation: GET /users/{id}\n  consumer: web\n  field: address.city\n  reason: web stops showing the city\n  expires: 2999-01-01\n';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-distinct-miss-'));
  await writeFile(join(dir, 'base.json'), JSON.stringify(users(['city'])));
  await writeFile(join(dir, 'revision.json'), JSON.stringify(users(['zip'])));
  await writeFile(join(dir, 'web.yaml'), manifest);
  await writeFile(join(dir, 'waivers.yaml'), waiver);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const diff = (...more: string[]) => runCliHere(['diff', 'base.json', 'revision.json', '--service', 'users', '--consumers', 'web.yaml', ...more], { cwd: dir });

describe('diff --consumers on a removed field and another, never returned, ending in the same name', () => {
  it('names both losses', async () => {
    const text = await diff();
    expect(text.code, text.stderr).toBe(1);
    expect(text.stdout).toContain('GET /users/{id}: response property `address.city` was removed');
    expect(text.stdout).toContain('does not return `billing.city`, which web reads (field-missing; declared at web.yaml:5');
    expect(text.stdout).toContain('2 blocking -> blocked');
  });

  it('still blocks on the field never returned when the removal is waived', async () => {
    const json = await diff('--waivers', 'waivers.yaml', '--format', 'json');
    expect(json.code, json.stdout).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.summary.blocking).toBe(1);
    expect(report.unmet.map((u: { code: string; field: string }) => [u.code, u.field])).toEqual([['field-missing', 'billing.city']]);
    expect(report.changes.filter((c: { waived?: unknown }) => c.waived).map((c: { id: string }) => c.id)).toEqual(['response-optional-property-removed']);
  });
});
