// Schema rules exist at several positions (body, property, parameter, header) with one meaning;
// their ids follow oasdiff's pattern `<direction>-<position>-<change>`, generated here once.
import type { Level } from '../model.js';
import { type Direction, type RuleDef, type SchemaPosition, schemaRuleId } from './types.js';

const POSITIONS: Record<Direction, SchemaPosition[]> = {
  request: ['body', 'property', 'parameter', 'parameter-property'],
  response: ['body', 'property', 'header'],
};

const WHERE: Record<SchemaPosition, string> = {
  body: 'body (top-level schema)',
  property: 'body property',
  parameter: 'parameter',
  'parameter-property': 'property inside a parameter schema',
  header: 'header',
};

/** Positions of a body schema only: JSON Schema 2020 keywords are judged there, not in parameters or headers. */
export const BODY_POSITIONS: readonly SchemaPosition[] = ['body', 'property'];

/** Rule definitions for one schema change at every position (or the positions given) of the directions given. */
export function schemaRules(suffix: string, levels: Partial<Record<Direction, Level>>, what: string, only?: readonly SchemaPosition[]): RuleDef[] {
  const out: RuleDef[] = [];
  for (const direction of ['request', 'response'] as const) {
    const level = levels[direction];
    if (!level) continue;
    for (const position of POSITIONS[direction]) {
      if (only && !only.includes(position)) continue;
      out.push({ id: schemaRuleId(direction, position, suffix), level, description: `${direction} ${WHERE[position]}: ${what}` });
    }
  }
  return out;
}

/** How a finding names the place it is about; `{field}` is filled in when the operation is known. */
export function describePlace(direction: Direction, position: SchemaPosition): string {
  if (position === 'body') return `the ${direction} body`;
  if (position === 'parameter') return 'parameter {param}';
  if (position === 'header') return 'response header {param}';
  return `${direction} property {field}`;
}
