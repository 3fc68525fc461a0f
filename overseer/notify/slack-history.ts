// Reading a Slack channel back: finding a message we posted by the metadata it carries, at the top level or in a
// thread. Slack has no idempotency key and no "thread of X" index, so both questions are answered from history.

import type { WebClient } from '@slack/web-api';

/** The metadata event type that marks our messages; its payload holds the outbox row's key and the change's thread. */
export const SLACK_METADATA_EVENT = 'overseer_notification';
const HISTORY_PAGES = 10;

interface Message {
  ts?: string;
  thread_ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

type MessageTest = (payload: Record<string, unknown>) => boolean;

/**
 * The oldest top-level message since `oldest` (Slack seconds) whose payload passes `test`: its ts; null when there is
 * none; undefined when there is more history than we page through.
 */
export async function findInHistory(client: WebClient, channel: string, oldest: string, test: MessageTest): Promise<string | null | undefined> {
  let cursor: string | undefined;
  let found: string | null = null;
  for (let page = 0; page < HISTORY_PAGES; page++) {
    const answer = await client.conversations.history({ channel, oldest, limit: 200, include_all_metadata: true, ...(cursor && { cursor }) });
    // Newest first: the last match seen is the oldest.
    for (const m of (answer.messages ?? []) as Message[]) if (carries(m, test) && m.ts) found = m.ts;
    cursor = answer.response_metadata?.next_cursor;
    if (!answer.has_more || !cursor) return found;
  }
  return found ?? undefined;
}

/** Whether a reply in the thread rooted at `ts` carries a payload that passes `test`. */
export async function isInThread(client: WebClient, channel: string, ts: string, test: MessageTest): Promise<boolean> {
  let cursor: string | undefined;
  for (let page = 0; page < HISTORY_PAGES; page++) {
    const answer = await client.conversations.replies({ channel, ts, limit: 200, include_all_metadata: true, ...(cursor && { cursor }) } as never);
    if (((answer.messages ?? []) as Message[]).some((m) => carries(m, test))) return true;
    cursor = answer.response_metadata?.next_cursor;
    if (!answer.has_more || !cursor) return false;
  }
  return false;
}

function carries(m: Message, test: MessageTest): boolean {
  return m.metadata?.event_type === SLACK_METADATA_EVENT && m.metadata.event_payload !== undefined && test(m.metadata.event_payload);
}
