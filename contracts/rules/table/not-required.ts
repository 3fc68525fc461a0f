// Rule ids of the not-required family (a `not` that forbids property names, `not: {required: [x]}`): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const NOT_REQUIRED_RULES = [
  { id: 'request-property-became-forbidden', level: 'breaking', bump: 'major', description: 'request body property: its object\'s `not: {required: [...]}` now forbids sending it (or sending it with the others listed): requests that send it are refused' },
  { id: 'request-property-became-allowed', level: 'info', bump: 'minor', description: 'request body property: no longer forbidden by its object\'s `not: {required: [...]}` (requests may now send it)' },
  { id: 'response-property-became-forbidden', level: 'info', bump: 'patch', description: 'response body property: its object\'s `not: {required: [...]}` now forbids it (it is no longer returned)' },
  { id: 'response-property-became-allowed', level: 'info', bump: 'minor', description: 'response body property: no longer forbidden by its object\'s `not: {required: [...]}` (it may now be returned, as an optional property added may)' },
] as const satisfies readonly RuleRow[];
