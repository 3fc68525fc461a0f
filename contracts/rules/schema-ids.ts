// Schema rules exist at several positions (body, property, parameter, header) with one meaning;
// their ids follow oasdiff's pattern `<direction>-<position>-<change>`, generated here once.
import type { Level } from '../model.js';
import { schemaRuleId, type Direction, type RuleDef, type SchemaPosition } from './types.js';

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

/** Rule definitions for one schema change at every position of the directions given. */
export function schemaRules(suffix: string, levels: Partial<Record<Direction, Level>>, what: string): RuleDef[] {
  const out: RuleDef[] = [];
  for (const direction of ['request', 'response'] as const) {
    const level = levels[direction];
    if (!level) continue;
    for (const position of POSITIONS[direction]) {
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
