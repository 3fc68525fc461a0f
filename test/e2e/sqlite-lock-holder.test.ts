// Another process holding the SQLite file's write lock (a backup tool, the sqlite3 shell) used to stop the whole
// registry: a write waited for it inside SQLite's busy handler, on the event loop, for up to five seconds. It now waits
// between turns of the loop: /healthz and reads answer meanwhile, and the write goes through once the lock is released.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT, type RunningRegistry, startRegistry } from './cli-process.js';

let dir: string;
let registry: RunningRegistry;

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-lock-holder-'));
  registry = await startRegistry(join(dir, 'registry.db'));
});
afterAll(async () => {
  await registry?.stop();
  await rm(dir, { recursive: true, force: true });
});

// A second process: takes the write lock, says so, and holds it until a line arrives on its standard input.
const HOLDER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\\n');
process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });
`;

async function holdWriteLock(file: string): Promise<{ release: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-e', HOLDER, file], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    void exited.then((code) => reject(new Error(`the lock holder exited with ${code}`)));
  });
  expect(first).toBe('locked');
  return {
    release: async () => {
      child.stdin!.write('done\n');
      expect(await exited).toBe(0);
    },
  };
}

async function send(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(new URL(path, registry.url), {
    method,
    ...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: response.status, text: await response.text() };
}

it('answers /healthz and reads while another process holds the write lock, and takes the waiting write once it is released', async () => {
  expect((await send('PUT', '/v1/services/users-service', { owners: ['@acme/users'] })).status).toBe(201);
  const holder = await holdWriteLock(join(dir, 'registry.db'));
  let settled = false;
  const write = send('PUT', '/v1/services/orders-service', { owners: ['@acme/orders'] }).finally(() => {
    settled = true;
  });
  // Each answer below comes while the write still waits for the lock: before, the first of them waited for the write
  // to give up (503 ERR_STORE_BUSY after five seconds), with every other request.
  for (let n = 0; n < 3; n++) {
    const health = await send('GET', '/healthz');
    expect(health.status).toBe(200);
    const read = await send('GET', '/v1/services/users-service');
    expect(read.status).toBe(200);
    expect(JSON.parse(read.text)).toMatchObject({ name: 'users-service', owners: ['@acme/users'] });
    expect(settled, 'the write was answered before the lock was released').toBe(false);
  }
  await holder.release();
  const written = await write;
  expect(written.status, written.text).toBe(201);
  expect(JSON.parse((await send('GET', '/v1/services/orders-service')).text)).toMatchObject({ name: 'orders-service', owners: ['@acme/orders'] });
});
