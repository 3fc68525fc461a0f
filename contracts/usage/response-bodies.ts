// The bodies a use reads in an operation's responses, by the status that answers: what satisfy.ts looks a read field
// up in, kept apart per status (bodies and headers alike) so that what one status returns does not stand in for another
// status lacking it.

import type { Schema } from '../schema/dialect.js';
import type { OperationEntry } from '../schema/operations.js';
import { joinPointer } from '../schema/pointer.js';
import type { Located, Resolver } from '../schema/resolve.js';
import { landsIn } from './media-types.js';
import { selectStatuses } from './response-status.js';

interface ResponseBodies {
  /** Every media type's schema of every answering response. */
  bodies: Located<Schema>[];
  /** The same schemas, and each response's header names (lower-cased), by the response key (`404`, `4XX`, `default`). */
  byStatus: StatusAnswer[];
}

/** One answering response: what a use reads in it. */
export interface StatusAnswer {
  status: string;
  bodies: Located<Schema>[];
  headers: Set<string>;
}

/**
 * The bodies (every media type) and header names (lower-cased) of the responses answering the statuses a use expects,
 * each response apart; unsaid, of the 2xx/3xx responses, or of all when there are none.
 */
export function readResponses(entry: OperationEntry, resolver: Resolver, statuses: readonly string[] | undefined, readsIn?: readonly string[]): ResponseBodies {
  const responses: Record<string, unknown> = entry.operation.responses ?? {};
  const answer: ResponseBodies = { bodies: [], byStatus: [] };
  for (const status of selectStatuses(Object.keys(responses), statuses)) {
    const r = resolver.follow(responses[status], joinPointer(entry.pointer, 'responses', status));
    const bodies = mediaSchemas(r.node?.content, r.pointer, readsIn);
    answer.bodies.push(...bodies);
    answer.byStatus.push({ status, bodies, headers: headerNames(r.node) });
  }
  return answer;
}

/** A Response Object's header names, lower-cased as HTTP compares them. */
function headerNames(response: { headers?: unknown } | undefined): Set<string> {
  const headers = response?.headers;
  return new Set(headers && typeof headers === 'object' ? Object.keys(headers).map((name) => name.toLowerCase()) : []);
}

/** The schemas of a Content map, in the media types `sentIn` names (all when it names none). */
export function mediaSchemas(content: unknown, pointer: string, sentIn?: readonly string[]): Located<Schema>[] {
  if (!content || typeof content !== 'object') return [];
  return Object.entries(content as Record<string, any>)
    .filter(([name, media]) => media?.schema && typeof media.schema === 'object' && landsIn(name, sentIn))
    .map(([name, media]) => ({ node: media.schema, pointer: joinPointer(pointer, 'content', name, 'schema') }));
}
