// `overseer observe --traces` on the files users really point it at: a wrong file must fail (exit 2), never read
// as "nobody calls anything"; the Collector's file exporter (one export per line) and gzip are read as exports. The
// command runs in the test's process (test/e2e/in-process.ts); test/e2e/observe.test.ts runs it through the built binary.

import { copyFile, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceExport } from '../helpers/otlp.js';
import { REPO_ROOT } from './cli-process.js';
import { runCliHere } from './in-process.js';

let dir: string;
const observe = (file: string, ...more: string[]) =>
  runCliHere(['observe', '--traces', file, '--contract', 'users-service=users.v1.yaml', ...more], { cwd: dir });

const getUser = { consumer: 'web-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/42' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-observe-files-'));
  await copyFile(join(REPO_ROOT, 'test/fixtures/observe/users.v1.yaml'), join(dir, 'users.v1.yaml'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('overseer observe --traces on a file that shows no calls', () => {
  it.each([
    ['an empty object', 'object.json', '{}', 'object.json: not an OTLP trace export: it has no "resourceSpans"'],
    ['another JSON document', 'package.json', '{"name": "web-app", "version": "1.0.0"}', 'package.json: not an OTLP trace export'],
    ['an empty file', 'empty.json', '', 'empty.json is empty'],
    ['an export with no spans', 'none.json', '{"resourceSpans": []}', 'none.json holds no spans'],
    ['a metrics export', 'metrics.json', '{"resourceMetrics": []}', 'metrics.json: not an OTLP trace export'],
  ])('fails on %s (exit 2), saying why', async (_what, file, content, message) => {
    await writeFile(join(dir, file), content);
    for (const format of ['text', 'json']) {
      const read = await observe(file, '--format', format);
      expect(read.code).toBe(2);
      expect(read.stdout).toBe('');
      // Under --format json the error is one JSON object a script can read, with the code docs/ERRORS.md lists.
      const error = format === 'json' ? (JSON.parse(read.stderr) as { code: string; message: string }) : undefined;
      expect(error?.message ?? read.stderr).toContain(message);
      if (error) expect(error.code).toMatch(/^ERR_TRACES_(INVALID|EMPTY)$/);
      else expect(read.stderr).toMatch(/^error ERR_TRACES_(INVALID|EMPTY): .*\nRun "overseer explain ERR_TRACES_(INVALID|EMPTY)" for what to do\.\n$/s);
    }
  });

  it('says that a file of SERVER spans alone holds no call a consumer made', async () => {
    await writeFile(
      join(dir, 'server.json'),
      JSON.stringify(
        traceExport([
          { ...getUser, kind: 2 },
          { ...getUser, kind: 2 },
        ]),
      ),
    );
    const read = await observe('server.json');
    expect(read.code, read.stderr).toBe(0);
    expect(read.stdout).toBe('No calls matched in server.json.\nSpans skipped: 2 SERVER or internal spans, not calls a consumer made\n');
    expect(JSON.parse((await observe('server.json', '--format', 'json')).stdout)).toMatchObject({ calls: [], skipped: 2 });
  });
});

describe('overseer observe --traces on the files exporters write', () => {
  const line = (calls: (typeof getUser)[]) => JSON.stringify(traceExport(calls));

  it("reads the Collector file exporter's JSON Lines, one export per line", async () => {
    await writeFile(join(dir, 'collector.jsonl'), `${line([getUser])}\n${line([getUser, getUser])}\n\n`);
    const read = await observe('collector.jsonl', '--format', 'json');
    expect(read.code, read.stderr).toBe(0);
    expect(JSON.parse(read.stdout).calls).toEqual([
      expect.objectContaining({ consumer: 'web-app', provider: 'users-service', operation: 'GET /users/{userId}', count: 3 }),
    ]);
  });

  it('reads an export written over several lines whole, and confirms a CLIENT span by a SERVER span of another line', async () => {
    await writeFile(join(dir, 'pretty.json'), JSON.stringify(traceExport([getUser]), null, 2));
    const pretty = await observe('pretty.json', '--format', 'json');
    expect(pretty.code, pretty.stderr).toBe(0);
    expect(JSON.parse(pretty.stdout).calls).toEqual([expect.objectContaining({ operation: 'GET /users/{userId}', count: 1 })]);
    // The provider's SERVER span is exported first, on a line of its own, as it ends before the call does.
    const client = { ...getUser, spanId: '00000000000000c1' };
    const server = { ...getUser, consumer: 'users-service', kind: 2, spanId: '00000000000000d1', parentSpanId: '00000000000000c1' };
    await writeFile(join(dir, 'split.jsonl'), `${line([server])}\n${line([client])}\n`);
    const split = JSON.parse((await observe('split.jsonl', '--format', 'json')).stdout);
    expect([split.confirmed, split.skipped]).toEqual([1, 0]);
  });

  it('names the line that is not JSON, and the line that is not an export', async () => {
    await writeFile(join(dir, 'broken.jsonl'), `${line([getUser])}\n{"resourceSpans": [\n`);
    const broken = await observe('broken.jsonl');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('broken.jsonl:2: cannot read it as JSON');
    await writeFile(join(dir, 'mixed.jsonl'), `${line([getUser])}\n{"resourceMetrics": []}\n`);
    const mixed = await observe('mixed.jsonl');
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('mixed.jsonl:2: not an OTLP trace export');
  });

  it('refuses a line longer than one export may hold, naming the bound and what to do, not with a stack', async () => {
    // A sparse file: an export that opens and runs on for 512 MiB without a newline, at no cost on disk.
    await writeFile(join(dir, 'huge.jsonl'), '{"resourceSpans": [');
    await truncate(join(dir, 'huge.jsonl'), 512 * 1024 * 1024);
    const huge = await observe('huge.jsonl');
    expect([huge.code, huge.stdout]).toEqual([2, '']);
    // Reading half a gigabyte may take long enough for progress lines before the error: the error is the last line.
    const lines = huge.stderr.trim().split('\n');
    for (const line of lines.slice(0, -2)) expect(line).toMatch(/^observe: reading huge\.jsonl: [\d.]+ MB of 512\.0 MB \(\d+%\), 0 spans$/);
    expect(lines.at(-1)).toBe('Run "overseer explain ERR_TRACES_UNREADABLE" for what to do.');
    expect(lines.at(-2)).toBe(
      "error ERR_TRACES_UNREADABLE: huge.jsonl: a line holds more than 511 MiB, more than one export may hold (a JavaScript string's limit): " +
        "split it into smaller exports, one a line (the Collector's file exporter writes one a batch: smaller batches make shorter lines)",
    );
    await rm(join(dir, 'huge.jsonl'));
    // A hang guard, not a speed: the reader goes through half a gigabyte in this process (about 5 s of CPU), which took
    // past 60 s at load 20 on two cores and failed a whole run.
  }, 240_000);

  it('reads a gzip-compressed export, and says when a compressed file is not one', async () => {
    await writeFile(join(dir, 'export.json.gz'), gzipSync(line([getUser, getUser])));
    const read = await observe('export.json.gz');
    expect(read.code, read.stderr).toBe(0);
    expect(read.stdout).toContain('web-app -> users-service GET /users/{userId} in production: 2 calls,');
    await writeFile(join(dir, 'other.json.gz'), gzipSync('{}'));
    const other = await observe('other.json.gz');
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('not an OTLP trace export');
  });
});

describe('overseer observe --traces on spans it cannot match', () => {
  it('names the --contract and --host options that are missing, not only a count', async () => {
    const byHost = { ...getUser, provider: undefined };
    await writeFile(
      join(dir, 'unknown.json'),
      JSON.stringify(traceExport([{ ...getUser, provider: 'orders-service', url: 'https://orders.internal/api/orders/1' }, byHost])),
    );
    const read = await observe('unknown.json');
    expect(read.code, read.stderr).toBe(0);
    expect(read.stdout).toBe(
      [
        'No calls matched in unknown.json.',
        'Spans not used: unknown-provider 2',
        '  unknown-provider: neither peer.service nor the host called names a provider: give --contract SERVICE=FILE, or --host HOST=SERVICE',
        'No --contract for orders-service: the calls to it cannot be matched',
        'No --host for users.internal, called by spans without peer.service: their calls cannot be matched',
        '',
      ].join('\n'),
    );
    const hosted = await observe('unknown.json', '--host', 'users.internal=users-service');
    expect(hosted.stdout).toContain('web-app -> users-service GET /users/{userId} in production: 1 call,');
    expect(hosted.stdout).not.toContain('No --host');
  });
});
