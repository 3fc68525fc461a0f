// What Slack answered about its channels (a name's id, an id's name), kept a while and shared by the publications and
// the sender: asked at each publication and before each post, a deploy that notified 300 services asked Slack hundreds
// of times and met its rate limits.

import type { NotifyConfig } from './config.js';
import { openSlackClient } from './slack-client.js';

export interface SlackDirectory {
  /** The channel's id (`C0123ABCD`) for a name (`#users-alerts`), or undefined when no channel the bot can see has it. */
  idOf(name: string): Promise<string | undefined>;
  /** `#name` for a channel id, or undefined when Slack knows no such channel. */
  nameOf(id: string): Promise<string | undefined>;
  /** `#name` for a channel id from the listing alone: one call for every id asked, where `nameOf` asks per id. */
  nameListed(id: string): Promise<string | undefined>;
}

/** Slack was not asked, or did not answer: nothing is known, and the caller may ask again later. */
export class SlackUnanswered extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    /** Slack's own error (`missing_scope`), when it answered one. */
    readonly reason?: string,
  ) {
    super(message);
  }
}

// A channel found is renamed or archived rarely; one not found may be created, or the bot invited, within the minute.
const FOUND_MS = 10 * 60_000;
const NOT_FOUND_MS = 60_000;
// conversations.list pages read, 1000 channels a page: a listing holds at most 10,000 channels.
const PAGES = 10;
// A Retry-After beyond a day is not taken at its word, as for deliveries.
const MAX_QUIET_MS = 24 * 60 * 60_000;
// Ids asked one by one (conversations.info) and kept; the oldest go first.
const KEPT_IDS = 10_000;

type Lookup = Pick<NotifyConfig['slack'], 'apiUrl' | 'token'>;
const directories = new WeakMap<Lookup, SlackDirectory>();

/** The directory of one registry's Slack settings: the routes and the sender, given the same settings, share it. */
export function slackDirectoryOf(slack: Lookup, timeoutMs: number): SlackDirectory {
  let directory = directories.get(slack);
  if (directory === undefined) {
    directory = createSlackDirectory(slack, timeoutMs);
    directories.set(slack, directory);
  }
  return directory;
}

/** A directory of its own, on a clock of its own (tests move it past the lifetimes). */
export function createSlackDirectory(slack: Lookup, timeoutMs: number, now: () => number = Date.now): SlackDirectory {
  let listing: { at: number; ids: Map<string, string>; names: Map<string, string> } | undefined;
  let listing$: Promise<NonNullable<typeof listing>> | undefined;
  const infos = new Map<string, { at: number; name: string | undefined }>();
  const infos$ = new Map<string, Promise<string | undefined>>();
  // Until when Slack asked (429 Retry-After) not to be asked: a look-up before then fails at once.
  let quietUntil = 0;
  // A refusal of the token (missing_scope, invalid_auth) is answered again for a minute without asking.
  let refused: { until: number; error: SlackUnanswered } | undefined;

  async function call(method: string, params: Record<string, string>): Promise<Record<string, unknown>> {
    if (now() < quietUntil)
      throw new SlackUnanswered(`Slack asked not to be asked before ${new Date(quietUntil).toISOString()} (rate-limited)`, quietUntil - now());
    if (refused && now() < refused.until) throw refused.error;
    const client = await openSlackClient(slack.token, slack.apiUrl, timeoutMs);
    try {
      return (await client.apiCall(method, params)) as unknown as Record<string, unknown>;
    } catch (error) {
      const e = error as { code?: string; data?: { error?: string }; statusCode?: number; retryAfter?: number; message?: string };
      if (e.code === 'slack_webapi_platform_error' && e.data?.error === 'channel_not_found') return e.data as Record<string, unknown>;
      if (e.code === 'slack_webapi_rate_limited_error') {
        const waitMs = Math.min(MAX_QUIET_MS, (e.retryAfter ?? 1) * 1000);
        quietUntil = now() + waitMs;
        throw new SlackUnanswered(`${method} was rate-limited (retry after ${e.retryAfter ?? 1} s)`, waitMs);
      }
      if (e.code === 'slack_webapi_platform_error') {
        refused = { until: now() + NOT_FOUND_MS, error: new SlackUnanswered(`${method} answered ${String(e.data?.error)}`, undefined, e.data?.error) };
        throw refused.error;
      }
      if (e.code === 'slack_webapi_http_error') throw new SlackUnanswered(`${method} answered HTTP ${e.statusCode}`);
      throw new SlackUnanswered(`${method} could not be reached: ${e.message ?? String(error)}`);
    }
  }

  // Every channel the bot can see, read once for all the names asked while it is fresh; one reading at a time.
  async function readListing(): Promise<NonNullable<typeof listing>> {
    const ids = new Map<string, string>();
    const names = new Map<string, string>();
    let cursor = '';
    for (let page = 0; page < PAGES; page++) {
      const params = { types: 'public_channel,private_channel', exclude_archived: 'true', limit: '1000', ...(cursor && { cursor }) };
      const answer = await call('conversations.list', params);
      for (const c of (answer.channels as { id?: unknown; name?: unknown }[] | undefined) ?? []) {
        if (typeof c.id !== 'string' || typeof c.name !== 'string') continue;
        ids.set(c.name, c.id);
        names.set(c.id, c.name);
      }
      cursor = (answer.response_metadata as { next_cursor?: string } | undefined)?.next_cursor ?? '';
      if (!cursor) break;
    }
    return { at: now(), ids, names };
  }

  const fresh = (at: number, found: boolean) => now() - at < (found ? FOUND_MS : NOT_FOUND_MS);

  async function readFresh(known: (read: NonNullable<typeof listing>) => boolean): Promise<NonNullable<typeof listing>> {
    if (listing && fresh(listing.at, known(listing))) return listing;
    listing$ ??= readListing().finally(() => {
      listing$ = undefined;
    });
    listing = await listing$;
    return listing;
  }

  return {
    async idOf(channel) {
      const name = channel.trim().replace(/^#/, '').toLowerCase();
      return (await readFresh((read) => read.ids.has(name))).ids.get(name);
    },
    async nameListed(id) {
      const name = (await readFresh((read) => read.names.has(id))).names.get(id);
      return name === undefined ? undefined : `#${name}`;
    },
    async nameOf(id) {
      const listed = listing && fresh(listing.at, true) ? listing.names.get(id) : undefined;
      if (listed !== undefined) return `#${listed}`;
      const kept = infos.get(id);
      if (kept && fresh(kept.at, kept.name !== undefined)) return kept.name;
      let asked = infos$.get(id);
      if (asked === undefined) {
        asked = call('conversations.info', { channel: id })
          .then((answer) => {
            const name = (answer.channel as { name?: unknown } | undefined)?.name;
            const found = typeof name === 'string' ? `#${name}` : undefined;
            infos.delete(id);
            infos.set(id, { at: now(), name: found });
            if (infos.size > KEPT_IDS) infos.delete(infos.keys().next().value!);
            return found;
          })
          .finally(() => infos$.delete(id));
        infos$.set(id, asked);
      }
      return asked;
    },
  };
}
