// Failures that are not Overseer's own: Node's errors carry ERR_ codes too, and a connection cut midway says only
// "terminated". Only our codes get the pointer to `overseer explain`; the others are told in words a user can act on.

import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../cli/main.js';
import { runCliHere } from '../e2e/in-process.js';

/** `overseer diff - other.yaml` whose standard input fails with `failure`, as a broken pipe or socket would. */
async function diffWithFailingStdin(failure: Error): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await run(['diff', '-', 'examples/users-service/openapi.yaml'], {
    stdout: () => {},
    stderr: (text) => void (stderr += text),
    env: {},
    cwd: process.cwd(),
    isTTY: false,
    readStdin: () => Promise.reject(failure),
  });
  return { code, stderr };
}

/** The error Node itself throws for `text` read as a URL. */
function invalidUrlError(text: string): Error {
  try {
    new URL(text);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`${text} is a URL`);
}

describe("an error of Node's own, with an ERR_ code", () => {
  it('is ERR_INTERNAL naming the URL Node could not read, and points to a row that exists', async () => {
    const r = await diffWithFailingStdin(invalidUrlError('http://exa mple.com/openapi.yaml'));
    expect(r).toEqual({
      code: 2,
      stderr:
        `error ERR_INTERNAL: not a valid URL: "http://exa mple.com/openapi.yaml" (Node's ERR_INVALID_URL) (set OVERSEER_DEBUG=1 for details)\n` +
        'Run "overseer explain ERR_INTERNAL" for what to do.\n',
    });
  });

  it("keeps Node's words and code, and the failure underneath", async () => {
    const cut = Object.assign(new Error('stream was destroyed'), { code: 'ERR_STREAM_DESTROYED' });
    const r = await diffWithFailingStdin(new Error('reading standard input failed', { cause: cut }));
    expect(r.stderr).toBe(
      "error ERR_INTERNAL: reading standard input failed: stream was destroyed (Node's ERR_STREAM_DESTROYED) (set OVERSEER_DEBUG=1 for details)\n" +
        'Run "overseer explain ERR_INTERNAL" for what to do.\n',
    );
  });
});

describe('a registry that cuts its answer midway', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    // Headers promise 100 bytes; five come, then the connection closes.
    server = createServer((socket) =>
      socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[{"na')),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is ERR_REGISTRY_UNREACHABLE naming the registry, the request and the cause, not "terminated"', async () => {
    const r = await runCliHere(['environment', 'list', '--registry', url], { env: { OVERSEER_RETRY_MS: '0' } });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        `error ERR_REGISTRY_UNREACHABLE: the registry at ${url} cut short its answer to GET /v1/environments (UND_ERR_SOCKET): ` +
        "run it again; if it repeats, read the registry's log and any proxy's in between (--registry, OVERSEER_URL)\n" +
        'Run "overseer explain ERR_REGISTRY_UNREACHABLE" for what to do.\n',
    });
  });
});

describe('a registry newer than the CLI', () => {
  it('answering with a code this CLI does not know: the code and message as sent, and why explain cannot help', async () => {
    const server = createHttpServer((_req, res) => {
      res.writeHead(409, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'ERR_QUOTA_EXCEEDED', message: 'this registry holds at most 3 environments' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const r = await runCliHere(['environment', 'create', 'qa', '--registry', url], { env: { OVERSEER_RETRY_MS: '0' } });
      expect([r.code, r.stderr]).toEqual([
        2,
        'error ERR_QUOTA_EXCEEDED: this registry holds at most 3 environments\n' +
          "This overseer does not know ERR_QUOTA_EXCEEDED: the registry is likely newer; its version's docs/ERRORS.md explains it.\n",
      ]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
