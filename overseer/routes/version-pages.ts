// A service's versions a page at a time: a CI job that publishes every commit gives a service thousands, and the
// whole list was one answer written on the event loop for anyone who asked.

import { ApiError } from '../errors.js';
import type { VersionRecord } from '../store/store.js';
import { pageCursor } from './schemas.js';

/** Versions per page: 1,000 unless asked, as many at most. */
export const VERSION_LIMIT = { type: 'integer', minimum: 1, maximum: 1000, default: 1000 } as const;

export const VERSION_CURSOR = pageCursor(400);

/** The page from the cursor's place, and the cursor of the next one while more follow. */
export function pageVersions(versions: readonly VersionRecord[], limit: number, cursor: string | undefined): { page: VersionRecord[]; next?: string } {
  const start = cursor === undefined ? 0 : startAfter(versions, readCursor(cursor));
  const page = versions.slice(start, start + limit);
  const last = page.at(-1);
  const end = start + page.length;
  return { page, ...(last && end < versions.length && { next: Buffer.from(JSON.stringify([last.version, end - 1])).toString('base64url') }) };
}

// After the version the cursor names; when it is gone since (a version deleted by an import), after its old place.
function startAfter(versions: readonly VersionRecord[], [version, index]: [string, number]): number {
  if (versions[index]?.version === version) return index + 1;
  const found = versions.findIndex((v) => v.version === version);
  return found === -1 ? Math.min(index + 1, versions.length) : found + 1;
}

function readCursor(text: string): [string, number] {
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
  return [version, index];
}
