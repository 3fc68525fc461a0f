// Rule ids of the stability family (x-stability-level of operations): id, default level, version bump, meaning.
import type { RuleRow } from './row.js';

// biome-ignore format: one row per rule, so that grepping an id finds its declaration
export const STABILITY_RULES = [
  { id: 'api-invalid-stability-level', level: 'breaking', bump: 'major', description: 'operation: x-stability-level is not one of draft, alpha, beta, stable' },
  { id: 'api-stability-decreased', level: 'breaking', bump: 'major', description: 'operation: x-stability-level lowered (e.g. stable to beta)' },
  { id: 'api-stability-increased', level: 'info', bump: 'patch', description: 'operation: x-stability-level raised (e.g. beta to stable)' },
] as const satisfies readonly RuleRow[];
