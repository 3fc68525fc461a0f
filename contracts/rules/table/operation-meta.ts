// Rule ids of the operation-meta family (operationIds, operations' tags and the document's Tag Objects): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const OPERATION_META_RULES = [
  { id: 'api-operation-id-removed', level: 'info', bump: 'patch', description: 'operation: operationId removed or replaced (manifests naming the old id should be updated)' },
  { id: 'api-operation-id-added', level: 'info', bump: 'minor', description: 'operation: operationId added' },
  { id: 'api-tag-removed', level: 'info', bump: 'patch', description: 'operation: tag removed' },
  { id: 'api-tag-added', level: 'info', bump: 'minor', description: 'operation: tag added' },
  { id: 'api-tag-definition-removed', level: 'info', bump: 'patch', description: "document: a Tag Object removed from the root `tags` (its description and place in generated docs; operations still tagged with its name keep their tag)" },
] as const satisfies readonly RuleRow[];
