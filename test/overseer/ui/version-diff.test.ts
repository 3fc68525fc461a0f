// The dashboard's diff between two published versions of a service.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../../../cli/main.js';
import { parseContract } from '../../../contracts/load/load.js';
import { parseManifests } from '../../../contracts/usage/manifest.js';
import type { ConsumerUse } from '../../../overseer/store/store.js';
import { diffVersions, findBrokenConsumers } from '../../../overseer/ui/version-diff.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/consumers');
const CONSUMERS = ['audit-service', 'billing-worker', 'checkout-web'];

async function runCliDiff(): Promise<{ code: number; out: { changes: Record<string, unknown>[]; summary: Record<string, number> } }> {
  let stdout = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: () => {}, env: {}, cwd: fixtures, isTTY: false };
  const code = await run(
    ['diff', 'users.base.yaml', 'users.rev.yaml', '--service', 'users-service', '--consumers', 'consumers/*.yaml', '--format', 'json'],
    io,
  );
  return { code, out: JSON.parse(stdout) };
}

async function readConsumers(): Promise<ConsumerUse[]> {
  const files = await Promise.all(
    CONSUMERS.map(async (c) => ({ file: `${c}.yaml`, text: await readFile(path.join(fixtures, 'consumers', `${c}.yaml`), 'utf8') })),
  );
  return parseManifests(files).flatMap((m) => m.declarations.map((declaration) => ({ consumer: m.service, version: '1.0.0', declaration })));
}

describe('the diff between two published versions', () => {
  it('finds the same changes, levels, locations and broken consumers as `overseer diff --consumers`', async () => {
    const [cli, base, revision, consumers] = await Promise.all([
      runCliDiff(),
      readFile(path.join(fixtures, 'users.base.yaml'), 'utf8').then((t) => parseContract(t, 'users.base.yaml')),
      readFile(path.join(fixtures, 'users.rev.yaml'), 'utf8').then((t) => parseContract(t, 'users.rev.yaml')),
      readConsumers(),
    ]);
    const report = diffVersions({ service: 'users-service', from: { version: '1', contract: base }, to: { version: '2', contract: revision }, consumers });
    const pick = (change: object) => {
      const c = change as Record<string, unknown>;
      return { id: c.id, level: c.level, operation: c.operation, location: c.location, line: c.line, message: c.message, consumers: c.consumers };
    };
    expect(report.changes.length).toBeGreaterThan(3);
    expect(report.changes.map(pick)).toEqual(cli.out.changes.map(pick));
    expect(report.summary).toEqual(cli.out.summary);
    expect(cli.code).toBe(report.summary.blocking > 0 ? 1 : 0);
    expect(findBrokenConsumers(report)).toEqual([...new Set(cli.out.changes.flatMap((c) => (c.consumers as string[]) ?? []))].sort());
  });

  it('judges only declarations of this provider, and never the provider itself', async () => {
    const base = await parseContract(
      'openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a:\n    get:\n      responses: {"200": {description: ok}}\n',
      'a',
    );
    const revision = await parseContract('openapi: 3.0.3\ninfo: {title: t, version: 1.0.1}\npaths: {}\n', 'b');
    const consumers: ConsumerUse[] = [
      { consumer: 'web', version: '1', declaration: { consumer: 'web', provider: 'api', uses: '*' } },
      { consumer: 'web', version: '1', declaration: { consumer: 'web', provider: 'other', uses: '*' } },
      { consumer: 'api', version: '1', declaration: { consumer: 'api', provider: 'api', uses: '*' } },
    ];
    const report = diffVersions({ service: 'api', from: { version: '1.0.0', contract: base }, to: { version: '1.0.1', contract: revision }, consumers });
    expect(findBrokenConsumers(report)).toEqual(['web']);
    expect(report.versionBump).toMatchObject({ given: 'patch', needed: 'major' });
  });
});
