// Whether a request reached the registry before its time ran out: fetch's timeout says neither whether the connection was
// accepted nor whether the request went out, and "is it running?" is the wrong question to a registry that took it.

import { subscribe } from 'node:diagnostics_channel';

/** A request being watched for: `sent` once its headers were written to a connection the server accepted. */
interface Sending {
  readonly sent: boolean;
  stop(): void;
}

const watched = new Set<{ method: string; url: string; sent: boolean }>();
let subscribed = false;

// Node's fetch (undici) publishes each request's headers as they are written to an open connection.
function onHeadersSent(message: unknown): void {
  const request = (message as { request?: { origin?: unknown; path?: unknown; method?: unknown } }).request;
  if (!request) return;
  const url = `${String(request.origin)}${String(request.path)}`;
  for (const w of watched) if (w.method === request.method && w.url === url) w.sent = true;
}

/** Watches `method url` (as fetch is given it) until stop(); two same requests at once both read as sent when either is. */
export function watchSending(method: string, url: string): Sending {
  if (!subscribed) {
    subscribe('undici:client:sendHeaders', onHeadersSent);
    subscribed = true;
  }
  const entry = { method, url: new URL(url).href, sent: false };
  watched.add(entry);
  return {
    get sent() {
      return entry.sent;
    },
    stop: () => watched.delete(entry),
  };
}
