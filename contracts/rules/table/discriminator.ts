// Rule ids of the discriminator family (discriminators of polymorphic schemas): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const DISCRIMINATOR_RULES = [
  { id: 'request-body-discriminator-added', level: 'info', bump: 'minor', at: ['request', 'body', 'discriminator-added'], description: 'request body (top-level schema): discriminator added' },
  { id: 'request-property-discriminator-added', level: 'info', bump: 'minor', at: ['request', 'property', 'discriminator-added'], description: 'request body property: discriminator added' },
  { id: 'response-body-discriminator-added', level: 'info', bump: 'minor', at: ['response', 'body', 'discriminator-added'], description: 'response body (top-level schema): discriminator added' },
  { id: 'response-property-discriminator-added', level: 'info', bump: 'minor', at: ['response', 'property', 'discriminator-added'], description: 'response body property: discriminator added' },
  { id: 'request-body-discriminator-removed', level: 'info', bump: 'patch', at: ['request', 'body', 'discriminator-removed'], description: 'request body (top-level schema): discriminator removed' },
  { id: 'request-property-discriminator-removed', level: 'info', bump: 'patch', at: ['request', 'property', 'discriminator-removed'], description: 'request body property: discriminator removed' },
  { id: 'response-body-discriminator-removed', level: 'info', bump: 'patch', at: ['response', 'body', 'discriminator-removed'], description: 'response body (top-level schema): discriminator removed' },
  { id: 'response-property-discriminator-removed', level: 'info', bump: 'patch', at: ['response', 'property', 'discriminator-removed'], description: 'response body property: discriminator removed' },
  { id: 'request-body-discriminator-property-name-changed', level: 'breaking', bump: 'major', at: ['request', 'body', 'discriminator-property-name-changed'], description: 'request body (top-level schema): discriminator property name changed' },
  { id: 'request-property-discriminator-property-name-changed', level: 'breaking', bump: 'major', at: ['request', 'property', 'discriminator-property-name-changed'], description: 'request body property: discriminator property name changed' },
  { id: 'response-body-discriminator-property-name-changed', level: 'breaking', bump: 'major', at: ['response', 'body', 'discriminator-property-name-changed'], description: 'response body (top-level schema): discriminator property name changed' },
  { id: 'response-property-discriminator-property-name-changed', level: 'breaking', bump: 'major', at: ['response', 'property', 'discriminator-property-name-changed'], description: 'response body property: discriminator property name changed' },
  { id: 'request-body-discriminator-mapping-added', level: 'info', bump: 'minor', at: ['request', 'body', 'discriminator-mapping-added'], description: 'request body (top-level schema): discriminator mapping entries added' },
  { id: 'request-property-discriminator-mapping-added', level: 'info', bump: 'minor', at: ['request', 'property', 'discriminator-mapping-added'], description: 'request body property: discriminator mapping entries added' },
  { id: 'response-body-discriminator-mapping-added', level: 'warning', bump: 'minor', at: ['response', 'body', 'discriminator-mapping-added'], description: 'response body (top-level schema): discriminator mapping entries added' },
  { id: 'response-property-discriminator-mapping-added', level: 'warning', bump: 'minor', at: ['response', 'property', 'discriminator-mapping-added'], description: 'response body property: discriminator mapping entries added' },
  { id: 'request-body-discriminator-mapping-deleted', level: 'breaking', bump: 'major', at: ['request', 'body', 'discriminator-mapping-deleted'], description: 'request body (top-level schema): discriminator mapping entries deleted' },
  { id: 'request-property-discriminator-mapping-deleted', level: 'breaking', bump: 'major', at: ['request', 'property', 'discriminator-mapping-deleted'], description: 'request body property: discriminator mapping entries deleted' },
  { id: 'response-body-discriminator-mapping-deleted', level: 'info', bump: 'patch', at: ['response', 'body', 'discriminator-mapping-deleted'], description: 'response body (top-level schema): discriminator mapping entries deleted' },
  { id: 'response-property-discriminator-mapping-deleted', level: 'info', bump: 'patch', at: ['response', 'property', 'discriminator-mapping-deleted'], description: 'response body property: discriminator mapping entries deleted' },
  { id: 'request-body-discriminator-mapping-changed', level: 'warning', bump: 'patch', at: ['request', 'body', 'discriminator-mapping-changed'], description: 'request body (top-level schema): discriminator mapping entries now point elsewhere' },
  { id: 'request-property-discriminator-mapping-changed', level: 'warning', bump: 'patch', at: ['request', 'property', 'discriminator-mapping-changed'], description: 'request body property: discriminator mapping entries now point elsewhere' },
  { id: 'response-body-discriminator-mapping-changed', level: 'warning', bump: 'patch', at: ['response', 'body', 'discriminator-mapping-changed'], description: 'response body (top-level schema): discriminator mapping entries now point elsewhere' },
  { id: 'response-property-discriminator-mapping-changed', level: 'warning', bump: 'patch', at: ['response', 'property', 'discriminator-mapping-changed'], description: 'response body property: discriminator mapping entries now point elsewhere' },
] as const satisfies readonly RuleRow[];
