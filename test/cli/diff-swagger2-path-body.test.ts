// A Swagger 2.0 body parameter written once on the path, for operations that list no parameters of their own, is a
// request body those operations take: the converter used to drop it, so a body that became required passed as "safe".
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

const dir = mkdtempSync(path.join(tmpdir(), 'overseer-path-body-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 2.0 document whose path `/orders` holds `parameters` (as written) and one POST that lists none of its own. */
function swagger2(name: string, parameters: string, extra = ''): string {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    `swagger: "2.0"
info: { title: orders, version: "1" }
${extra}paths:
  /orders:
    parameters:
${parameters}
    post:
      consumes: [application/json]
      responses: { "201": { description: made } }
`,
  );
  return file;
}

const diff = (base: string, revision: string) => runCliHere(['diff', base, revision, '--fail-on', 'breaking'], { env: { NO_COLOR: '1' } });

describe('overseer diff of a Swagger 2.0 body parameter on the path', () => {
  it('blocks a body without `schema` that became required, and still warns that `schema` is missing', async () => {
    const base = swagger2('no-schema.base.yaml', '      - { name: order, in: body }');
    const revision = swagger2('no-schema.rev.yaml', '      - { name: order, in: body, required: true }');
    const r = await diff(base, revision);
    expect(r.stdout).toContain('POST /orders');
    expect(r.stdout).toMatch(/BREAKING\s+the request body became required \(request-body-became-required\)\s+\S*no-schema\.rev\.yaml:6/);
    expect(r.stdout).toContain('parameter "order": lacks the required key "schema"');
    expect(r.stdout).toContain('1 breaking');
    expect(r.code).toBe(1);
  });

  it('blocks a body reached through #/parameters that became required (upstream CommonParameterWithRef)', async () => {
    const parameters = '      - $ref: "#/parameters/Order"';
    const base = swagger2('ref.base.yaml', parameters, 'parameters:\n  Order: { name: order, in: body, schema: { type: object } }\n');
    const revision = swagger2('ref.rev.yaml', parameters, 'parameters:\n  Order: { name: order, in: body, required: true, schema: { type: object } }\n');
    const r = await diff(base, revision);
    expect(r.stdout).toMatch(/BREAKING\s+the request body became required \(request-body-became-required\)/);
    expect(r.code).toBe(1);
  });

  it('judges the body schema itself: a property that became required is named', async () => {
    const body = (required: string) =>
      `      - { name: order, in: body, required: true, schema: { type: object, ${required}properties: { id: { type: string } } } }`;
    const base = swagger2('schema.base.yaml', body(''));
    const revision = swagger2('schema.rev.yaml', body('required: [id], '));
    const r = await diff(base, revision);
    expect(r.stdout).toContain('POST /orders');
    expect(r.stdout).toMatch(/BREAKING .*`id`/);
    expect(r.code).toBe(1);
  });

  it('says nothing changed where the path body is the same in both', async () => {
    const same = '      - { name: order, in: body, required: true }';
    const r = await diff(swagger2('same.base.yaml', same), swagger2('same.rev.yaml', same));
    expect(r.stdout).toContain('No changes.');
    expect(r.code).toBe(0);
  });
});
