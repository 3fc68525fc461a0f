// One HTTP(S) POST that connects to an address already checked, not to whatever the name resolves to now:
// fetch cannot be told where to connect without a dispatcher package, node:http can, through its `lookup` hook.

import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { PinnedAddress } from './address-check.js';

export interface PostResult {
  status: number;
  /** The Retry-After header, when given. */
  retryAfter: string | null;
  /** The start of the body, for error messages. */
  text: string;
}

const TEXT_KEPT = 200;

/** A lookup that answers every question with the pinned address: the Host header and TLS name stay the URL's. */
function lookupPinned(pinned: PinnedAddress): LookupFunction {
  return (_host, options, callback) => {
    // Node asks for every address when it races IPv4 and IPv6 (autoSelectFamily): one is all there is.
    if ((options as { all?: boolean }).all) (callback as (e: null, list: { address: string; family: number }[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}

/** Posts without following redirects; rejects on network errors and on the timeout (an AbortError). */
export function postPinned(
  url: string,
  options: { headers: Record<string, string>; body: string; timeoutMs: number; pinned?: PinnedAddress },
): Promise<PostResult> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      {
        method: 'POST',
        headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) },
        signal: AbortSignal.timeout(options.timeoutMs),
        ...(options.pinned && { lookup: lookupPinned(options.pinned) }),
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (text.length < TEXT_KEPT) text += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, retryAfter: headerOf(response.headers['retry-after']), text: text.slice(0, TEXT_KEPT) }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

function headerOf(value: string | string[] | undefined): string | null {
  return value === undefined ? null : Array.isArray(value) ? (value[0] ?? null) : value;
}
