// Rule ids of the response-part-encoding family (the `encoding` a multipart response writes for its parts): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const RESPONSE_PART_ENCODING_RULES = [
  { id: 'response-body-part-content-type-added', level: 'warning', bump: 'minor', description: 'response body part (multipart): the part may now come in a media type it did not (readers may meet one they cannot read; OpenAPI 3.0 and 3.1 define `encoding` for request bodies only, so a reviewer weighs it)' },
  { id: 'response-body-part-content-type-removed', level: 'info', bump: 'patch', description: 'response body part (multipart): the part no longer comes in a media type it did (readers meet fewer)' },
] as const satisfies readonly RuleRow[];
