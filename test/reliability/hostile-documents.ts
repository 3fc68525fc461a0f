// Nasty documents made at test time: too deep, too large, or pointing outside themselves.
// The static ones live in test/fixtures/hostile-server/.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../fixtures/hostile-server/', import.meta.url));
const HEAD = 'openapi: 3.0.3\ninfo: { title: hostile, version: 1.0.0 }\npaths: {}\n';

export function readHostileFixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

/** A small valid contract, for the requests whose contract is not the point. */
export function buildPlainContract(title = 'plain'): string {
  return `openapi: 3.0.3\ninfo: { title: ${title}, version: 1.0.0 }\npaths:\n  /ping:\n    get:\n      operationId: ping\n      responses:\n        '200': { description: pong }\n`;
}

/** `levels` nested mappings in block style under an extension key. */
export function buildDeepYaml(levels: number): string {
  const lines = ['x-deep:'];
  for (let i = 1; i <= levels; i++) lines.push(`${'  '.repeat(i)}l${i}:${i === levels ? ' end' : ''}`);
  return `${HEAD}${lines.join('\n')}\n`;
}

export function buildDeepJson(levels: number): string {
  return `{"openapi":"3.0.3","info":{"title":"hostile","version":"1.0.0"},"paths":{},"x-deep":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;
}

/** Flow-style brackets: what a recursive parser meets as deep recursion. */
export function buildDeepFlowYaml(levels: number): string {
  return `${HEAD}x-deep: ${'['.repeat(levels)}${']'.repeat(levels)}\n`;
}

/** A well-formed contract of at least `bytes` bytes: many paths with long descriptions, few newlines to escape. */
export function buildLargeContract(bytes: number): string {
  const description = 'd'.repeat(2000);
  const parts = [HEAD.replace('paths: {}\n', 'paths:\n')];
  let size = parts[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const path = `  /p${i}: { get: { description: ${description}, responses: { '200': { description: ok } } } }\n`;
    parts.push(path);
    size += path.length;
  }
  return parts.join('');
}

/** A response schema that is only a `$ref` to `ref`. */
export function buildExternalRefContract(ref: string): string {
  return [
    'openapi: 3.0.3',
    'info: { title: external-ref, version: 1.0.0 }',
    'paths:',
    '  /secrets:',
    '    get:',
    '      responses:',
    "        '200':",
    '          description: whatever the file holds',
    '          content:',
    '            application/json:',
    `              schema: { $ref: '${ref}' }`,
    '',
  ].join('\n');
}

/** JSON text of a publication whose contract string holds bytes that are not UTF-8. */
export function buildInvalidUtf8Body(version: string): Buffer {
  return Buffer.concat([
    Buffer.from(`{"version":"${version}","contract":"openapi: 3.0.3\\ninfo: { title: t`),
    Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
    Buffer.from(', version: 1.0.0 }\\npaths: {}\\n"}'),
  ]);
}
