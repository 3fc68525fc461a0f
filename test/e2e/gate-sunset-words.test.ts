// Deprecation words the engine used to pass over in silence: an `x-sunset` that is no date (`next month`) on an
// operation a consumer calls, and the vendor spelling `x-deprecated: true`. The diff and the gate say so, naming the
// value and what would be read. Against a real registry, through the CLI.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const ok = { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } } };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const invoices = (marks: Record<string, unknown> = {}) => ({
  openapi: '3.0.3',
  info: { title: 'invoices', version: '1' },
  paths: { '/invoices/{id}': { get: { parameters: [idParam], responses: ok, ...marks } } },
});

const session = useRegistry({ name: 'gate-sunset-words', setup: [['environment', 'create', 'production']] });
const cli = (...args: string[]) => session.cli(...args);
const { publish, deploy, verdictOf } = gateSteps(cli, () => session.dir);

describe('deprecation words the engine cannot read', () => {
  it('refuses a deprecation of a used operation whose sunset is no date, naming the value and the forms read', async () => {
    await publish('invoices', '1.0.0', { contract: invoices() });
    await deploy('invoices', '1.0.0');
    await publish('billing', '1.0.0', { consumes: '  invoices:\n    - GET /invoices/{id}' });
    await deploy('billing', '1.0.0');

    await publish('invoices', '1.1.0', { contract: invoices({ deprecated: true, 'x-sunset': 'next month' }) });
    const verdict = await verdictOf('invoices', '1.1.0');
    expect(verdict.code).toBe(1);
    const refused = verdict.reasons.filter((r) => r.severity === 'error');
    expect(refused.map((r) => r.code)).toEqual(['breaks-consumer']);
    expect(refused[0].message).toContain('GET /invoices/{id} was deprecated with a sunset date that cannot be read: "next month"');
    expect(refused[0].message).toContain('2027-06-30');

    // The same deprecation with a date is an announcement: deployable.
    await publish('invoices', '1.2.0', { contract: invoices({ deprecated: true, 'x-sunset': '2099-06-30' }) });
    expect((await verdictOf('invoices', '1.2.0')).code).toBe(0);
  });

  it('tells the author of an x-deprecated operation, in the diff, that it is not read as deprecated', async () => {
    const base = join(session.dir, 'base.json');
    const revision = join(session.dir, 'revision.json');
    await writeFile(base, JSON.stringify(invoices()));
    await writeFile(revision, JSON.stringify(invoices({ 'x-deprecated': true })));
    const diffed = await cli('diff', base, revision);
    expect(diffed.code).toBe(0);
    expect(diffed.stdout).toContain('endpoint-x-deprecated-unread');
    expect(diffed.stdout).toContain('GET /invoices/{id} is marked x-deprecated');
    expect(diffed.stdout).toContain('write `deprecated: true`');
  });
});
