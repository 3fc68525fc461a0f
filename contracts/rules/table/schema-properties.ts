// Rule ids of the schema-properties family (object properties added, removed, required): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const SCHEMA_PROPERTIES_RULES = [
  { id: 'request-property-removed', level: 'warning', bump: 'patch', description: 'request body property: removed (clients still sending it may be rejected or ignored)' },
  { id: 'new-required-request-property', level: 'breaking', bump: 'major', description: 'request body gained a required property' },
  { id: 'new-required-request-property-with-default', level: 'breaking', bump: 'major', description: 'request body gained a required property that has a default (the default does not help: it must be sent)' },
  { id: 'new-optional-request-property', level: 'info', bump: 'minor', description: 'request body gained an optional property' },
  { id: 'request-property-became-required', level: 'breaking', bump: 'major', description: 'request body property: became required' },
  { id: 'request-property-became-required-with-default', level: 'breaking', bump: 'major', description: 'request body property with a default: became required' },
  { id: 'request-property-became-optional', level: 'info', bump: 'patch', description: 'request body property: became optional' },
  { id: 'response-required-property-removed', level: 'breaking', bump: 'major', description: 'required response property: removed' },
  { id: 'response-optional-property-removed', level: 'warning', bump: 'patch', description: 'optional response property: removed (breaks clients that read it)' },
  { id: 'response-property-became-optional', level: 'breaking', bump: 'major', description: 'response property: became optional' },
  { id: 'response-property-became-required', level: 'info', bump: 'patch', description: 'response property: became required' },
  { id: 'response-required-property-added', level: 'info', bump: 'minor', description: 'required response property: added' },
  { id: 'response-optional-property-added', level: 'info', bump: 'minor', description: 'optional response property: added' },
  { id: 'request-parameter-property-removed', level: 'warning', bump: 'patch', description: 'property inside a request parameter schema: removed' },
  { id: 'new-required-request-parameter-property', level: 'breaking', bump: 'major', description: 'request parameter schema gained a required property' },
  { id: 'request-parameter-property-became-required', level: 'breaking', bump: 'major', description: 'property inside a request parameter schema: became required' },
  { id: 'new-required-request-header-property', level: 'breaking', bump: 'major', description: 'request header parameter schema gained a required property' },
  { id: 'request-header-property-became-required', level: 'breaking', bump: 'major', description: 'property inside a request header parameter schema: became required' },
] as const satisfies readonly RuleRow[];
