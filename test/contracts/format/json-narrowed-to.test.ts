// A media type range narrowed to types it covered still takes or returns those types: `overseer diff --format json` says
// which (`narrowedTo`), so a script reading the JSON can tell a JSON sender against `application/*` -> JSON is not broken.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../../e2e/in-process.js';

const pet = { schema: { type: 'object', properties: { name: { type: 'string' } } } };
const media = (...types: string[]) => Object.fromEntries(types.map((t) => [t, pet]));
const contract = (request: string[], response: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'pets', version: '1.0.0' },
  paths: { '/pets': { post: { requestBody: { content: media(...request) }, responses: { '200': { description: 'ok', content: media(...response) } } } } },
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-narrowed-'));
  await writeFile(path.join(dir, 'base.json'), JSON.stringify(contract(['application/*'], ['*/*'])));
  await writeFile(path.join(dir, 'revision.json'), JSON.stringify(contract(['application/json'], ['application/json', 'text/plain'])));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('overseer diff --format json: a narrowed media range', () => {
  it('names the types a removed range still takes or returns, and only on those changes', async () => {
    const result = await runCliHere(['diff', path.join(dir, 'base.json'), path.join(dir, 'revision.json'), '--format', 'json']);
    expect(result.code).toBe(1);
    const changes = JSON.parse(result.stdout).changes as { id: string; narrowedTo?: string[] }[];
    const removed = (id: string) => changes.find((c) => c.id === id);
    expect(removed('request-body-media-type-removed')?.narrowedTo).toEqual(['application/json']);
    expect(removed('response-media-type-removed')?.narrowedTo).toEqual(['application/json', 'text/plain']);
    expect(changes.filter((c) => !c.id.endsWith('-media-type-removed')).every((c) => !('narrowedTo' in c))).toBe(true);
  });
});
