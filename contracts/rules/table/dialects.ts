// Rule ids of the dialects family (which JSON Schema dialect the schemas are read in): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const DIALECTS_RULES = [
  { id: 'json-schema-dialect-changed', level: 'warning', bump: 'major', description: "document: jsonSchemaDialect changed (every schema without its own $schema is read by the new dialect's keywords; review them by hand)" },
  { id: 'schema-dialect-changed', level: 'warning', bump: 'major', description: "schema: the dialect it is read in ($schema) changed (its keywords may now mean something else; review it by hand)" },
] as const satisfies readonly RuleRow[];
