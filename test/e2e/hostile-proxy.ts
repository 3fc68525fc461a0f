// A proxy on loopback in front of a real registry that misbehaves on purpose, one request at a time: the ways a network,
// a load balancer or a login page answer in the registry's place, for the hunt tests of what the CLI and the Action decide.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does with one request: pass it on (`forward`); pass it on and then drop the connection without a word
 * (`forward-then-drop`: the registry did the work, the client never hears); pass it on, answer headers and part of the
 * registry's body, then drop (`cut-short`); never answer (`silent`); or answer as written, dropped after `cutAfter`
 * characters of the body when given (an answer cut short whose time is the proxy's alone, not the registry's work); or
 * pass it on, run `meanwhile` once the registry has answered, and answer `afterForward` in its place (a router that gives up
 * on a slow answer with its own 503 while the registry finishes the work).
 */
export type Behaviour =
  | 'forward'
  | 'forward-then-drop'
  | 'cut-short'
  | 'silent'
  | { status: number; body: string; headers?: Record<string, string>; cutAfter?: number }
  | { afterForward: { status: number; body: string }; meanwhile?: () => Promise<unknown> };

interface Seen {
  method: string;
  path: string;
  /** The Idempotency-Key it was sent with. */
  key?: string;
}

export interface HostileProxy {
  url: string;
  /** Every request that reached the proxy, in order. */
  seen: Seen[];
  close(): Promise<void>;
}

/** `decide` is asked for each request with the requests of the same method and path seen before it (0 for the first). */
export async function startHostileProxy(target: string, decide: (request: Seen, before: number) => Behaviour): Promise<HostileProxy> {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const key = request.headers['idempotency-key'];
    const asked = { method: request.method ?? 'GET', path: (request.url ?? '/').split('?')[0]!, ...(typeof key === 'string' && { key }) };
    const before = seen.filter((s) => s.method === asked.method && s.path === asked.path).length;
    seen.push(asked);
    void answer(decide(asked, before), target, request, response).catch(() => request.socket.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function answer(behaviour: Behaviour, target: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request);
  if (behaviour === 'silent') return;
  if (typeof behaviour === 'object' && 'afterForward' in behaviour) {
    await forward(target, request, body);
    await behaviour.meanwhile?.();
    response.writeHead(behaviour.afterForward.status, { 'content-type': 'text/html' }).end(behaviour.afterForward.body);
    return;
  }
  if (typeof behaviour === 'object') {
    if (behaviour.cutAfter !== undefined) return cutShort(request, response, behaviour.status, behaviour.body, behaviour.cutAfter);
    response.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers }).end(behaviour.body);
    return;
  }
  const forwarded = await forward(target, request, body);
  if (behaviour === 'forward-then-drop') return void request.socket.destroy();
  if (behaviour === 'cut-short') return cutShort(request, response, forwarded.status, forwarded.text, Math.floor(forwarded.text.length / 2));
  response.writeHead(forwarded.status, { 'content-type': 'application/json' }).end(forwarded.text);
}

/** Headers promising more than is sent, the first `length` characters (one at least), then the connection dropped. */
function cutShort(request: IncomingMessage, response: ServerResponse, status: number, text: string, length: number): void {
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(text.length + 100) });
  response.write(text.slice(0, Math.max(1, length)));
  setImmediate(() => request.socket.destroy());
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length > 0 ? Buffer.concat(chunks) : undefined;
}

async function forward(target: string, request: IncomingMessage, body: Buffer | undefined): Promise<{ status: number; text: string }> {
  const { authorization, 'idempotency-key': key, 'content-type': type } = request.headers;
  const response = await fetch(`${target}${request.url}`, {
    method: request.method ?? 'GET',
    // As a proxy passes them on: who asks, which ask a retry repeats, and what the body is (a DELETE has none to name).
    headers: { ...(type && { 'content-type': type }), ...(authorization && { authorization }), ...(typeof key === 'string' && { 'idempotency-key': key }) },
    ...(body && { body: new Uint8Array(body) }),
  });
  return { status: response.status, text: await response.text() };
}

/**
 * A shared cache as RFC 9111 lets one be: it keeps a GET's 200 answer and serves it again (heuristic freshness, 4.2.2)
 * unless the answer forbids it (`no-store`, `no-cache`, `private`) or the request carried credentials (3.5).
 */
export async function startCachingProxy(target: string): Promise<HostileProxy & { served: () => number }> {
  const kept = new Map<string, { status: number; text: string }>();
  let served = 0;
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const key = request.url ?? '/';
      const hit = request.method === 'GET' && !request.headers.authorization ? kept.get(key) : undefined;
      if (hit) {
        served++;
        return void response.writeHead(hit.status, { 'content-type': 'application/json' }).end(hit.text);
      }
      const answer = await fetch(`${target}${key}`, {
        method: request.method ?? 'GET',
        headers: { 'content-type': 'application/json', ...(request.headers.authorization && { authorization: request.headers.authorization }) },
        ...(body && { body: new Uint8Array(body) }),
      });
      const text = await answer.text();
      const forbids = /no-store|no-cache|private/.test(answer.headers.get('cache-control') ?? '');
      if (request.method === 'GET' && answer.status === 200 && !request.headers.authorization && !forbids) kept.set(key, { status: 200, text });
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(text);
    })().catch(() => request.socket.destroy());
  });
  return listenCounting(server, () => served);
}

/**
 * A cache that breaks RFC 9111 as some do for POST: keyed on the path alone, it passes the first POST's 200 on whole,
 * headers included, and hands that answer to every later POST of the path, whatever its body. `drop` names answer
 * headers it does not pass on (a proxy that keeps only the headers it knows); `older` also takes the key out of the
 * body, as an older registry answers.
 */
export async function startPathKeyedCache(target: string, strip: { drop?: string[]; older?: boolean } = {}): Promise<HostileProxy & { served: () => number }> {
  const kept = new Map<string, { headers: Record<string, string>; text: string }>();
  let served = 0;
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const path = (request.url ?? '/').split('?')[0]!;
      const hit = request.method === 'POST' ? kept.get(path) : undefined;
      if (hit) {
        served++;
        return void response.writeHead(200, hit.headers).end(hit.text);
      }
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      for (const name of ['idempotency-key', 'authorization']) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const answer = await fetch(`${target}${request.url}`, { method: request.method ?? 'GET', headers, ...(body && { body: new Uint8Array(body) }) });
      const whole = await answer.text();
      const text = strip.older ? JSON.stringify({ ...JSON.parse(whole), idempotencyKey: undefined }) : whole;
      const dropped = new Set(['content-length', 'transfer-encoding', ...(strip.drop ?? [])]);
      const passed = Object.fromEntries([...answer.headers].filter(([name]) => !dropped.has(name)));
      if (request.method === 'POST' && answer.status === 200) kept.set(path, { headers: passed, text });
      response.writeHead(answer.status, passed).end(text);
    })().catch(() => request.socket.destroy());
  });
  return listenCounting(server, () => served);
}

/** A cache on loopback, port 0, counting the answers it served from what it kept. */
async function listenCounting(server: Server, served: () => number): Promise<HostileProxy & { served: () => number }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen: [],
    served,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
