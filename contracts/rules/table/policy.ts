// Rule ids of the policy family (findings the policy adds after the diff (semantic versions)): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const POLICY_RULES = [
  { id: 'api-version-bump-too-small', level: 'warning', bump: 'patch', description: 'info.version was bumped less than the changes need under semantic versioning' },
] as const satisfies readonly RuleRow[];
