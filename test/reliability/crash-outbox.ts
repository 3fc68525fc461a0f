// The outbox under the crash loop: Slack pointed at a receiver on loopback that records every message, and the
// check that each notification the registry holds reached it exactly once (none lost, none sent twice).

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { createSlackHistory } from '../helpers/fake-slack-history.js';

interface SlackPost {
  channel: string;
  text: string;
  /** When it arrived (Date.now()). */
  at: number;
}

export interface SlackReceiver {
  /** What OVERSEER_SLACK_API_URL must be. */
  apiUrl: string;
  posts: SlackPost[];
  /** History look-ups the worker made before posting a row a dead process may have sent. */
  lookups: { asked: number };
  close(): Promise<void>;
}

interface NotificationView {
  key: string;
  channel: string;
  target: string;
  status: string;
  headline: string | null;
  lastError: string | null;
}

/**
 * Speaks just enough of Slack's Web API (chat.postMessage, conversations.list/history) for the worker's real client, in
 * a workspace that has `channels` (as `#name`): a post elsewhere is refused channel_not_found, as Slack refuses it.
 */
export async function startSlackReceiver(channels: readonly string[]): Promise<SlackReceiver> {
  const posts: SlackPost[] = [];
  const history = createSlackHistory();
  history.createChannels(channels);
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      // @slack/web-api sends form fields; a client of the JSON flavour is read too.
      const raw = Buffer.concat(chunks).toString('utf8');
      const fields = (request.headers['content-type'] ?? '').includes('json')
        ? (JSON.parse(raw) as Record<string, string>)
        : Object.fromEntries(new URLSearchParams(raw));
      const method = (request.url ?? '').split('?')[0]!.split('/').pop() ?? '';
      response.setHeader('content-type', 'application/json');
      const read = history.answer(method, fields);
      if (read) return response.end(JSON.stringify(read));
      if (method !== 'chat.postMessage') return response.end(JSON.stringify({ ok: false, error: 'unknown_method' }));
      const posted = history.record(String(fields.channel), String(fields.text), fields.metadata);
      if (!posted) return response.end(JSON.stringify({ ok: false, error: 'channel_not_found' }));
      posts.push({ channel: String(fields.channel), text: String(fields.text), at: Date.now() });
      response.end(JSON.stringify({ ok: true, ...posted }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    posts,
    lookups: history.lookups,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Whether this build has an outbox: `GET /v1/notifications` answers. */
export async function detectOutbox(baseUrl: string): Promise<boolean> {
  const response = await fetch(new URL('/v1/notifications?limit=1', baseUrl));
  await response.arrayBuffer();
  return response.ok;
}

/** Waits until nothing is pending (the worker resumed after the last restart and finished); false on timeout. */
export async function waitForDeliveries(baseUrl: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(new URL('/v1/notifications?status=pending&limit=1', baseUrl));
    const { notifications } = (await response.json()) as { notifications: unknown[] };
    if (notifications.length === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/** Every notification, from the stopped registry's file: the API lists 1000 at most, a long loop makes more. */
export function readNotificationRows(file: string): NotificationView[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare<[], NotificationView>(
        "SELECT key, channel, target, status, last_error AS lastError, json_extract(payload, '$.event.headline') AS headline FROM notifications ORDER BY id",
      )
      .all();
  } finally {
    db.close();
  }
}

/** A kill -9 and the restart after it: a process's messages arrive before `restartedAt`, the next process's after `killedAt`. */
export interface Outage {
  killedAt: number;
  restartedAt: number;
}

interface OutboxReport {
  problems: string[];
  /** Messages received twice where a kill fell between the copies: Slack answered, the process died before recording it. */
  resentAfterKill: string[];
}

/**
 * Each notification delivered, and each Slack one received: none lost, none the registry does not hold, and a second
 * copy only across a kill (the at-least-once window). Messages are matched by channel and headline: two notifications
 * may carry the same text (a version deployed to the same place twice), so copies are counted against notifications.
 */
export function checkOutbox(notifications: NotificationView[], posts: SlackPost[], outages: Outage[]): OutboxReport {
  const problems: string[] = [];
  const resentAfterKill: string[] = [];
  for (const n of notifications) if (n.status !== 'delivered') problems.push(`${n.key} to ${n.target} is ${n.status}: ${n.lastError ?? ''}`);
  const expected = new Map<string, number>();
  for (const n of notifications.filter((x) => x.channel === 'slack')) {
    const key = `${n.target} ${n.headline ?? ''}`;
    expected.set(key, (expected.get(key) ?? 0) + 1);
  }
  const received = new Map<string, number[]>();
  for (const post of posts) {
    // The longest headline that starts the text: one headline may begin another.
    const text = `${post.channel} ${post.text}`;
    const key = [...expected.keys()].filter((k) => text.startsWith(`${k} `)).sort((a, b) => b.length - a.length)[0] ?? text;
    received.set(key, [...(received.get(key) ?? []), post.at]);
  }
  for (const [key, count] of expected) {
    const times = (received.get(key) ?? []).sort((a, b) => a - b);
    if (times.length < count) problems.push(`${count} notification(s) but ${times.length} message(s): ${key.slice(0, 160)}`);
    if (times.length <= count) continue;
    // Copies beyond the notifications' count are resends: each must be apart from the copy before it by an outage.
    const extra = times.slice(count).every((at, i) => outages.some((o) => times[i]! < o.restartedAt && at > o.killedAt));
    (extra ? resentAfterKill : problems).push(
      `${count} notification(s) but ${times.length} message(s)${extra ? '' : ' with no kill between them'}: ${key.slice(0, 160)}`,
    );
  }
  for (const [key, times] of received)
    if (!expected.has(key)) problems.push(`${times.length} message(s) the registry holds no notification for: ${key.slice(0, 160)}`);
  return { problems, resentAfterKill };
}
