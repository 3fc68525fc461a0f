// Hostile contracts through `overseer diff`: each is answered with exit 2 and one `error:` line
// naming the file and the problem, never a stack trace, and with bounded work. In-process through
// run(argv, io) for every case, and through the built bin (`npm test` builds it) for a sample.
// Big, deep, binary and linked inputs are made in a temporary folder: none of them is committed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../cli/main.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(root, 'test/fixtures/hostile');
/**
 * CPU, not wall time, so that a loaded machine cannot fail a case: each takes well under a second of it, and the
 * bugs these inputs were made for (a quadratic scan, an unbounded expansion) took minutes.
 */
const IN_PROCESS_CPU_MS = 10_000;
/** Not a speed bound: a bin still running this long is hung, and is killed so that its case fails with a reason. */
const BIN_HANG_MS = 50_000;

let tmp = '';

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  /** CPU the in-process run used (every thread of the test's process); undefined for the bin, which is only kept from hanging. */
  cpuMs?: number;
  signal?: NodeJS.Signals | null;
}

async function diffInProcess(args: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const started = process.cpuUsage();
  const code = await run(['diff', ...args], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: { NO_COLOR: '1' },
    cwd: fixtures,
    isTTY: false,
  });
  const used = process.cpuUsage(started);
  return { code, stdout, stderr, cpuMs: (used.user + used.system) / 1000 };
}

// Spawned, not spawnSync: a synchronous spawn holds this worker's event loop for the whole run, and twenty of them in a
// row on a loaded machine kept vitest's own messages waiting past their 60 s timeout (an unhandled error, a failed run).
function diffWithBin(args: string[]): Promise<Outcome> {
  const child = spawn(process.execPath, [path.join(root, 'dist/cli/bin.js'), 'diff', ...args], {
    cwd: fixtures,
    timeout: BIN_HANG_MS,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, stdout, stderr, signal }));
  });
}

/** The in-process run's CPU stayed bounded (the bin's is not read: its hang guard kills it instead). */
function expectBoundedWork(r: Outcome): void {
  if (r.cpuMs !== undefined) expect(r.cpuMs, 'CPU milliseconds').toBeLessThan(IN_PROCESS_CPU_MS);
}

function expectRefused(r: Outcome, error: RegExp): void {
  expect(r.signal ?? null, `killed after ${BIN_HANG_MS / 1000} s: hung`).toBeNull();
  // The problem with its code on one line, then the command that prints its row of docs/ERRORS.md.
  expect(r.stderr, 'error ERR_CODE: one line, then where to read of it').toMatch(/^error (ERR_[A-Z_]+): [^\n]+\nRun "overseer explain \1" for what to do\.\n$/);
  expect(r.stderr).toMatch(error);
  // Not the catch-all for unexpected failures, and no stack frames.
  expect(r.stderr).not.toContain('OVERSEER_DEBUG');
  expect(r.stderr).not.toMatch(/\n\s+at |\.(?:ts|js):\d+:\d+/);
  expect(r.stdout).toBe('');
  expect(r.code).toBe(2);
  expectBoundedWork(r);
}

interface Case {
  name: string;
  /** Relative to the fixtures, or made by `generate` in the temporary folder (`tmp:` prefix). */
  file: string;
  flags?: string[];
  error: RegExp;
}

const resolveCaseFile = (c: Case) => (c.file.startsWith('tmp:') ? path.join(tmp, c.file.slice(4)) : c.file);
const EXTERNAL = ['--allow-external-refs'];
const REFUSED_REF = /\$ref to .* is refused/;

