// Observed calls are counted in memory and written every OVERSEER_USAGE_FLUSH_MS: a registry stopped by SIGTERM (a
// deploy, `docker stop`, systemd) or SIGINT (Ctrl-C) must write what it holds before it exits, or calls the exporter
// was told were taken would never count at the gate. A real process, since the signal is what is tested.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { traceExport } from '../helpers/otlp.js';
import { assertBuilt, type RunningRegistry, startRegistry } from './cli-process.js';
import { runCliHere } from './in-process.js';

// An hour: nothing reaches the store on the timer during the test, only what the shutdown writes.
const ENV = { OVERSEER_USAGE_FLUSH_MS: '3600000' };
let dir: string;
let running: RunningRegistry | undefined;

beforeAll(() => assertBuilt());
afterEach(async () => {
  await running?.stop();
  running = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

const cli = (registry: RunningRegistry, ...args: string[]) => runCliHere(args, { env: { OVERSEER_URL: registry.url } });

async function postCall(registry: RunningRegistry): Promise<void> {
  const call = { consumer: 'billing-worker', environment: 'production', provider: 'users-service', method: 'POST', url: 'http://users.internal/users' };
  const answer = await fetch(`${registry.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(traceExport([call])),
  });
  expect(await answer.json()).toEqual({ partialSuccess: {} });
}

/** Stops the registry with `signal`, expecting a clean exit, and starts it again on the same file. */
async function restartAfter(registry: RunningRegistry, signal: NodeJS.Signals, db: string): Promise<RunningRegistry> {
  const exited = new Promise<number | null>((resolve) => registry.child.once('exit', resolve));
  registry.child.kill(signal);
  expect(await exited).toBe(0);
  running = await startRegistry(db, ENV);
  return running;
}

async function countsSeen(registry: RunningRegistry): Promise<unknown> {
  const r = await cli(registry, 'usage', '--service', 'users-service', '--as-provider', '--format', 'json');
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { uses: { consumer: string; operation: string; observed: unknown }[] }).uses.map((u) => [
    u.consumer,
    u.operation,
    u.observed,
  ]);
}

async function deployUsers(registry: RunningRegistry): Promise<void> {
  for (const args of [
    ['environment', 'create', 'production'],
    ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0'],
    ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'],
  ]) {
    const r = await cli(registry, ...args);
    expect(r.code, r.stderr).toBe(0);
  }
}

describe('calls held in memory when the registry is stopped', () => {
  it('are written on SIGTERM and on SIGINT, and count after the restart', async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-observe-shutdown-'));
    const db = join(dir, 'registry.db');
    running = await startRegistry(db, ENV);
    await deployUsers(running);
    await postCall(running);
    const afterTerm = await restartAfter(running, 'SIGTERM', db);
    expect(await countsSeen(afterTerm)).toEqual([['billing-worker', 'POST /users', { count: 1, lastSeen: expect.any(String) }]]);
    await postCall(afterTerm);
    const afterInt = await restartAfter(afterTerm, 'SIGINT', db);
    expect(await countsSeen(afterInt)).toEqual([['billing-worker', 'POST /users', { count: 2, lastSeen: expect.any(String) }]]);
  }, 180_000);

  it('are said lost when the store refuses their last write, and the registry still stops cleanly', async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-observe-shutdown-'));
    const db = join(dir, 'registry.db');
    const registry = await startRegistry(db, ENV);
    // Stopped by afterEach if a step below fails.
    running = registry;
    await deployUsers(registry);
    await postCall(registry);
    running = undefined;
    // Another process holds the write lock (a backup tool, a hand-run sqlite3): the store refuses every write.
    const other = new Database(db);
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(await registry.stop()).toBe(0);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const said = registry.output();
    expect(said).toContain('stopping: the store refused the last write of observed calls: 1 count(s) held in memory are lost');
    // Not the line of a running registry, which keeps them for the next flush: this one is gone.
    expect(said).not.toContain('written when the store takes them');
    running = await startRegistry(db, ENV);
    expect(await countsSeen(running)).toEqual([]);
  }, 180_000);
});
