// Rule ids of the parameter-serialization family (style, explode, allowEmptyValue, allowReserved, content): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const PARAMETER_SERIALIZATION_RULES = [
  { id: 'request-parameter-style-changed', level: 'breaking', bump: 'major', description: 'request parameter: serialization style changed (e.g. form to simple): values clients send are read another way' },
  { id: 'request-parameter-explode-changed', level: 'breaking', bump: 'major', description: 'request parameter: explode changed for an array or object: values clients send are read another way' },
  { id: 'request-parameter-allow-empty-value-removed', level: 'breaking', bump: 'major', description: 'request parameter: allowEmptyValue dropped, so an empty value clients send may be refused' },
  { id: 'request-parameter-allow-empty-value-added', level: 'info', bump: 'minor', description: 'request parameter: allowEmptyValue introduced (an empty value is now accepted)' },
  { id: 'request-parameter-allow-reserved-removed', level: 'breaking', bump: 'major', description: 'request parameter: allowReserved dropped, so reserved characters clients send unencoded are read another way' },
  { id: 'request-parameter-allow-reserved-added', level: 'info', bump: 'minor', description: 'request parameter: allowReserved introduced (reserved characters may now be sent unencoded)' },
  { id: 'request-parameter-content-added', level: 'breaking', bump: 'major', description: 'request parameter: now written in the media type of its `content` instead of by its style (values clients send are read another way)' },
  { id: 'request-parameter-content-removed', level: 'breaking', bump: 'major', description: 'request parameter: now written by its style instead of in the media type of its `content` (values clients send are read another way)' },
  { id: 'request-parameter-content-media-type-changed', level: 'breaking', bump: 'major', description: 'request parameter: the media type of its `content` changed (values clients send are read another way)' },
] as const satisfies readonly RuleRow[];