const CASES: Case[] = [
  { name: 'a YAML alias bomb of sequences (billion laughs)', file: 'alias-bomb-sequences.yaml', error: /alias bomb/ },
  { name: 'a YAML alias bomb of mappings', file: 'alias-bomb-mappings.yaml', error: /alias bomb/ },
  { name: 'a YAML alias bomb made with merge keys', file: 'alias-bomb-merge-keys.yaml', error: /alias bomb|nested deeper/ },
  { name: 'a YAML alias bomb inside a response schema', file: 'alias-bomb-in-schema.yaml', error: /alias bomb|nested deeper/ },
  { name: 'YAML aliases that nest 70 levels deep', file: 'alias-deep-chain.yaml', error: /nested deeper than 64 levels/ },
  { name: '100 levels of YAML block mappings', file: 'tmp:deep-block.yaml', error: /nested deeper/ },
  { name: '100 levels of YAML block sequences', file: 'tmp:deep-sequences.yaml', error: /nested deeper/ },
  { name: '100 levels of YAML flow mappings', file: 'tmp:deep-flow.yaml', error: /nested deeper/ },
  { name: '100,000 levels of YAML flow sequences on one line', file: 'tmp:deep-flow-huge.yaml', error: /nested deeper/ },
  { name: '100 levels of JSON', file: 'tmp:deep.json', error: /nested deeper than 64 levels/ },
  { name: '1,000,000 levels of JSON arrays', file: 'tmp:deep-huge.json', error: /nested deeper/ },
  { name: 'a 20 MB document', file: 'tmp:large.yaml', error: /20\.\d MB, over the limit of 16\.0 MB \(--max-size raises it\)/ },
  { name: 'a document over a lowered --max-size', file: 'ok.yaml', flags: ['--max-size', '0.0001'], error: /472 bytes, over the limit of 105 bytes/ },
  { name: 'a $ref to http (cloud metadata)', file: 'ref-http.yaml', error: REFUSED_REF },
  { name: 'a $ref to https', file: 'ref-https.yaml', error: REFUSED_REF },
  { name: 'a $ref to a file: URL', file: 'ref-file-url.yaml', error: REFUSED_REF },
  { name: 'a $ref to /etc/passwd', file: 'ref-etc-passwd.yaml', error: REFUSED_REF },
  { name: 'a $ref to ../../outside.yaml', file: 'nested/deeper/ref-outside.yaml', error: REFUSED_REF },
  { name: 'a $ref to a percent-encoded ../', file: 'ref-percent-encoded.yaml', error: REFUSED_REF },
  { name: 'a protocol-relative $ref', file: 'ref-protocol-relative.yaml', error: REFUSED_REF },
  ...[
    'ref-http.yaml',
    'ref-https.yaml',
    'ref-file-url.yaml',
    'ref-etc-passwd.yaml',
    'nested/deeper/ref-outside.yaml',
    'ref-percent-encoded.yaml',
    'ref-protocol-relative.yaml',
  ].map(
    (file): Case => ({
      name: `${file} with --allow-external-refs`,
      file,
      flags: EXTERNAL,
      error: /\$ref to .* is refused: only files in the document's folder/,
    }),
  ),
  {
    name: 'a $ref through a link to /etc/passwd, with --allow-external-refs',
    file: 'tmp:linked/contract.yaml',
    flags: EXTERNAL,
    error: /refused: it leads outside the document's folder/,
  },
  {
    name: 'a $ref through a link to /dev/zero, with --allow-external-refs',
    file: 'tmp:linked/zero.yaml',
    flags: EXTERNAL,
    error: /refused: it leads outside the document's folder/,
  },
  {
    name: 'an alias bomb in a referenced file, with --allow-external-refs',
    file: 'external/ext-bomb.yaml',
    flags: EXTERNAL,
    error: /bomb-part\.yaml: .*alias bomb/,
  },
  { name: 'a cycle across referenced files, with --allow-external-refs', file: 'external/ext-cycle.yaml', flags: EXTERNAL, error: /cycle/ },
  {
    name: 'a URL in a referenced file, with --allow-external-refs',
    file: 'external/ext-url.yaml',
    flags: EXTERNAL,
    error: /url-part\.yaml: \$ref to "https:.*never URLs/,
  },
  {
    name: 'a referenced file reaching outside the folder, with --allow-external-refs',
    file: 'external/ext-escape.yaml',
    flags: EXTERNAL,
    error: /outside\.yaml" is refused/,
  },
  { name: 'a $ref to itself', file: 'ref-cycle-self.yaml', error: /cycle of references/ },
  { name: 'a cycle of three $refs', file: 'ref-cycle-three.yaml', error: /cycle of references/ },
  { name: 'path items that refer to each other', file: 'ref-cycle-path-items.yaml', error: /cycle of references/ },
  { name: 'parameters that refer to each other', file: 'ref-cycle-parameters.yaml', error: /cycle of references/ },
  { name: 'invalid UTF-8 (a lone continuation byte)', file: 'tmp:invalid-utf8.yaml', error: /:4: the file is not valid UTF-8/ },
  { name: 'invalid UTF-8 (an overlong encoding of "/")', file: 'tmp:overlong.yaml', error: /not valid UTF-8/ },
  { name: 'invalid UTF-8 (an encoded surrogate)', file: 'tmp:surrogate.json', error: /not valid UTF-8/ },
  { name: 'invalid UTF-8 (a sequence cut short at the end)', file: 'tmp:truncated.yaml', error: /not valid UTF-8/ },
  { name: 'UTF-16 with its byte order mark', file: 'tmp:utf16.yaml', error: /UTF-16, not UTF-8/ },
  { name: 'binary garbage', file: 'tmp:garbage.bin', error: /not valid UTF-8/ },
  { name: 'a NUL byte in YAML', file: 'tmp:nul.yaml', error: /not valid YAML/ },
  { name: 'duplicate keys in YAML', file: 'duplicate-keys.yaml', error: /:7: not valid YAML: duplicated mapping key/ },
  { name: 'duplicate keys in a YAML flow mapping', file: 'duplicate-keys-flow.yaml', error: /duplicated mapping key/ },
  { name: 'duplicate keys in JSON, at the top', file: 'duplicate-keys.json', error: /:7: not valid JSON for a contract: key "paths" is written twice/ },
  { name: 'duplicate keys in JSON, nested', file: 'duplicate-keys-nested.json', error: /:8: .*key "responses" is written twice/ },
  { name: 'duplicate keys in JSON, one spelled with an escape', file: 'duplicate-keys-escaped.json', error: /key "x-a" is written twice/ },
  { name: 'an empty file', file: 'empty.yaml', error: /the file is empty/ },
  { name: 'a file of blanks', file: 'blank.yaml', error: /the file is empty/ },
  { name: 'a YAML list', file: 'list.yaml', error: /the top level must be a mapping/ },
  { name: 'a JSON string', file: 'scalar.json', error: /the top level must be a mapping/ },
  { name: 'JSON null', file: 'null.json', error: /the top level must be a mapping/ },
  { name: 'openapi: 4.0.0', file: 'openapi-4.yaml', error: /unsupported OpenAPI version "4\.0\.0"/ },
  { name: 'openapi: 3.0 unquoted (a number)', file: 'openapi-number.yaml', error: /must be a string such as "3\.0\.3"/ },
  { name: "swagger: '1.2'", file: 'swagger-1.yaml', error: /unsupported Swagger version "1\.2"/ },
  { name: 'a !!js/function tag', file: 'js-function-tag.yaml', error: /unknown tag/ },
  { name: 'two YAML documents in one file', file: 'multi-document.yaml', error: /single document/ },
  { name: 'broken YAML', file: 'not-yaml.yaml', error: /not valid YAML/ },
  { name: 'broken JSON', file: 'not-json.json', error: /not valid JSON/ },
  { name: 'a directory', file: 'external', error: /external: is a folder, not a file/ },
  { name: 'a missing file', file: 'no-such-file.yaml', error: /no-such-file\.yaml: no such file/ },
];

