// The outbox on PostgreSQL: notifications enqueued inside the caller's transaction, leased by the workers of
// every replica without overlap (FOR UPDATE SKIP LOCKED), marked delivered or failed; and webhook subscriptions.

import type pg from 'pg';
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
  toDelay,
  trimError,
  type WebhookInput,
  type WebhookRecord,
} from '../outbox.js';
import type { KeyPage } from '../store.js';
import { clampLimit, readKeyPage } from '../validate.js';
import type { WriteKey } from '../write-keys.js';
import { isRowId, NOW_MS, type Queryable, type Transaction, transact } from './db.js';
import type { WriteKeyMemory } from './write-keys.js';

export interface NotificationRow extends Omit<NotificationRecord, 'verdictId'> {
  verdictId: number | null;
}

export const NOTIFICATION_COLUMNS = `id, key, event, channel, target, payload, status, attempts, last_error AS "lastError", next_attempt_at AS "nextAttemptAt",
  created_at AS "createdAt", updated_at AS "updatedAt", delivered_at AS "deliveredAt", verdict_id AS "verdictId"`;
const WEBHOOK_COLUMNS = 'id, url, events, secret, created_at AS "createdAt"';

export function toNotification({ verdictId, ...row }: NotificationRow): NotificationRecord {
  return { ...row, ...(verdictId !== null && { verdictId }) };
}

/** Enqueues in the caller's transaction; a key already stored is skipped. Resolves to how many were new. */
async function enqueueIn(tx: Transaction, list: readonly NotificationInput[]): Promise<number> {
  list.forEach(assertNotificationInput);
  if (list.length === 0) return 0;
  const time = await tx.now();
  let added = 0;
  for (const n of list) {
    added += await tx.execute(
      `INSERT INTO notifications (key, event, channel, target, payload, verdict_id, status, next_attempt_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5::json, $6, 'pending', $7, $7, $7) ON CONFLICT (key) DO NOTHING`,
      [n.key, n.event, n.channel, n.target, JSON.stringify(n.payload ?? null), n.verdictId ?? null, time],
    );
  }
  return added;
}

/** Enqueues what `outbox` makes of a write's result in the write's own transaction: both commit, or neither. */
export async function enqueueAfter<R>(tx: Transaction, result: R, outbox: Outbox<R> | undefined): Promise<R> {
  if (outbox) await enqueueIn(tx, outbox(result));
  return result;
}

async function claim(tx: Transaction, request: ClaimRequest): Promise<NotificationRecord[]> {
  const time = await tx.now();
  // SKIP LOCKED: a row another replica's worker is claiming right now is left to it, never leased twice.
  // A lease still set on a due row ran out: its worker died between claiming and recording an outcome.
  const rows = await tx.query<NotificationRow & { reclaimed: boolean }>(
    `WITH due AS (
       SELECT id AS due_id, lease_until AS prior_lease FROM notifications
       WHERE status = 'pending' AND next_attempt_at <= $2 AND (lease_until IS NULL OR lease_until <= $2)
       ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
     UPDATE notifications SET lease_owner = $1, lease_until = $3, updated_at = $2 FROM due WHERE id = due.due_id
     RETURNING ${NOTIFICATION_COLUMNS}, due.prior_lease IS NOT NULL AS reclaimed`,
    [request.owner, time, addDelay(time, request.leaseMs), Math.max(1, Math.floor(request.limit))],
  );
  // RETURNING keeps no order: oldest due first, as the verb promises.
  return rows
    .sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt) || a.id - b.id)
    .map(({ reclaimed, ...row }) => ({ ...toNotification(row), ...(reclaimed && { reclaimed: true as const }) }));
}

