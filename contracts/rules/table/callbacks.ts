// Rule ids of the callbacks family (the requests the provider sends back to the client): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const CALLBACKS_RULES = [
  { id: 'api-callback-removed', level: 'breaking', bump: 'major', description: 'operation: a callback was removed (clients waiting for those calls no longer get them)' },
  { id: 'api-callback-added', level: 'info', bump: 'minor', description: 'operation: a callback was added (the provider makes one more kind of call back)' },
  { id: 'api-callback-url-changed', level: 'breaking', bump: 'major', description: 'callback: the URL expression a call is sent to changed (a receiver at the old address gets nothing)' },
  { id: 'api-callback-operation-removed', level: 'breaking', bump: 'major', description: 'callback: a method the provider called back with is no longer called' },
  { id: 'api-callback-operation-added', level: 'info', bump: 'minor', description: 'callback: the provider calls back with one more method' },
  { id: 'api-callback-request-body-removed', level: 'breaking', bump: 'major', description: "callback: the provider no longer sends the request body the client's receiver reads" },
  { id: 'api-callback-request-body-added', level: 'info', bump: 'minor', description: 'callback: the provider now sends a request body where it sent none (a receiver that reads nothing is not hurt)' },
  { id: 'api-callback-request-body-became-optional', level: 'breaking', bump: 'major', description: "callback: the provider may now call without the request body the client's receiver reads" },
  { id: 'api-callback-request-body-became-required', level: 'info', bump: 'minor', description: 'callback: the provider now always sends the request body (a receiver gets what it read before, every time)' },
  { id: 'api-callback-request-body-media-type-added', level: 'breaking', bump: 'major', description: "callback: the provider may now send its request body in a media type the client's receiver never had to read (the sender chooses; there is no Accept)" },
  { id: 'api-callback-request-body-media-type-removed', level: 'info', bump: 'minor', description: 'callback: the provider no longer sends its request body in one of its media types (the receiver gets fewer kinds)' },
  { id: 'api-callback-response-media-type-removed', level: 'breaking', bump: 'major', description: "callback: a media type the client's receiver may answer in is no longer one the provider reads" },
  { id: 'api-callback-response-media-type-added', level: 'info', bump: 'minor', description: "callback: the provider reads the client's answer in one more media type" },
  { id: 'api-callback-response-status-removed', level: 'breaking', bump: 'major', description: "callback: a status the client's receiver may answer with is no longer one the provider understands" },
  { id: 'api-callback-response-status-added', level: 'info', bump: 'minor', description: "callback: the provider understands one more status in the client's answer" },
  { id: 'webhook-operation-removed', level: 'breaking', bump: 'major', description: 'webhook: a method the provider sent to subscribers is no longer sent (a subscriber waiting for those calls gets none)' },
  { id: 'webhook-operation-added', level: 'info', bump: 'minor', description: 'webhook: the provider sends subscribers one more method (as a webhook added is)' },
] as const satisfies readonly RuleRow[];
