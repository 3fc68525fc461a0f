// An `x-sunset` is a day, read in UTC wherever it was written. A date that no calendar has (`2027-02-30`) is no sunset:
// it was taken as one, so a deprecation of a used operation with it passed the gate that refuses an unreadable one. A
// time written with an offset was read as the day written before the offset: a sunset at 00:30 UTC tomorrow, written
// `...T12:30:00-12:00` today, was already past, so the removal of the operation passed `diff` as announced and migrations
// showed the wrong day. Against a real registry, through the CLI.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const ok = { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } } };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const invoices = (marks?: Record<string, unknown>) => ({
  openapi: '3.0.3',
  info: { title: 'invoices', version: '1' },
  paths: {
    '/invoices': { get: { responses: ok } },
    ...(marks && { '/invoices/{id}': { get: { parameters: [idParam], responses: ok, ...marks } } }),
  },
});

const DAY_MS = 24 * 60 * 60 * 1000;
const tomorrow = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS);
// 00:30 UTC tomorrow, written at an offset of -12:00: today's date, 12:30.
const local = new Date(tomorrow.getTime() + 30 * 60 * 1000 - 12 * 60 * 60 * 1000);
const writtenAtOffset = `${local.toISOString().slice(0, 19)}-12:00`;
const tomorrowDay = tomorrow.toISOString().slice(0, 10);

const session = useRegistry({ name: 'hunt-sunset-dates', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

describe('x-sunset read as a day in UTC, or not at all', () => {
  it('refuses a deprecation of a used operation whose sunset is a day no calendar has', async () => {
    await publish('invoices', '1.0.0', { contract: invoices({}) });
    await deploy('invoices', '1.0.0');
    await publish('billing', '1.0.0', { consumes: '  invoices:\n    - GET /invoices/{id}' });
    await deploy('billing', '1.0.0');

    await publish('invoices', '1.1.0', { contract: invoices({ deprecated: true, 'x-sunset': '2027-02-30' }) });
    const asked = await verdictOf('invoices', '1.1.0');
    expect(asked.code).toBe(1);
    expect(asked.errors.map((r) => r.code)).toEqual(['breaks-consumer']);
    expect(asked.errors[0].message).toContain('GET /invoices/{id} was deprecated with a sunset date that cannot be read: "2027-02-30"');
  });

  it('reads a sunset written with an offset as its day in UTC, in migrations and in the diff of its removal', async () => {
    expect(writtenAtOffset.slice(0, 10)).not.toBe(tomorrowDay);
    await publish('invoices', '1.2.0', { contract: invoices({ deprecated: true, 'x-sunset': writtenAtOffset }) });
    await deploy('invoices', '1.2.0');
    const listed = await session.cli('migrations', '--service', 'invoices', '--environment', 'production', '--format', 'json');
    expect(JSON.parse(listed.stdout).migrations).toEqual([
      expect.objectContaining({ operation: 'GET /invoices/{id}', sunset: tomorrowDay, users: ['billing'] }),
    ]);

    // Removed before the sunset has come: breaking, as any removal before its announced day.
    const base = join(session.dir, 'deprecated.json');
    const revision = join(session.dir, 'removed.json');
    await writeFile(base, JSON.stringify(invoices({ deprecated: true, 'x-sunset': writtenAtOffset })));
    await writeFile(revision, JSON.stringify(invoices()));
    const diffed = await session.cli('diff', base, revision);
    expect(diffed.stdout).toContain(`api-path-removed-before-sunset`);
    expect(diffed.stdout).toContain(`before its sunset date ${tomorrowDay}`);
    expect(diffed.code).toBe(1);
  });

  it('reads a sunset written on the path item, as the removal rule does, in migrations', async () => {
    const contract = invoices({ deprecated: true });
    const atPath = { ...contract, paths: { ...contract.paths, '/invoices/{id}': { ...contract.paths['/invoices/{id}'], 'x-sunset': '2099-03-01' } } };
    await publish('invoices', '1.3.0', { contract: atPath });
    await deploy('invoices', '1.3.0');
    const listed = await session.cli('migrations', '--service', 'invoices', '--environment', 'production', '--format', 'json');
    expect(JSON.parse(listed.stdout).migrations).toEqual([
      expect.objectContaining({ operation: 'GET /invoices/{id}', sunset: '2099-03-01', users: ['billing'] }),
    ]);
    // The removal is judged against the same day.
    const base = join(session.dir, 'at-path.json');
    await writeFile(base, JSON.stringify(atPath));
    const diffed = await session.cli('diff', base, join(session.dir, 'removed.json'));
    expect(diffed.stdout).toContain('before its sunset date 2099-03-01');
  });
});
