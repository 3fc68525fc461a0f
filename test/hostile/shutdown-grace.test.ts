// A stop must be bounded: SIGTERM'd, the registry waited for every request in flight, and a client that opened an
// upload and sent a byte a minute held it open until the orchestrator's SIGKILL. A real process, since the signal and
// the exit are what is tested.

import { type ClientRequest, request } from 'node:http';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../e2e/cli-process.js';
import { type ServeProcess, startServeProcess } from './serve-process.js';

let registry: ServeProcess | undefined;

beforeAll(() => assertBuilt());
afterEach(async () => {
  await registry?.stop();
  registry = undefined;
});

interface Upload {
  sending: ClientRequest;
  /** The answer's status and body, or `cut` when the connection closed without one. */
  outcome: Promise<string>;
}

/**
 * A POST whose headers the registry has read (it said `100 Continue`) and whose body has only begun: `first` of a body
 * announced as `length` bytes. What arrives after is up to the test.
 */
function beginUpload(base: string, urlPath: string, length: number, first: string): Promise<Upload> {
  const url = new URL(urlPath, base);
  const headers = { 'content-type': 'application/json', 'content-length': length, expect: '100-continue' };
  const sending = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers });
  const outcome = new Promise<string>((resolve) => {
    sending.on('response', (answer) => {
      let text = '';
      answer.on('data', (chunk: Buffer) => (text += chunk.toString()));
      answer.on('end', () => resolve(`${answer.statusCode} ${text}`));
    });
    sending.on('error', () => resolve('cut'));
    sending.on('close', () => resolve('cut'));
  });
  // Headers alone, so that the registry reads them and says `100 Continue` before any of the body is sent.
  sending.flushHeaders();
  return new Promise((resolve) => {
    sending.once('continue', () => {
      sending.write(first);
      resolve({ sending, outcome });
    });
  });
}

/** Settles when the process has written a line matching `pattern` to stdout (its JSON log at `info`). */
function heard(running: ServeProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const listen = (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n').find((l) => pattern.test(l));
      if (line === undefined) return;
      running.child.stdout?.off('data', listen);
      resolve(line);
    };
    running.child.stdout?.on('data', listen);
  });
}

describe('a registry stopped while uploads are open', () => {
  it('answers the request that finishes within the grace, cuts the stalled one after it, and exits', async () => {
    // The request timeout is ten minutes: only the grace can end the stalled upload within the test.
    registry = await startServeProcess({
      OVERSEER_LOG_LEVEL: 'info',
      OVERSEER_SHUTDOWN_GRACE_MS: '2000',
      OVERSEER_REQUEST_TIMEOUT_MS: '600000',
    });
    const running = registry;
    const body = JSON.stringify({ name: 'production' });
    const stalled = await beginUpload(running.url, '/v1/environments', 10_000, '{"name": "');
    const finishing = await beginUpload(running.url, '/v1/environments', Buffer.byteLength(body), body.slice(0, 5));
    const exited = new Promise<number | null>((resolve) => running.child.once('exit', resolve));
    const stopping = heard(running, /stopping: 2 open connection\(s\) get up to 2 s/);
    const cutSaid = heard(running, /stopping: 1 connection\(s\) still open after the 2 s grace \(OVERSEER_SHUTDOWN_GRACE_MS\) are cut/);

    running.child.kill('SIGTERM');
    await stopping;
    // The rest of the body arrives after the stop began, within the grace: the request is answered as ever.
    finishing.sending.end(body.slice(5));
    expect(await finishing.outcome).toMatch(/^201 .*"name":"production"/);

    expect(await stalled.outcome).toBe('cut');
    await cutSaid;
    expect(await exited).toBe(0);
  }, 60_000);

  it('exits as soon as the last request in flight is answered, though its client keeps the connection alive', async () => {
    // Two minutes of grace, longer than the test: the exit must not wait for it.
    registry = await startServeProcess({ OVERSEER_LOG_LEVEL: 'info', OVERSEER_SHUTDOWN_GRACE_MS: '120000' });
    const running = registry;
    const body = JSON.stringify({ name: 'staging' });
    const finishing = await beginUpload(running.url, '/v1/environments', Buffer.byteLength(body), body.slice(0, 5));
    const exited = new Promise<number | null>((resolve) => running.child.once('exit', resolve));
    const stopping = heard(running, /stopping: 1 open connection\(s\) get up to 120 s/);

    running.child.kill('SIGTERM');
    await stopping;
    finishing.sending.end(body.slice(5));
    expect(await finishing.outcome).toMatch(/^201 .*"name":"staging"/);
    expect(await exited).toBe(0);
  }, 30_000);
});
