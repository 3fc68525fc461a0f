// Rule ids of the security family (security requirements of operations): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const SECURITY_RULES = [
  { id: 'api-security-added', level: 'breaking', bump: 'major', description: 'operation security: a requirement old clients cannot meet was added' },
  { id: 'api-security-scope-added', level: 'breaking', bump: 'major', description: 'operation security: a scope old clients lack is now required' },
  { id: 'api-security-removed', level: 'info', bump: 'patch', description: 'operation security: a requirement was removed' },
  { id: 'api-security-scope-removed', level: 'info', bump: 'patch', description: 'operation security: a scope is no longer required' },
  { id: 'api-global-security-added', level: 'breaking', bump: 'major', description: 'document security (inherited by the operation): a requirement old clients cannot meet was added' },
  { id: 'api-global-security-scope-added', level: 'breaking', bump: 'major', description: 'document security (inherited by the operation): a scope old clients lack is now required' },
  { id: 'api-global-security-removed', level: 'info', bump: 'patch', description: 'document security (inherited by the operation): a requirement was removed' },
  { id: 'api-security-required-scope-removed-from-flow', level: 'breaking', bump: 'major', description: 'operation security: a scope the operation still requires is gone from its OAuth flow; a client asking for it may be refused (invalid_scope), and a token without it the operation refuses' },
  { id: 'api-global-security-scope-removed', level: 'info', bump: 'patch', description: 'document security (inherited by the operation): a scope is no longer required' },
] as const satisfies readonly RuleRow[];
