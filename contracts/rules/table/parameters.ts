// Rule ids of the parameters family (request parameters added, removed, required, moved): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const PARAMETERS_RULES = [
  { id: 'new-required-request-parameter', level: 'breaking', bump: 'major', description: 'operation gained a required parameter' },
  { id: 'new-optional-request-parameter', level: 'info', bump: 'minor', description: 'operation gained an optional parameter' },
  { id: 'new-request-path-parameter', level: 'breaking', bump: 'major', description: 'operation gained a path parameter' },
  { id: 'new-required-request-default-parameter-to-existing-path', level: 'breaking', bump: 'major', description: 'a required parameter was added at path level (every operation of the path gains it)' },
  { id: 'new-optional-request-default-parameter-to-existing-path', level: 'info', bump: 'minor', description: 'an optional parameter was added at path level (every operation of the path gains it)' },
  { id: 'request-parameter-removed', level: 'warning', bump: 'patch', description: 'request parameter: removed (clients still sending it may be rejected or ignored)' },
  { id: 'request-parameter-removed-with-deprecation', level: 'info', bump: 'patch', description: 'request parameter: removed after being deprecated (and after its sunset date, if any)' },
  { id: 'request-parameter-removed-before-sunset', level: 'breaking', bump: 'major', description: 'request parameter: removed before its announced sunset date' },
  { id: 'request-parameter-sunset-parse', level: 'breaking', bump: 'major', description: 'deprecated request parameter: its sunset date cannot be read' },
  { id: 'request-parameter-became-required', level: 'breaking', bump: 'major', description: 'request parameter: became required' },
  { id: 'request-parameter-became-optional', level: 'info', bump: 'patch', description: 'request parameter: became optional' },
  { id: 'request-parameter-in-changed', level: 'breaking', bump: 'major', description: 'request parameter: moved to another location (e.g. query to header)' },
] as const satisfies readonly RuleRow[];
