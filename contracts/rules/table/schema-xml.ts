// Rule ids of the schema-xml family (how a schema is written in an XML body): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const SCHEMA_XML_RULES = [
  { id: 'request-body-xml-changed', level: 'breaking', bump: 'major', at: ['request', 'body', 'xml-changed'], description: 'request body (top-level schema): its XML name, namespace, attribute or wrapping changed (XML clients send elements the server no longer reads)' },
  { id: 'request-property-xml-changed', level: 'breaking', bump: 'major', at: ['request', 'property', 'xml-changed'], description: 'request body property: its XML name, namespace, attribute or wrapping changed (XML clients send elements the server no longer reads)' },
  { id: 'response-body-xml-changed', level: 'breaking', bump: 'major', at: ['response', 'body', 'xml-changed'], description: 'response body (top-level schema): its XML name, namespace, attribute or wrapping changed (XML readers look for elements no longer sent)' },
  { id: 'response-property-xml-changed', level: 'breaking', bump: 'major', at: ['response', 'property', 'xml-changed'], description: 'response body property: its XML name, namespace, attribute or wrapping changed (XML readers look for elements no longer sent)' },
] as const satisfies readonly RuleRow[];
