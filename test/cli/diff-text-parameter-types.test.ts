// A Swagger 2.0 header parameter that goes from integer to string (upstream's x-bo/x-br) lets every request through:
// the gate must say so (info, exit 0), while a response header going the same way still blocks.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

const dir = mkdtempSync(path.join(tmpdir(), 'overseer-text-types-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function swagger2(name: string, parameterType: string, headerType: string): string {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    `swagger: "2.0"
info: { title: counts, version: "1" }
paths:
  /counts:
    get:
      parameters:
        - { name: x-page, in: header, type: ${parameterType} }
      responses:
        "200": { description: ok, headers: { x-total: { type: ${headerType} } } }
`,
  );
  return file;
}

const diff = (base: string, revision: string) => runCliHere(['diff', base, revision, '--fail-on', 'breaking'], { env: { NO_COLOR: '1' } });

describe('overseer diff of values sent as text', () => {
  it('passes a request header parameter going from integer to string, saying why', async () => {
    const r = await diff(swagger2('param.base.yaml', 'integer', 'integer'), swagger2('param.rev.yaml', 'string', 'integer'));
    expect(r.stdout).toMatch(/INFO\s+type of parameter `x-page` changed from integer to string: it is sent as text/);
    expect(r.stdout).toContain('(request-parameter-type-generalized)');
    expect(r.stdout).toContain('0 breaking');
    expect(r.code).toBe(0);
  });

  it('blocks a request header parameter going from string to integer', async () => {
    const r = await diff(swagger2('narrow.base.yaml', 'string', 'integer'), swagger2('narrow.rev.yaml', 'integer', 'integer'));
    expect(r.stdout).toMatch(/BREAKING\s+type of parameter `x-page` changed from string to integer \(request-parameter-type-changed\)/);
    expect(r.code).toBe(1);
  });

  it('blocks a response header going from integer to string: a client parsed a number', async () => {
    const r = await diff(swagger2('header.base.yaml', 'integer', 'integer'), swagger2('header.rev.yaml', 'integer', 'string'));
    expect(r.stdout).toMatch(/BREAKING\s+type of response header `x-total` changed from integer to string \(response-header-type-changed\)/);
    expect(r.code).toBe(1);
  });
});
