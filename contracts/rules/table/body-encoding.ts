// Rule ids of the body-encoding family (the `encoding` of a multipart or form request body): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const BODY_ENCODING_RULES = [
  { id: 'request-body-part-content-type-removed', level: 'breaking', bump: 'major', description: 'request body part (multipart): a media type the part accepted is no longer accepted (parts clients send may be refused)' },
  { id: 'request-body-part-content-type-added', level: 'info', bump: 'minor', description: 'request body part (multipart): the part accepts one more media type' },
  { id: 'request-body-part-style-changed', level: 'breaking', bump: 'major', description: 'request body field (form): serialization style changed: values clients send are read another way' },
  { id: 'request-body-part-explode-changed', level: 'breaking', bump: 'major', description: 'request body field (form): explode changed for an array or object: values clients send are read another way' },
  { id: 'request-body-part-allow-reserved-removed', level: 'breaking', bump: 'major', description: 'request body field (form): allowReserved dropped, so reserved characters clients send unencoded are read another way' },
  { id: 'request-body-part-allow-empty-value-removed', level: 'breaking', bump: 'major', description: 'request body field (2.0 formData): allowEmptyValue dropped, so an empty value clients send may be refused' },
  { id: 'request-body-part-allow-empty-value-added', level: 'info', bump: 'minor', description: 'request body field (2.0 formData): allowEmptyValue introduced (an empty value is now accepted)' },
  { id: 'request-body-part-required-header-added', level: 'breaking', bump: 'major', description: 'request body part (multipart): a header the part must now be sent with (parts clients send without it may be refused)' },
  { id: 'request-body-part-header-became-required', level: 'breaking', bump: 'major', description: 'request body part (multipart): a header the part could be sent without is now required' },
  { id: 'request-body-part-allow-reserved-added', level: 'info', bump: 'minor', description: 'request body field (form): allowReserved introduced (reserved characters may now be sent unencoded)' },
] as const satisfies readonly RuleRow[];
