// A shared schema loses a field two operations return (`User.email`, under GET /users and GET /users/{userId}): the
// refusal must name each consumer's own ground (declared, seen in traces, or both) and the field as its operation has it.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useObserveSession } from './observe-session.js';

const session = useObserveSession('overseer-gate-basis-');
const { ok } = session;

const USER = 'User:\n      type: object\n      properties:\n        id: { type: string }\n        name: { type: string }\n';
const contract = (email: boolean) =>
  [
    'openapi: 3.0.3',
    'info: { title: users, version: 1.0.0 }',
    'servers:\n  - url: https://users.internal/api',
    'paths:',
    '  /users:\n    get:\n      operationId: listUsers',
    "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:",
    "              schema: { type: array, items: { $ref: '#/components/schemas/User' } }",
    '  /users/{userId}:\n    get:\n      operationId: getUser',
    '      parameters:\n        - { name: userId, in: path, required: true, schema: { type: string } }',
    "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:",
    "              schema: { $ref: '#/components/schemas/User' }",
    `components:\n  schemas:\n    ${USER}${email ? '        email: { type: string }\n' : ''}`,
  ].join('\n');

interface Reason {
  code: string;
  consumer?: string;
  basis?: string;
  lastSeen?: string;
  message: string;
  declaredAt?: { line: number };
  changes?: { operation?: string; target: { field?: string } }[];
}

beforeAll(async () => {
  const { dir } = session;
  await writeFile(join(dir, 'users.v1.yaml'), contract(true));
  await writeFile(join(dir, 'users.v2.yaml'), contract(false));
  await writeFile(join(dir, 'users.yaml'), 'service: users-service\nowners: ["@acme/users"]\nprovides: ./users.v1.yaml\n');
  const getUserEmail = '  users-service:\n    - operation: GET /users/{userId}\n      response: [id, email]\n';
  // web declares the single read and is seen listing users too; admin declares the single read alone.
  await writeFile(join(dir, 'web.yaml'), `service: web-app\nowners: ["@acme/web"]\nconsumes:\n${getUserEmail}`);
  await writeFile(join(dir, 'admin.yaml'), `service: admin-ui\nowners: ["@acme/admin"]\nconsumes:\n${getUserEmail}`);
  await ok('environment', 'create', 'production');
  for (const [manifest, service] of [
    ['users.yaml', 'users-service'],
    ['web.yaml', 'web-app'],
    ['admin.yaml', 'admin-ui'],
  ] as const) {
    await ok('publish', '--manifest', manifest, '--version', '1.0.0');
    await ok('record-deployment', '--service', service, '--version', '1.0.0', '--env', 'production');
  }
  await ok('publish', '--manifest', 'users.yaml', '--contract', 'users.v2.yaml', '--version', '2.0.0');
  await session.postCalls([
    { consumer: 'web-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users' },
  ]);
});

async function refusal(): Promise<Reason[]> {
  const r = await session.cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production', '--format', 'json');
  expect(r.code).toBe(1);
  return (JSON.parse(r.stdout) as { reasons: Reason[] }).reasons.filter((reason) => reason.code === 'breaks-consumer');
}

describe('a shared field removed under a declared read and an observed one', () => {
  it('reads as declared and observed both for the consumer that declared it and was seen calling the other', async () => {
    const web = (await refusal()).find((r) => r.consumer === 'web-app')!;
    expect(web.basis).toBe('both');
    expect(web.lastSeen).toEqual(expect.any(String));
    expect(web.declaredAt?.line).toBe(5);
    expect(web.message).toMatch(
      /\(declared: web-app declares GET \/users\/\{userId\}; observed: web-app calls GET \/users, last seen .*, without declaring it\)$/,
    );
  });

  it('names the field as the operation it is attributed to has it, for a consumer of that operation alone', async () => {
    const admin = (await refusal()).find((r) => r.consumer === 'admin-ui')!;
    expect(admin.basis).toBeUndefined();
    expect(admin.changes?.map((c) => [c.operation, c.target.field])).toEqual([['GET /users/{userId}', 'email']]);
    const text = await session.cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production');
    expect(text.stdout).toContain('would break admin-ui 1.0.0: GET /users/{userId}: ');
    expect(text.stdout).not.toMatch(/admin-ui[^\n]*\[\]\.email/);
  });
});
