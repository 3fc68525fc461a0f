// Rule ids of the header-serialization family (a response header's explode, 2.0 collectionFormat, content): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const HEADER_SERIALIZATION_RULES = [
  { id: 'response-header-explode-changed', level: 'breaking', bump: 'major', description: 'response header: explode changed for an object value (`R,100` against `R=100`): readers split it another way' },
  { id: 'response-header-collection-format-changed', level: 'breaking', bump: 'major', description: 'response header (2.0): collectionFormat of an array changed (another delimiter): readers split it another way' },
  { id: 'response-header-content-added', level: 'breaking', bump: 'major', description: 'response header: now written in the media type of its `content` instead of the simple style: readers parse it another way' },
  { id: 'response-header-content-removed', level: 'breaking', bump: 'major', description: 'response header: now written in the simple style instead of the media type of its `content`: readers parse it another way' },
  { id: 'response-header-content-media-type-changed', level: 'breaking', bump: 'major', description: 'response header: the media type of its `content` changed: readers parse it another way' },
] as const satisfies readonly RuleRow[];
