// A proxy on loopback in front of a real registry that misbehaves on purpose, one request at a time: the ways a network,
// a load balancer or a login page answer in the registry's place, for the hunt tests of what the CLI and the Action decide.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does with one request: pass it on (`forward`); pass it on and then drop the connection without a word
 * (`forward-then-drop`: the registry did the work, the client never hears); answer headers and part of the body, then
 * drop (`cut-short`); never answer (`silent`); or answer as written.
 */
export type Behaviour =
  | 'forward'
  | 'forward-then-drop'
  | 'cut-short'
  | 'silent'
  | { status: number; body: string; headers?: Record<string, string> };

interface Seen {
  method: string;
  path: string;
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
    const asked = { method: request.method ?? 'GET', path: (request.url ?? '/').split('?')[0]! };
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
  if (typeof behaviour === 'object') {
    response.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers }).end(behaviour.body);
    return;
  }
  const forwarded = await forward(target, request, body);
  if (behaviour === 'forward-then-drop') return void request.socket.destroy();
  if (behaviour === 'cut-short') {
    response.writeHead(forwarded.status, { 'content-type': 'application/json', 'content-length': String(forwarded.text.length + 100) });
    response.write(forwarded.text.slice(0, Math.max(1, Math.floor(forwarded.text.length / 2))));
    setImmediate(() => request.socket.destroy());
    return;
  }
  response.writeHead(forwarded.status, { 'content-type': 'application/json' }).end(forwarded.text);
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length > 0 ? Buffer.concat(chunks) : undefined;
}

async function forward(target: string, request: IncomingMessage, body: Buffer | undefined): Promise<{ status: number; text: string }> {
  const authorization = request.headers.authorization;
  const response = await fetch(`${target}${request.url}`, {
    method: request.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...(authorization && { authorization }) },
    ...(body && { body: new Uint8Array(body) }),
  });
  return { status: response.status, text: await response.text() };
}
