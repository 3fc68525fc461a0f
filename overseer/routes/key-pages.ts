// Services, environments, tokens and webhooks a page at a time, by name (webhooks by id): each is a table anyone
// with a token can grow, and the whole of it was one answer written on the event loop for whoever asked.

import { ApiError } from '../errors.js';
import type { KeyPage } from '../store/store.js';
import { pageCursor } from './schemas.js';

/** Rows per page: 1,000 unless asked, as many at most. */
const KEY_LIMIT = { type: 'integer', minimum: 1, maximum: 1000, default: 1000 } as const;

export const KEY_PAGE_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: { limit: KEY_LIMIT, cursor: pageCursor(400) },
} as const;

/** The listing's answer: `key` holds a page of `items`, `next` leads to the rest. */
export function keyPageOf(key: string, items: object) {
  return {
    type: 'object',
    required: [key],
    properties: { [key]: { type: 'array', items }, next: { type: 'string', description: 'the cursor of the next page; absent on the last' } },
  } as const;
}

export const KEY_PAGE_DESCRIPTION = 'At most `limit` a page; `next` is present while more follow: send it back as `cursor` for the next page.';

type PageQuery = { limit?: number; cursor?: string };

/** A page of a listing by name. */
export const pageByName = <R extends { name: string }>(query: PageQuery, list: (page: KeyPage<string>) => Promise<R[]>) =>
  readPage(
    query,
    list,
    (row) => row.name,
    (key): key is string => typeof key === 'string',
  );

/** A page of a listing by id. */
export const pageById = <R extends { id: number }>(query: PageQuery, list: (page: KeyPage<number>) => Promise<R[]>) =>
  readPage(
    query,
    list,
    (row) => row.id,
    (key): key is number => Number.isSafeInteger(key) && (key as number) >= 0,
  );

/**
 * The page the query asks for: the rows after the cursor's key, read from the store one more than the page holds
 * to tell whether a next page follows. A cursor names the last row listed, so a row deleted since moves no other.
 */
async function readPage<R, K extends string | number>(
  query: PageQuery,
  list: (page: KeyPage<K>) => Promise<R[]>,
  keyOf: (row: R) => K,
  isKey: (key: unknown) => key is K,
): Promise<{ page: R[]; next?: string }> {
  const limit = query.limit ?? KEY_LIMIT.default;
  const after = query.cursor === undefined ? undefined : readCursor(query.cursor, isKey);
  const rows = await list({ ...(after !== undefined && { after }), limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  if (rows.length <= limit || last === undefined) return { page };
  return { page, next: Buffer.from(JSON.stringify([keyOf(last)]), 'utf8').toString('base64url') };
}

// A cursor of another listing (a name sent to the webhooks) is refused like any cursor the registry did not give.
function readCursor<K>(text: string, isKey: (key: unknown) => key is K): K {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const [key] = Array.isArray(value) && value.length === 1 ? value : [];
  if (isKey(key)) return key;
  throw new ApiError('ERR_REQUEST_INVALID', 'invalid request: querystring/cursor is not a cursor this registry gave: send the `next` of the page before');
}
