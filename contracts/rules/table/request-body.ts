// Rule ids of the request-body family (the request body and its media types): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const REQUEST_BODY_RULES = [
  { id: 'request-body-added-required', level: 'breaking', bump: 'major', description: 'operation now has a required request body where it had none' },
  { id: 'request-body-added-optional', level: 'info', bump: 'minor', description: 'operation now has an optional request body where it had none' },
  { id: 'request-body-removed', level: 'breaking', bump: 'major', description: 'request body removed (clients sending one may be rejected)' },
  { id: 'request-body-became-required', level: 'breaking', bump: 'major', description: 'request body: became required' },
  { id: 'request-body-became-optional', level: 'info', bump: 'patch', description: 'request body: became optional' },
  { id: 'request-body-media-type-removed', level: 'breaking', bump: 'major', description: 'request body: a media type is no longer accepted' },
  { id: 'request-body-media-type-added', level: 'info', bump: 'minor', description: 'request body: an additional media type is accepted' },
  { id: 'request-body-media-type-schema-added', level: 'breaking', bump: 'major', description: 'request body: a media type that accepted anything now has a schema' },
  { id: 'request-body-media-type-schema-removed', level: 'info', bump: 'patch', description: 'request body: a media type no longer has a schema (accepts anything)' },
] as const satisfies readonly RuleRow[];