if (existsSync('/dev/zero')) CASES.push({ name: '/dev/zero (endless, no size)', file: '/dev/zero', error: /over the limit of 16\.0 MB/ });

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'overseer-hostile-'));
  await generateInputs(tmp);
}, 60_000);

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('overseer diff, in process, refuses a hostile revision with exit 2 and one error line', () => {
  it.each(CASES)('$name', async (c) => {
    expectRefused(await diffInProcess(['ok.yaml', resolveCaseFile(c), ...(c.flags ?? [])]), c.error);
  });

  it('refuses a hostile base the same way', async () => {
    expectRefused(await diffInProcess(['alias-bomb-sequences.yaml', 'ok.yaml']), /alias bomb/);
  });
});

describe('overseer diff, through the built bin', () => {
  // A sample: starting node costs a second or two a case on a busy machine.
  const sample = ['a YAML alias bomb of mappings', 'a 20 MB document', 'a $ref to /etc/passwd', 'binary garbage', 'duplicate keys in JSON, nested'];
  it.each(sample)('%s', async (name) => {
    const c = CASES.find((x) => x.name === name)!;
    expectRefused(await diffWithBin(['ok.yaml', resolveCaseFile(c), ...(c.flags ?? [])]), c.error);
  });
});

describe('overseer diff answers odd but honest contracts normally', () => {
  it('reads UTF-8 with a byte order mark, YAML and JSON, with lines unchanged', async () => {
    for (const [base, revision] of [
      ['ok.yaml', 'bom.yaml'],
      ['ok.json', 'bom.json'],
    ]) {
      const r = await diffInProcess([base, revision]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    // The BOM sits on line 1 and moves nothing: `name` is still reported on line 22.
    const r = await diffInProcess(['bom.yaml', path.join(tmp, 'no-name.yaml'), '--format', 'json']);
    expect(r.stderr).toBe('');
    const removed = (JSON.parse(r.stdout).changes as { id: string; location: string; line: number }[]).find(
      (c) => c.id === 'response-optional-property-removed',
    );
    expect(removed).toMatchObject({ location: '/components/schemas/Pet/properties/name', line: 22 });
  });

  it('does not take colons and escaped quotes inside JSON strings for keys', async () => {
    const r = await diffInProcess(['keys-in-strings.json', 'keys-in-strings.json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('follows $refs to files beside the contract when allowed', async () => {
    const r = await diffInProcess(['external/ext-ok.yaml', 'external/ext-ok.yaml', '--allow-external-refs']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('follows a chain of 10,000 $refs to its end, and finds the change there', async () => {
    const r = await diffInProcess([path.join(tmp, 'chain-base.yaml'), path.join(tmp, 'chain-revision.yaml'), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const [change] = JSON.parse(r.stdout).changes as { id: string; location: string; line: number }[];
    expect(change).toMatchObject({ id: 'response-body-type-changed', location: '/components/schemas/S10000', line: 10_014 });
    expectBoundedWork(r);
  });

  it('finds lines quickly in a document with 200,000-character keys of spaces', async () => {
    // The line scanner once matched keys with a regex that backtracked quadratically on spaces.
    const r = await diffInProcess([path.join(tmp, 'spaces.yaml'), path.join(tmp, 'spaces.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/spaces\.yaml:8/);
    expectBoundedWork(r);
  });
});

/** Makes the inputs too big, too deep, too binary or too linked to commit. */
async function generateInputs(dir: string): Promise<void> {
  const head = 'openapi: 3.0.3\ninfo: {title: hostile, version: "1"}\npaths: {}\n';
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
    'no-name.yaml': (await readFile(path.join(fixtures, 'ok.yaml'), 'utf8')).replace('        name: {type: string}\n', ''),
    'chain-base.yaml': makeRefChain(10_000, 'string'),
    'chain-revision.yaml': makeRefChain(10_000, 'integer'),
    'spaces.yaml': `${head.replace('paths: {}\n', '')}x-a${' '.repeat(200_000)}b: 1\nx-c${' '.repeat(200_000)}d: 2\npaths:\n  /a:\n    get:\n      responses:\n        "4xx": {description: not a status}\n`,
  };
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  await mkdir(path.join(dir, 'linked'));
  await writeFile(path.join(dir, 'linked/contract.yaml'), makeRefDocument('./passwd.yaml'));
  await writeFile(path.join(dir, 'linked/zero.yaml'), makeRefDocument('./zero-link.yaml'));
  await symlink('/etc/passwd', path.join(dir, 'linked/passwd.yaml'));
  await symlink('/dev/zero', path.join(dir, 'linked/zero-link.yaml'));
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
