// Rule ids of the read-write-only family (readOnly and writeOnly properties): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const READ_WRITE_ONLY_RULES = [
  { id: 'request-optional-property-became-read-only', level: 'warning', bump: 'patch', description: 'request optional property: became readOnly, so clients that send it may be refused' },
  { id: 'request-optional-property-became-not-read-only', level: 'info', bump: 'patch', description: 'request optional property: became not read only' },
  { id: 'request-optional-property-became-write-only', level: 'info', bump: 'patch', description: 'request optional property: became write only' },
  { id: 'request-optional-property-became-not-write-only', level: 'info', bump: 'patch', description: 'request optional property: became not write only' },
  { id: 'request-required-property-became-read-only', level: 'breaking', bump: 'major', description: 'request required property: became readOnly, so clients may no longer send what they must send' },
  { id: 'request-required-property-became-not-read-only', level: 'breaking', bump: 'major', description: 'request required property: became not read only' },
  { id: 'request-required-property-became-write-only', level: 'info', bump: 'patch', description: 'request required property: became write only' },
  { id: 'request-required-property-became-not-write-only', level: 'info', bump: 'patch', description: 'request required property: became not write only' },
  { id: 'response-optional-property-became-read-only', level: 'info', bump: 'patch', description: 'response optional property: became read only' },
  { id: 'response-optional-property-became-not-read-only', level: 'info', bump: 'patch', description: 'response optional property: became not read only' },
  { id: 'response-optional-property-became-write-only', level: 'warning', bump: 'patch', description: 'response optional property: became writeOnly, so it is no longer returned (a removal)' },
  { id: 'response-optional-property-became-not-write-only', level: 'info', bump: 'patch', description: 'response optional property: became not write only' },
  { id: 'response-required-property-became-read-only', level: 'info', bump: 'patch', description: 'response required property: became read only' },
  { id: 'response-required-property-became-not-read-only', level: 'info', bump: 'patch', description: 'response required property: became not read only' },
  { id: 'response-required-property-became-write-only', level: 'breaking', bump: 'major', description: 'response required property: became writeOnly, so it is no longer returned (a removal)' },
  { id: 'response-required-property-became-not-write-only', level: 'warning', bump: 'patch', description: 'response required property: became not writeOnly, so it is now returned (a reader that relied on its absence may break)' },
  { id: 'response-optional-write-only-property-removed', level: 'info', bump: 'patch', description: 'optional writeOnly property removed (it was never returned)' },
  { id: 'response-required-write-only-property-removed', level: 'info', bump: 'patch', description: 'required writeOnly property removed (it was never returned)' },
  { id: 'response-optional-write-only-property-added', level: 'info', bump: 'minor', description: 'optional writeOnly property added (it is not returned)' },
  { id: 'response-required-write-only-property-added', level: 'info', bump: 'minor', description: 'required writeOnly property added (it is not returned)' },
] as const satisfies readonly RuleRow[];
