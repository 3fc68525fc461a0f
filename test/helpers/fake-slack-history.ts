// What a fake Slack needs to answer conversations.list and conversations.history from the messages it accepted, so
// that the worker's look-up before a repeated post (overseer/notify/slack.ts) runs against the fakes.

interface StoredMessage {
  ts: string;
  /** The root's ts, for a reply. */
  thread_ts?: string;
  text?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

interface SlackHistory {
  /**
   * Keeps a chat.postMessage to a channel that exists, given by id or by name, and answers the channel's id and the
   * message's ts, as Slack does; undefined for a channel the workspace does not have (Slack's channel_not_found).
   */
  record(channel: string, text: string | undefined, metadata: unknown, threadTs?: string): { channel: string; ts: string } | undefined;
  /** Channels that exist in the workspace before anything is posted to them, as in Slack. */
  createChannels(names: readonly string[]): void;
  /** The token lacks `channels:read`: conversations.list answers missing_scope. */
  withoutListScope(): void;
  /** The answer to a conversations.* method (list, paged, and info too), or undefined when `method` is not one of them. */
  answer(method: string, fields: Record<string, unknown>): Record<string, unknown> | undefined;
  /** conversations.history requests answered. */
  readonly lookups: { asked: number };
}

export function createSlackHistory(): SlackHistory {
  const ids = new Map<string, string>();
  const messages = new Map<string, StoredMessage[]>();
  let counter = 0;
  const lookups = { asked: 0 };
  let listable = true;
  // Channels are named `#x` in posts; history is asked by id, like the real API.
  const create = (channel: string) => {
    const name = channel.replace(/^#/, '');
    if (!ids.has(name)) ids.set(name, `C${String(ids.size + 1).padStart(8, '0')}`);
  };
  // As Slack reads chat.postMessage's `channel`: an id names the channel with that id, anything else is a name.
  const resolve = (channel: string) => {
    if (/^[CG][A-Z0-9]{6,}$/.test(channel)) return [...ids.values()].includes(channel) ? channel : undefined;
    return ids.get(channel.replace(/^#/, ''));
  };
  return {
    lookups,
    record(channel, text, metadata, threadTs) {
      const id = resolve(channel);
      if (id === undefined) return undefined;
      const ts = `${Math.floor(Date.now() / 1000)}.${String(++counter).padStart(6, '0')}`;
      const list = messages.get(id) ?? [];
      list.push({ ts, text, ...(threadTs !== undefined && { thread_ts: threadTs }), ...(readMetadata(metadata) && { metadata: readMetadata(metadata) }) });
      messages.set(id, list);
      return { channel: id, ts };
    },
    createChannels(names) {
      for (const name of names) create(name);
    },
    withoutListScope() {
      listable = false;
    },
    answer(method, fields) {
      if (method === 'conversations.list' || method === 'conversations.info') {
        if (!listable) return { ok: false, error: 'missing_scope', needed: 'channels:read', provided: 'chat:write' };
        const channels = [...ids].map(([name, id]) => ({ id, name }));
        if (method === 'conversations.info') {
          const found = channels.find((c) => c.id === String(fields.channel ?? ''));
          return found ? { ok: true, channel: found } : { ok: false, error: 'channel_not_found' };
        }
        // Paged as Slack pages: `limit` at a time, the cursor an offset it alone can read.
        const limit = Math.max(1, Number(fields.limit ?? 100));
        const from = fields.cursor ? Number(Buffer.from(String(fields.cursor), 'base64').toString('utf8').replace('offset:', '')) : 0;
        const next = from + limit < channels.length ? Buffer.from(`offset:${from + limit}`).toString('base64') : '';
        return { ok: true, channels: channels.slice(from, from + limit), response_metadata: { next_cursor: next } };
      }
      if (method !== 'conversations.history' && method !== 'conversations.replies') return undefined;
      const id = String(fields.channel ?? '');
      if (!messages.has(id) && ![...ids.values()].includes(id)) return { ok: false, error: 'channel_not_found' };
      const oldest = Number(fields.oldest ?? 0);
      const withMetadata = fields.include_all_metadata === true || fields.include_all_metadata === 'true';
      const all = messages.get(id) ?? [];
      // As Slack: the history holds top-level messages only, newest first; a thread's replies, oldest first, with the root.
      const found =
        method === 'conversations.replies'
          ? all.filter((m) => m.ts === fields.ts || m.thread_ts === fields.ts)
          : all.filter((m) => m.thread_ts === undefined && Number(m.ts) >= oldest).reverse();
      lookups.asked++;
      return { ok: true, has_more: false, messages: found.map((m) => (withMetadata ? m : { ts: m.ts, text: m.text })) };
    },
  };
}

// The SDK sends objects inside a form as JSON strings.
function readMetadata(value: unknown): StoredMessage['metadata'] | undefined {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return parsed && typeof parsed === 'object' ? (parsed as StoredMessage['metadata']) : undefined;
}
