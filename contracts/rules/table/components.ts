// Rule ids of the components family (components that are not reached through operations): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const COMPONENTS_RULES = [
  { id: 'api-security-component-added', level: 'info', bump: 'minor', description: 'security scheme: added to components' },
  { id: 'api-security-component-removed', level: 'info', bump: 'patch', description: 'security scheme: removed from components' },
  { id: 'api-security-component-type-changed', level: 'info', bump: 'patch', description: 'security scheme: type changed (e.g. apiKey to http)' },
  { id: 'api-security-component-oauth-url-changed', level: 'info', bump: 'patch', description: 'security scheme: OAuth authorizationUrl changed' },
  { id: 'api-security-component-oauth-token-url-changed', level: 'info', bump: 'patch', description: 'security scheme: OAuth tokenUrl changed' },
  { id: 'api-security-component-oauth-scope-added', level: 'info', bump: 'minor', description: 'security scheme: OAuth scope added' },
  { id: 'api-security-component-oauth-scope-removed', level: 'info', bump: 'patch', description: 'security scheme: OAuth scope removed' },
  { id: 'api-security-component-oauth-scope-changed', level: 'info', bump: 'patch', description: 'security scheme: OAuth scope description changed' },
  { id: 'api-schema-removed', level: 'info', bump: 'patch', description: 'component schema removed (operations that used it are judged on their own)' },
  { id: 'webhook-added', level: 'info', bump: 'minor', description: 'webhook added' },
  { id: 'webhook-removed', level: 'breaking', bump: 'major', description: 'webhook removed (subscribers stop receiving its calls)' },
] as const satisfies readonly RuleRow[];
