// Rule ids of the responses family (responses, status codes, response headers and media types): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const RESPONSES_RULES = [
  { id: 'response-success-status-removed', level: 'breaking', bump: 'major', description: 'a 2xx/3xx response status was removed' },
  { id: 'response-status-range-narrowed', level: 'info', bump: 'patch', description: 'a 2XX/3XX range was dropped for codes of it described on their own (2XX now 200): a client that read any code of the range reads those as before' },
  { id: 'response-success-status-added', level: 'info', bump: 'minor', description: 'a 2xx/3xx response status was added' },
  { id: 'response-non-success-status-removed', level: 'info', bump: 'patch', description: 'a 4xx/5xx (or default) response status was removed' },
  { id: 'response-non-success-status-added', level: 'info', bump: 'minor', description: 'a 4xx/5xx (or default) response status was added' },
  { id: 'response-media-type-removed', level: 'breaking', bump: 'major', description: 'response media type: removed' },
  { id: 'response-media-type-added', level: 'info', bump: 'minor', description: 'response media type: added' },
  { id: 'response-body-media-type-schema-added', level: 'info', bump: 'minor', description: 'response media type: now has a schema where it had none' },
  { id: 'response-body-media-type-schema-removed', level: 'warning', bump: 'patch', description: 'response media type: no longer has a schema (anything may be returned)' },
  { id: 'required-response-header-removed', level: 'breaking', bump: 'major', description: 'required response header: removed' },
  { id: 'optional-response-header-removed', level: 'warning', bump: 'patch', description: 'optional response header: removed (breaks clients that read it)' },
  {
    id: 'response-header-became-optional',
    level: 'breaking',
    bump: 'major',
    description: 'response header: became optional, or its `schema` now admits null (no style writes null: the header may be absent)',
  },
  { id: 'response-header-added', level: 'info', bump: 'minor', description: 'response header: added' },
] as const satisfies readonly RuleRow[];