export function createOutbox(pool: pg.Pool, db: Queryable, remember: WriteKeyMemory) {
  const selectOne = async (id: number) => (await db.query<NotificationRow>(`SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE id = $1`, [id]))[0];
  return {
    enqueueNotifications: (list: readonly NotificationInput[]): Promise<number> => transact(pool, (tx) => enqueueIn(tx, list)),
    async listNotifications(query: NotificationQuery = {}): Promise<NotificationRecord[]> {
      const rows = await db.query<NotificationRow>(
        `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE ($1::text IS NULL OR status = $1) ORDER BY id DESC LIMIT $2`,
        [query.status ?? null, clampLimit(query.limit)],
      );
      return rows.map(toNotification);
    },
    async getNotification(id: number): Promise<NotificationRecord | undefined> {
      const row = isRowId(id) ? await selectOne(id) : undefined;
      return row && toNotification(row);
    },
    claimNotifications: (request: ClaimRequest): Promise<NotificationRecord[]> => transact(pool, (tx) => claim(tx, request)),
    async markNotificationDelivered(id: number): Promise<boolean> {
      if (!isRowId(id)) return false;
      const changed = await db.execute(
        `UPDATE notifications SET status = 'delivered', attempts = attempts + 1, delivered_at = t.now, updated_at = t.now,
           lease_owner = NULL, lease_until = NULL
         FROM (SELECT ${NOW_MS} AS now) t WHERE id = $1 AND status <> 'delivered'`,
        [id],
      );
      return changed > 0;
    },
    async markNotificationFailed(id: number, owner: string, failure: NotificationFailure): Promise<boolean> {
      if (!isRowId(id)) return false;
      const delay = failure.retryInMs === null ? null : toDelay(failure.retryInMs);
      const changed = await db.execute(
        `UPDATE notifications SET attempts = attempts + 1, last_error = $3, updated_at = t.now, lease_owner = NULL, lease_until = NULL,
           status = CASE WHEN $4::bigint IS NULL THEN 'failed' ELSE 'pending' END,
           next_attempt_at = COALESCE(t.now + $4::bigint * interval '1 millisecond', next_attempt_at)
         FROM (SELECT ${NOW_MS} AS now) t WHERE id = $1 AND lease_owner = $2 AND status = 'pending'`,
        [id, owner, trimError(failure.error), delay],
      );
      return changed > 0;
    },
    async retryNotification(id: number, key?: WriteKey): Promise<RetriedNotification | undefined> {
      if (!isRowId(id)) return undefined;
      if (key === undefined) return retryIn(db, id);
      // Under the notification's lock: a retry sent again waits for the first, and is told its answer.
      return transact(
        pool,
        async (tx) => {
          const repeated = await remember.read<RetriedNotification>(tx, key);
          if (repeated) return { ...repeated, repeated: true as const };
          const retried = await retryIn(tx, id);
          // Kept only when it took effect: a refusal (delivered, being sent) changed nothing and is asked afresh.
          return retried && retried.sendingUntil === undefined && retried.status !== 'delivered' ? remember.keep(tx, key, retried) : retried;
        },
        { lock: { space: 'notification', key: String(id) } },
      );
    },
    async createWebhook(input: WebhookInput): Promise<WebhookRecord> {
      assertWebhookInput(input);
      const [row] = await db.query<WebhookRecord>(
        `INSERT INTO webhooks (url, events, secret, created_at) VALUES ($1, $2, $3, ${NOW_MS}) RETURNING ${WEBHOOK_COLUMNS}`,
        [input.url, input.events, input.secret],
      );
      return { ...row };
    },
    async listWebhooks(page?: KeyPage<number>): Promise<WebhookRecord[]> {
      const { after, limit } = readKeyPage(page);
      const rows = await db.query<WebhookRecord>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE ($1::bigint IS NULL OR id > $1) ORDER BY id LIMIT $2`, [
        after,
        limit,
      ]);
      return rows.map((row) => ({ ...row }));
    },
    async getWebhook(id: number): Promise<WebhookRecord | undefined> {
      const [row] = isRowId(id) ? await db.query<WebhookRecord>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE id = $1`, [id]) : [];
      return row && { ...row };
    },
    async deleteWebhook(id: number): Promise<boolean> {
      return isRowId(id) && (await db.execute('DELETE FROM webhooks WHERE id = $1', [id])) > 0;
    },
  };
}

// A lease that has not run out is a worker sending it now: taking it away would let another worker send it again.
async function retryIn(q: Queryable, id: number): Promise<RetriedNotification | undefined> {
  const [row] = await q.query<NotificationRow & { sendingUntil: string | null }>(
    `WITH t AS (SELECT ${NOW_MS} AS now),
       retried AS (UPDATE notifications SET status = 'pending', attempts = 0, next_attempt_at = t.now, updated_at = t.now, lease_owner = NULL, lease_until = NULL
         FROM t WHERE id = $1 AND status <> 'delivered' AND (lease_until IS NULL OR lease_until <= t.now) RETURNING ${NOTIFICATION_COLUMNS})
     SELECT *, NULL::timestamptz AS "sendingUntil" FROM retried
     UNION ALL
     SELECT ${NOTIFICATION_COLUMNS}, CASE WHEN status = 'pending' AND lease_until > t.now THEN lease_until END
     FROM notifications, t WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM retried)`,
    [id],
  );
  if (!row) return undefined;
  const { sendingUntil, ...notification } = row;
  return { ...toNotification(notification), ...(sendingUntil !== null && { sendingUntil }) };
}
