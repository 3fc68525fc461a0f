// `overseer diff` on a bound lowered where its schema's type lets it constrain nothing (`maxItems` on an array's string
// items): the reviewer is shown it, at info, in words saying so, and the diff does not block, while the same bound
// lowered on the array itself blocks.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

const dir = mkdtempSync(path.join(tmpdir(), 'overseer-typed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A query parameter `tags`, an array of strings, with `maxItems` on the array and on its items. */
function contract(name: string, arrayMax: number, itemsMax: number): string {
  const file = path.join(dir, name);
  const tags = { type: 'array', maxItems: arrayMax, items: { type: 'string', maxItems: itemsMax } };
  const doc = {
    openapi: '3.0.3',
    info: { title: 'tags', version: '1.0.0' },
    paths: { '/things': { get: { parameters: [{ in: 'query', name: 'tags', schema: tags }], responses: { '200': { description: 'ok' } } } } },
  };
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

const diff = async (base: string, revision: string, ...flags: string[]) => {
  const r = await runCliHere(['diff', base, revision, '--format', 'json', ...flags], { cwd: dir, env: { NO_COLOR: '1' } });
  const changes = JSON.parse(r.stdout).changes as { id: string; level: string; message: string; inert?: boolean }[];
  // The version bump the change asks for (info.version is kept) is not the point here.
  return { code: r.code, changes: changes.filter((c) => c.id !== 'api-version-bump-too-small') };
};

describe('overseer diff: a bound on a schema of a type it does not constrain', () => {
  const base = contract('base.json', 10, 10);

  it('maxItems lowered on the string items is shown at info, saying it constrains nothing, and does not block', async () => {
    const r = await diff(base, contract('items.json', 10, 5));
    expect(r.code).toBe(0);
    expect(r.changes.map((c) => [c.id, c.level, c.message])).toEqual([
      [
        'request-parameter-max-items-decreased',
        'info',
        'maxItems of parameter `tags` decreased from 10 to 5 on a string schema, where it constrains nothing: a validating server ignores it',
      ],
    ]);
  });

  it('the same bound lowered on the array blocks', async () => {
    const r = await diff(base, contract('array.json', 5, 10));
    expect(r.code).toBe(1);
    expect(r.changes.map((c) => [c.id, c.level])).toEqual([['request-parameter-max-items-decreased', 'breaking']]);
  });

  it('a severity file raising the rule leaves the misplaced bound at info, marked inert, and it still does not block', async () => {
    const severity = path.join(dir, 'severity.txt');
    writeFileSync(severity, 'request-parameter-max-items-decreased ERR\n');
    const r = await diff(base, contract('items.json', 10, 5), '--severity-levels', severity);
    expect(r.changes.map((c) => [c.id, c.level, c.inert])).toEqual([['request-parameter-max-items-decreased', 'info', true]]);
    expect(r.code).toBe(0);
  });
});
