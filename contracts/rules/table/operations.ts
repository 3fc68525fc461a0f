// Rule ids of the operations family (operations and paths removed, added, deprecated): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const OPERATIONS_RULES = [
  { id: 'api-path-removed-without-deprecation', level: 'breaking', bump: 'major', description: 'path removed without a prior deprecation' },
  { id: 'api-path-removed-before-sunset', level: 'breaking', bump: 'major', description: 'path removed before its announced sunset date' },
  { id: 'api-path-removed-with-deprecation', level: 'info', bump: 'patch', description: 'path removed after being deprecated' },
  { id: 'api-path-sunset-parse', level: 'breaking', bump: 'major', description: 'removed path: its sunset date cannot be read' },
  { id: 'api-removed-without-deprecation', level: 'breaking', bump: 'major', description: 'operation removed without a prior deprecation' },
  { id: 'api-removed-before-sunset', level: 'breaking', bump: 'major', description: 'operation removed before its announced sunset date' },
  { id: 'api-removed-with-deprecation', level: 'info', bump: 'patch', description: 'operation removed after being deprecated' },
  { id: 'api-deprecated-sunset-parse', level: 'breaking', bump: 'major', description: 'operation deprecated or removed: its sunset date cannot be read' },
  { id: 'endpoint-added', level: 'info', bump: 'minor', description: 'operation added' },
  { id: 'endpoint-deprecated', level: 'info', bump: 'minor', description: 'operation marked deprecated' },
  { id: 'endpoint-deprecated-with-sunset', level: 'info', bump: 'minor', description: 'operation marked deprecated with a sunset date' },
  { id: 'endpoint-reactivated', level: 'info', bump: 'minor', description: 'operation no longer deprecated' },
  { id: 'endpoint-x-deprecated-unread', level: 'warning', bump: 'patch', description: 'operation marked x-deprecated, which is not read as deprecated' },
] as const satisfies readonly RuleRow[];
