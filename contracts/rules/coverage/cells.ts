// Small builders for coverage cells, so each object's file reads as a list of keywords.
import type { RuleId, SchemaChange } from '../table.js';
import type { CoverageChange, CoverageSide, RuleCell, SchemaCell } from './types.js';

export const judged = (side: CoverageSide, change: CoverageChange, ...rules: RuleId[]): RuleCell => ({ side, change, rules });
export const bySchema = (side: CoverageSide, change: CoverageChange, schema: SchemaChange): SchemaCell => ({ side, change, schema });

/** The same schema change judged on both sides (each side at its own level). */
export function bothSides(change: CoverageChange, ...schemas: SchemaChange[]): SchemaCell[] {
  return (['request', 'response'] as const).flatMap((side) => schemas.map((schema) => bySchema(side, change, schema)));
}

/** A numeric bound: introduced, dropped, raised and lowered, on both sides. */
export function boundCells(ids: { added: SchemaChange; removed: SchemaChange; raised: SchemaChange; lowered: SchemaChange }): SchemaCell[] {
  return [...bothSides('added', ids.added), ...bothSides('removed', ids.removed), ...bothSides('raised', ids.raised), ...bothSides('lowered', ids.lowered)];
}

/** A keyword whose introduction and dropping each have a schema change. */
export function presenceCells(added: SchemaChange, removed: SchemaChange): SchemaCell[] {
  return [...bothSides('added', added), ...bothSides('removed', removed)];
}

/**
 * A keyword aimed at one type: where either version's `type` admits none of its values, every value meets it (JSON
 * Schema), so its move there is info (rules/keyword-target.ts). Appended to the keyword's other reason, if any.
 */
export function onlyOn(what: string, reason?: string): string {
  const only = `it constrains ${what} only: where either version's \`type\` admits none of them (\`maxLength\` on an integer, \`minimum\` on an object) every value meets it, so moving it there is reported at info, with the same id, its message saying it constrains nothing there (marked \`inert\`: a severity file does not raise it)`;
  return reason ? `${reason}; ${only}` : only;
}
