// The inputs of the hostile-input tests of `overseer diff` too big, too deep, too binary or too linked to commit, made
// in a temporary folder: the hostile ones each refusal is asked of, and the odd but honest ones answered normally.

import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fixtures } from './diff-runs.js';

const head = 'openapi: 3.0.3\ninfo: {title: hostile, version: "1"}\npaths: {}\n';

/** Makes the hostile inputs in `dir`: the cases name them `tmp:NAME`. */
export async function generateHostileInputs(dir: string): Promise<void> {
  const jsonHead = '{"openapi": "3.0.3", "info": {"title": "hostile", "version": "1"}, "paths": {}, "x-deep": ';
  const files: Record<string, string | Uint8Array> = {
    'deep-block.yaml': `${head}x-deep:\n${Array.from({ length: 100 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:\n`).join('')}${'  '.repeat(101)}leaf: 1\n`,
    'deep-sequences.yaml': `${head}x-deep:\n${Array.from({ length: 100 }, (_, i) => `${'  '.repeat(i + 1)}-\n`).join('')}${'  '.repeat(101)}- 1\n`,
    'deep-flow.yaml': `${head}x-deep: ${'{a: '.repeat(100)}1${'}'.repeat(100)}\n`,
    'deep-flow-huge.yaml': `${head}x-deep: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
    'deep.json': `${jsonHead + '{"a": '.repeat(100)}1${'}'.repeat(100)}}\n`,
    'deep-huge.json': `${jsonHead + '['.repeat(1_000_000) + ']'.repeat(1_000_000)}}\n`,
    'large.yaml': makeLargeDocument(20 * 1024 * 1024),
    'invalid-utf8.yaml': joinBytes(head, [0x78, 0x2d, 0x61, 0x3a, 0x20, 0x80, 0x0a]),
    'overlong.yaml': joinBytes(head, [0x78, 0x2d, 0x61, 0x3a, 0x20, 0xc0, 0xaf, 0x0a]),
    'surrogate.json': joinBytes('{"openapi": "3.0.3", "x": "', [0xed, 0xa0, 0x80, 0x22, 0x7d]),
    'truncated.yaml': joinBytes(`${head}x-a: `, [0xe2, 0x82]),
    'utf16.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(head, 'utf16le')]),
    'garbage.bin': makeGarbage(64 * 1024),
    'nul.yaml': joinBytes(`${head}x-a: "a`, [0x00, 0x22, 0x0a]),
  };
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  await mkdir(path.join(dir, 'linked'));
  await writeFile(path.join(dir, 'linked/contract.yaml'), makeRefDocument('./passwd.yaml'));
  await writeFile(path.join(dir, 'linked/zero.yaml'), makeRefDocument('./zero-link.yaml'));
  await symlink('/etc/passwd', path.join(dir, 'linked/passwd.yaml'));
  await symlink('/dev/zero', path.join(dir, 'linked/zero-link.yaml'));
}

/** Makes the odd but honest inputs in `dir`: a property removed, a chain of 10,000 $refs, keys of 200,000 spaces. */
export async function generateHonestInputs(dir: string): Promise<void> {
  const files: Record<string, string> = {
    'no-name.yaml': (await readFile(path.join(fixtures, 'ok.yaml'), 'utf8')).replace('        name: {type: string}\n', ''),
    'chain-base.yaml': makeRefChain(10_000, 'string'),
    'chain-revision.yaml': makeRefChain(10_000, 'integer'),
    'spaces.yaml': `${head.replace('paths: {}\n', '')}x-a${' '.repeat(200_000)}b: 1\nx-c${' '.repeat(200_000)}d: 2\npaths:\n  /a:\n    get:\n      responses:\n        "4xx": {description: not a status}\n`,
  };
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
}

function joinBytes(text: string, tail: number[]): Uint8Array {
  return Buffer.concat([Buffer.from(text), Buffer.from(tail)]);
}

/** Deterministic noise: the same bytes on every run. */
function makeGarbage(size: number): Uint8Array {
  const out = Buffer.alloc(size);
  let x = 0x2545f491;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A valid contract of `size` bytes or a little more: many small operations. */
function makeLargeDocument(size: number): string {
  const parts = ['openapi: 3.0.3\ninfo: {title: large, version: "1"}\npaths:\n'];
  let length = parts[0].length;
  for (let i = 0; length < size; i++) {
    const op = `  /things${i}/{id}:\n    get:\n      operationId: getThing${i}\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses:\n        "200":\n          description: a thing\n          content: {application/json: {schema: {type: object, properties: {id: {type: string}, size: {type: integer}}}}}\n`;
    parts.push(op);
    length += op.length;
  }
  return parts.join('');
}

function makeRefDocument(ref: string): string {
  return `openapi: 3.0.3\ninfo: {title: hostile, version: "1"}\npaths:\n  /pets:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '${ref}'}\n`;
}

/** S0 -> S1 -> ... -> S<n>, which is a plain schema of `type`. */
function makeRefChain(n: number, type: string): string {
  const lines = [makeRefDocument('#/components/schemas/S0'), 'components:\n  schemas:\n'];
  for (let i = 0; i < n; i++) lines.push(`    S${i}: {$ref: '#/components/schemas/S${i + 1}'}\n`);
  lines.push(`    S${n}:\n      type: ${type}\n`);
  return lines.join('');
}
