// The outbox on SQLite: notifications enqueued inside the caller's transaction, leased by workers, marked
// delivered or failed; and the webhook subscriptions they are sent to.

import type Database from 'better-sqlite3';
import {
  addDelay,
  assertNotificationInput,
  assertWebhookInput,
  type ClaimRequest,
  type NotificationFailure,
  type NotificationInput,
  type NotificationQuery,
  type NotificationRecord,
  type Outbox,
  type RetriedNotification,
  trimError,
  type WebhookInput,
  type WebhookRecord,
} from '../outbox.js';
import type { KeyPage } from '../store.js';
import { clampLimit, readKeyPage } from '../validate.js';
import type { WriteKey } from '../write-keys.js';
import { PAGE_LIMIT, type PageBounds } from './key-pages.js';
import type { WriteKeyMemory } from './write-keys.js';

export interface NotificationRow {
  id: number;
  key: string;
  event: string;
  channel: NotificationRecord['channel'];
  target: string;
  payload: string;
  verdict_id: number | null;
  status: NotificationRecord['status'];
  attempts: number;
  last_error: string | null;
  next_attempt_at: string;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

export interface WebhookRow {
  id: number;
  url: string;
  events: string;
  secret: string;
  created_at: string;
}

export const WEBHOOK_COLUMNS = 'id, url, events, secret, created_at';
export const NOTIFICATION_COLUMNS =
  'id, key, event, channel, target, payload, verdict_id, status, attempts, last_error, next_attempt_at, created_at, updated_at, delivered_at';

export function toNotification(row: NotificationRow): NotificationRecord {
  return {
    id: row.id,
    key: row.key,
    event: row.event,
    channel: row.channel,
    target: row.target,
    payload: JSON.parse(row.payload) as unknown,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deliveredAt: row.delivered_at,
    ...(row.verdict_id !== null && { verdictId: row.verdict_id }),
  };
}

export function toWebhook(row: WebhookRow): WebhookRecord {
  return { id: row.id, url: row.url, events: JSON.parse(row.events) as string[], secret: row.secret, createdAt: row.created_at };
}

export function createOutbox(db: Database.Database, now: () => string, remember: WriteKeyMemory) {
  // OR IGNORE on the unique key: the same delivery enqueued twice (a race, a repeated check) is stored once.
  const insert = db.prepare<[string, string, string, string, string, number | null, string, string, string]>(
    `INSERT OR IGNORE INTO notifications (key, event, channel, target, payload, verdict_id, status, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
  );
  const selectOne = db.prepare<[number], NotificationRow>(`SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE id = ?`);
  const selectMany = db.prepare<{ status: string | null; limit: number }, NotificationRow>(
    `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE (:status IS NULL OR status = :status) ORDER BY id DESC LIMIT :limit`,
  );
  const claim = db.prepare<{ owner: string; now: string; until: string; limit: number }, NotificationRow>(
    `UPDATE notifications SET lease_owner = :owner, lease_until = :until, updated_at = :now
     WHERE id IN (SELECT id FROM notifications
                  WHERE status = 'pending' AND next_attempt_at <= :now AND (lease_until IS NULL OR lease_until <= :now)
                  ORDER BY next_attempt_at, id LIMIT :limit)
     RETURNING ${NOTIFICATION_COLUMNS}`,
  );
  // A lease still set but run out: its worker died between claiming and recording an outcome (both clear it).
  const lapsed = db
    .prepare<{ now: string }, number>(`SELECT id FROM notifications WHERE status = 'pending' AND lease_until IS NOT NULL AND lease_until <= :now`)
    .pluck();
  const anyDue = db
    .prepare<{ now: string }, number>(
      `SELECT 1 FROM notifications WHERE status = 'pending' AND next_attempt_at <= :now AND (lease_until IS NULL OR lease_until <= :now) LIMIT 1`,
    )
    .pluck();
  const delivered = db.prepare<{ id: number; now: string }>(
    `UPDATE notifications SET status = 'delivered', attempts = attempts + 1, delivered_at = :now, updated_at = :now,
       lease_owner = NULL, lease_until = NULL
     WHERE id = :id AND status <> 'delivered'`,
  );
  const failed = db.prepare<{ id: number; owner: string; now: string; error: string; next: string | null }>(
    `UPDATE notifications SET attempts = attempts + 1, last_error = :error, updated_at = :now, lease_owner = NULL, lease_until = NULL,
       status = CASE WHEN :next IS NULL THEN 'failed' ELSE 'pending' END, next_attempt_at = COALESCE(:next, next_attempt_at)
     WHERE id = :id AND lease_owner = :owner AND status = 'pending'`,
  );
  const retry = db.prepare<{ id: number; now: string }>(
    `UPDATE notifications SET status = 'pending', attempts = 0, next_attempt_at = :now, updated_at = :now, lease_owner = NULL, lease_until = NULL
     WHERE id = :id AND status <> 'delivered' AND (lease_until IS NULL OR lease_until <= :now)`,
  );
  // A lease that has not run out: its worker is sending the notification now (a claim sets it, an outcome clears it).
  const selectLease = db
    .prepare<{ id: number; now: string }, string>(`SELECT lease_until FROM notifications WHERE id = :id AND status = 'pending' AND lease_until > :now`)
    .pluck();
  const insertWebhook = db.prepare<[string, string, string, string]>('INSERT INTO webhooks (url, events, secret, created_at) VALUES (?, ?, ?, ?)');
  const selectWebhook = db.prepare<[number | bigint], WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE id = ?`);
  const selectWebhooks = db.prepare<PageBounds<number>, WebhookRow>(
    `SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE (:after IS NULL OR id > :after) ORDER BY id ${PAGE_LIMIT}`,
  );
  const deleteWebhook = db.prepare<[number]>('DELETE FROM webhooks WHERE id = ?');

  /** Joins the caller's transaction when there is one: better-sqlite3 runs a nested transaction as a savepoint. */
  const enqueue = db.transaction((list: readonly NotificationInput[]): number => {
    list.forEach(assertNotificationInput);
    const time = now();
    let added = 0;
    for (const n of list)
      added += insert.run(n.key, n.event, n.channel, n.target, JSON.stringify(n.payload ?? null), n.verdictId ?? null, time, time, time).changes;
    return added;
  });

  const claimDue = db.transaction((request: ClaimRequest): NotificationRecord[] => {
    const time = now();
    const reclaimed = new Set(lapsed.all({ now: time }));
    const rows = claim.all({ owner: request.owner, now: time, until: addDelay(time, request.leaseMs), limit: Math.max(1, Math.floor(request.limit)) });
    return rows.map((row) => ({ ...toNotification(row), ...(reclaimed.has(row.id) && { reclaimed: true as const }) }));
  });

  // A write and its read back are one transaction: a read refused as busy undoes the write, so the retry adds no second webhook.
  // A retry that took effect is kept with its key: sent again, it is told so, not that a worker (its own doing) holds it.
  const retryOne = db.transaction((id: number, key: WriteKey | undefined): RetriedNotification | undefined => {
    const repeated = key && remember.read<RetriedNotification>(key);
    if (repeated) return { ...repeated, repeated: true };
    const time = now();
    const sendingUntil = selectLease.get({ id, now: time });
    if (sendingUntil === undefined) retry.run({ id, now: time });
    const row = selectOne.get(id);
    if (!row) return undefined;
    const retried = toNotification(row);
    return sendingUntil !== undefined ? { ...retried, sendingUntil } : retried.status === 'delivered' ? retried : remember.keep(key, retried);
  });
  const addWebhook = db.transaction((input: WebhookInput): WebhookRecord => {
    const { lastInsertRowid } = insertWebhook.run(input.url, JSON.stringify(input.events), input.secret, now());
    return toWebhook(selectWebhook.get(lastInsertRowid)!);
  });

  /** Runs a write and enqueues what its outbox makes of the result, in one IMMEDIATE transaction. */
  function writeWithOutbox<R>(write: () => R, outbox: Outbox<R> | undefined): R {
    if (!outbox) return write();
    return db
      .transaction(() => {
        const result = write();
        enqueue(outbox(result));
        return result;
      })
      .immediate();
  }

  return {
    writeWithOutbox,
    enqueueNotifications: (list: readonly NotificationInput[]): number => enqueue.immediate(list),
    listNotifications(query: NotificationQuery = {}): NotificationRecord[] {
      return selectMany.all({ status: query.status ?? null, limit: clampLimit(query.limit) }).map(toNotification);
    },
    getNotification(id: number): NotificationRecord | undefined {
      const row = Number.isSafeInteger(id) ? selectOne.get(id) : undefined;
      return row && toNotification(row);
    },
    claimNotifications(request: ClaimRequest): NotificationRecord[] {
      // An idle worker polls often: a plain read first, so that polling takes no write lock when nothing is due.
      if (anyDue.get({ now: now() }) === undefined) return [];
      return claimDue.immediate(request);
    },
    markNotificationDelivered(id: number): boolean {
      return delivered.run({ id, now: now() }).changes > 0;
    },
    markNotificationFailed(id: number, owner: string, failure: NotificationFailure): boolean {
      const time = now();
      const next = failure.retryInMs === null ? null : addDelay(time, failure.retryInMs);
      return failed.run({ id, owner, now: time, error: trimError(failure.error), next }).changes > 0;
    },
    retryNotification(id: number, key?: WriteKey): RetriedNotification | undefined {
      return Number.isSafeInteger(id) ? retryOne.immediate(id, key) : undefined;
    },
    createWebhook(input: WebhookInput): WebhookRecord {
      assertWebhookInput(input);
      return addWebhook.immediate(input);
    },
    listWebhooks: (page?: KeyPage<number>): WebhookRecord[] => selectWebhooks.all(readKeyPage(page)).map(toWebhook),
    getWebhook(id: number): WebhookRecord | undefined {
      const row = Number.isSafeInteger(id) ? selectWebhook.get(id) : undefined;
      return row && toWebhook(row);
    },
    deleteWebhook: (id: number): boolean => Number.isSafeInteger(id) && deleteWebhook.run(id).changes > 0,
  };
}
