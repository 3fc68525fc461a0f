// A service's versions a page at a time: a CI job that publishes every commit gives a service thousands, and the
// whole list was one answer written on the event loop for anyone who asked. The store reads the page's rows only.

import { ApiError } from '../errors.js';
import type { Store, VersionRecord } from '../store/store.js';
import { pageCursor } from './schemas.js';

/** Versions per page: 1,000 unless asked, as many at most. */
export const VERSION_LIMIT = { type: 'integer', minimum: 1, maximum: 1000, default: 1000 } as const;

export const VERSION_CURSOR = pageCursor(400);

/** The page from the cursor's place, and the cursor of the next one while more follow. */
export async function pageVersions(
  store: Store,
  service: string,
  limit: number,
  cursor: string | undefined,
): Promise<{ page: VersionRecord[]; next?: string }> {
  const { versions, start, total } = await store.listVersionPage(service, { limit, ...(cursor !== undefined && { after: readCursor(cursor) }) });
  const last = versions.at(-1);
  const end = start + versions.length;
  return { page: versions, ...(last && end < total && { next: Buffer.from(JSON.stringify([last.version, end - 1])).toString('base64url') }) };
}

function readCursor(text: string): { version: string; index: number } {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const [version, index] = Array.isArray(value) && value.length === 2 ? value : [];
  if (typeof version !== 'string' || !Number.isSafeInteger(index) || index < 0) {
    throw new ApiError('ERR_REQUEST_INVALID', 'invalid request: querystring/cursor is not a cursor this registry gave: send the `next` of the page before');
  }
  return { version, index };
}
