// Rule ids of the components family (components that are not reached through operations): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const COMPONENTS_RULES = [
  { id: 'api-security-component-added', level: 'info', bump: 'minor', description: 'security scheme: added to components' },
  { id: 'api-security-component-removed', level: 'info', bump: 'patch', description: 'security scheme: removed from components' },
  { id: 'api-security-component-type-changed', level: 'breaking', bump: 'major', description: 'security scheme: type changed (e.g. http to apiKey): clients authenticate the old way' },
  { id: 'api-security-component-in-changed', level: 'breaking', bump: 'major', description: 'security scheme: API key moved (e.g. header to query): clients send it where it is no longer read' },
  { id: 'api-security-component-name-changed', level: 'breaking', bump: 'major', description: 'security scheme: API key renamed: clients send it under the old name' },
  { id: 'api-security-component-scheme-changed', level: 'breaking', bump: 'major', description: 'security scheme: HTTP authentication scheme changed (e.g. basic to digest, bearer to basic)' },
  { id: 'api-security-component-open-id-connect-url-changed', level: 'breaking', bump: 'major', description: 'security scheme: openIdConnectUrl changed: clients discover the provider at the old address' },
  { id: 'api-security-component-oauth-url-changed', level: 'breaking', bump: 'major', description: 'security scheme: OAuth authorizationUrl changed: clients send users to the old address' },
  { id: 'api-security-component-oauth-token-url-changed', level: 'breaking', bump: 'major', description: 'security scheme: OAuth tokenUrl changed: clients ask the old address for tokens' },
  { id: 'api-security-component-oauth-refresh-url-changed', level: 'breaking', bump: 'major', description: 'security scheme: OAuth refreshUrl changed: clients refresh tokens at the old address' },
  { id: 'api-security-component-oauth-flow-removed', level: 'breaking', bump: 'major', description: 'security scheme: an OAuth flow was removed: clients using it can no longer get tokens' },
  { id: 'api-security-component-oauth-flow-added', level: 'info', bump: 'minor', description: 'security scheme: an OAuth flow was added' },
  { id: 'api-security-component-oauth-scope-added', level: 'info', bump: 'minor', description: 'security scheme: OAuth scope added' },
  { id: 'api-security-component-oauth-scope-removed', level: 'warning', bump: 'patch', description: 'security scheme: OAuth scope removed: a client that asks for it when getting a token may be refused (invalid_scope) or get a token without it' },
  { id: 'api-security-component-oauth-scope-changed', level: 'info', bump: 'patch', description: 'security scheme: OAuth scope description changed' },
  { id: 'api-schema-removed', level: 'info', bump: 'patch', description: 'component schema removed (operations that used it are judged on their own)' },
  { id: 'webhook-added', level: 'info', bump: 'minor', description: 'webhook added' },
  { id: 'webhook-removed', level: 'breaking', bump: 'major', description: 'webhook removed (subscribers stop receiving its calls)' },
] as const satisfies readonly RuleRow[];
