// The SQL of a listing read a page at a time by its key (services, environments, tokens, webhooks): one statement
// serves the whole list (null bounds) and its pages.

/** The named parameters of readKeyPage's bounds. */
export interface PageBounds<K extends string | number> {
  after: K | null;
  limit: number | null;
}

export const AFTER_NAME = '(:after IS NULL OR name > :after)';
// A negative LIMIT is none in SQLite: every row when no page was asked.
export const PAGE_LIMIT = 'LIMIT coalesce(:limit, -1)';
