// Rule ids of the dialects family (which JSON Schema dialect the schemas are read in): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const DIALECTS_RULES = [
  { id: 'json-schema-dialect-changed', level: 'warning', bump: 'major', description: "document: jsonSchemaDialect changed (every schema without its own $schema is read by the new dialect's keywords; review them by hand)" },
  { id: 'schema-dialect-changed', level: 'warning', bump: 'major', description: "schema: the dialect it is read in ($schema) changed (its keywords may now mean something else; review it by hand)" },
  { id: 'schema-keyword-ignored', level: 'info', bump: 'patch', description: "schema: a keyword of another OpenAPI version's Schema Object written (3.1's `const` in a 3.0 document, 3.0's boolean `exclusiveMinimum` in 3.1), which no reader of this version applies: it is no part of the contract" },
] as const satisfies readonly RuleRow[];
