// Notifications (issue 7) are not in the Store yet: the audit page looks for a `listNotifications`
// verb at run time and reads its records defensively, so it shows them the day the verb lands.

import type { Store } from '../store/store.js';

export interface NotificationView {
  id?: string;
  /** delivered, pending, failed, or whatever the store says. */
  status: string;
  channel: string;
  target: string;
  event: string;
  at?: string;
  attempts?: number;
  error?: string;
  /** A verdict the notification is about, linked from the audit page. */
  verdictId?: number;
}

type NotificationReader = (query: { limit: number }) => Promise<unknown[]>;

/** The store's notification reader, when this store has one. */
export function findNotificationReader(store: Store): NotificationReader | undefined {
  const candidate = (store as Store & { listNotifications?: unknown }).listNotifications;
  if (typeof candidate !== 'function') return undefined;
  return (query) => Promise.resolve((candidate as (q: { limit: number }) => unknown).call(store, query)).then((rows) => (Array.isArray(rows) ? rows : []));
}

/** A record of unknown shape -> what the page shows; fields are taken under their likely names. */
export function readNotification(record: unknown): NotificationView {
  const r = (record !== null && typeof record === 'object' ? record : {}) as Record<string, unknown>;
  const text = (...keys: string[]) => keys.map((k) => r[k]).find((v): v is string | number => typeof v === 'string' || typeof v === 'number');
  const id = text('id', 'key', 'idempotencyKey');
  const at = text('updatedAt', 'deliveredAt', 'createdAt');
  const attempts = r.attempts;
  const error = text('lastError', 'error');
  const verdictId = r.verdictId;
  return {
    ...(id !== undefined && { id: String(id) }),
    status: String(text('status', 'state') ?? 'unknown'),
    channel: String(text('channel', 'kind', 'transport', 'type') ?? '—'),
    target: String(text('target', 'destination', 'url', 'to') ?? '—'),
    event: String(text('event', 'eventType', 'reason', 'subject') ?? '—'),
    ...(at !== undefined && { at: String(at) }),
    ...(typeof attempts === 'number' && { attempts }),
    ...(error !== undefined && { error: String(error) }),
    ...(typeof verdictId === 'number' && { verdictId }),
  };
}
