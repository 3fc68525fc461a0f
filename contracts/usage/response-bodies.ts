// The bodies a use reads in an operation's responses, by the status that answers: what satisfy.ts looks a read field
// up in, kept apart per status so that a field one status returns does not stand in for another status lacking it.

import type { Schema } from '../schema/dialect.js';
import type { OperationEntry } from '../schema/operations.js';
import { joinPointer } from '../schema/pointer.js';
import type { Located, Resolver } from '../schema/resolve.js';
import { landsIn } from './media-types.js';
import { selectStatuses } from './response-status.js';

interface ResponseBodies {
  /** Every media type's schema of every answering response. */
  bodies: Located<Schema>[];
  /** The same schemas by the response key (`404`, `4XX`, `default`) they answer for. */
  byStatus: { status: string; bodies: Located<Schema>[] }[];
  /** Header names, lower-cased, of every answering response. */
  headers: Set<string>;
}

/**
 * The bodies (every media type) and header names (lower-cased) of the responses answering the statuses a use expects;
 * unsaid, of the 2xx/3xx responses, or of all when there are none.
 */
export function readResponses(entry: OperationEntry, resolver: Resolver, statuses: readonly string[] | undefined, readsIn?: readonly string[]): ResponseBodies {
  const responses: Record<string, unknown> = entry.operation.responses ?? {};
  const answer: ResponseBodies = { bodies: [], byStatus: [], headers: new Set<string>() };
  for (const status of selectStatuses(Object.keys(responses), statuses)) {
    const r = resolver.follow(responses[status], joinPointer(entry.pointer, 'responses', status));
    const bodies = mediaSchemas(r.node?.content, r.pointer, readsIn);
    answer.bodies.push(...bodies);
    answer.byStatus.push({ status, bodies });
    for (const name of Object.keys(r.node?.headers ?? {})) answer.headers.add(name.toLowerCase());
  }
  return answer;
}

/** The schemas of a Content map, in the media types `sentIn` names (all when it names none). */
export function mediaSchemas(content: unknown, pointer: string, sentIn?: readonly string[]): Located<Schema>[] {
  if (!content || typeof content !== 'object') return [];
  return Object.entries(content as Record<string, any>)
    .filter(([name, media]) => media?.schema && typeof media.schema === 'object' && landsIn(name, sentIn))
    .map(([name, media]) => ({ node: media.schema, pointer: joinPointer(pointer, 'content', name, 'schema') }));
}
