// Rule ids of the deprecation family (properties deprecated and reactivated): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const DEPRECATION_RULES = [
  { id: 'request-property-deprecated', level: 'info', bump: 'minor', at: ['request', 'property', 'deprecated'], description: 'request body property: marked deprecated' },
  { id: 'request-property-deprecated-with-sunset', level: 'info', bump: 'minor', at: ['request', 'property', 'deprecated-with-sunset'], description: 'request body property: marked deprecated with a sunset date' },
  { id: 'request-property-deprecated-sunset-invalid', level: 'breaking', bump: 'major', at: ['request', 'property', 'deprecated-sunset-invalid'], description: 'request body property: marked deprecated with a sunset date that cannot be read' },
  { id: 'request-property-x-deprecated-unread', level: 'warning', bump: 'patch', at: ['request', 'property', 'x-deprecated-unread'], description: 'request body property: marked x-deprecated, which is not read as deprecated' },
  { id: 'request-property-reactivated', level: 'info', bump: 'patch', at: ['request', 'property', 'reactivated'], description: 'request body property: no longer deprecated' },
  { id: 'response-property-deprecated', level: 'info', bump: 'minor', at: ['response', 'property', 'deprecated'], description: 'response property: marked deprecated' },
  { id: 'response-property-deprecated-with-sunset', level: 'info', bump: 'minor', at: ['response', 'property', 'deprecated-with-sunset'], description: 'response property: marked deprecated with a sunset date' },
  { id: 'response-property-deprecated-sunset-invalid', level: 'breaking', bump: 'major', at: ['response', 'property', 'deprecated-sunset-invalid'], description: 'response property: marked deprecated with a sunset date that cannot be read' },
  { id: 'response-property-x-deprecated-unread', level: 'warning', bump: 'patch', at: ['response', 'property', 'x-deprecated-unread'], description: 'response property: marked x-deprecated, which is not read as deprecated' },
  { id: 'response-property-reactivated', level: 'info', bump: 'patch', at: ['response', 'property', 'reactivated'], description: 'response property: no longer deprecated' },
  { id: 'request-parameter-deprecated', level: 'info', bump: 'minor', description: 'request parameter: marked deprecated' },
  { id: 'request-parameter-x-deprecated-unread', level: 'warning', bump: 'patch', description: 'request parameter: marked x-deprecated, which is not read as deprecated' },
  { id: 'request-parameter-reactivated', level: 'info', bump: 'patch', description: 'request parameter: no longer deprecated' },
  { id: 'request-parameter-sunset-deleted', level: 'breaking', bump: 'major', description: 'request parameter: sunset date dropped while it is still deprecated' },
  { id: 'sunset-deleted', level: 'breaking', bump: 'major', description: 'operation: sunset date dropped while it is still deprecated' },
] as const satisfies readonly RuleRow[];
