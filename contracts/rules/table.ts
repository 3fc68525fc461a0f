// The one table of every rule id the engine and its policy can emit: level, version bump, meaning.
// Emitting takes a `RuleId`, so an id that is not declared here does not compile.
import type { Level } from '../model.js';
import type { Direction, SchemaPosition } from '../schema/pairs.js';
import { BODY_ENCODING_RULES } from './table/body-encoding.js';
import { CALLBACKS_RULES } from './table/callbacks.js';
import { COMPONENTS_RULES } from './table/components.js';
import { DEPRECATION_RULES } from './table/deprecation.js';
import { DIALECTS_RULES } from './table/dialects.js';
import { DISCRIMINATOR_RULES } from './table/discriminator.js';
import { HEADER_SERIALIZATION_RULES } from './table/header-serialization.js';
import { NOT_REQUIRED_RULES } from './table/not-required.js';
import { OPERATION_META_RULES } from './table/operation-meta.js';
import { OPERATIONS_RULES } from './table/operations.js';
import { PARAMETER_SERIALIZATION_RULES } from './table/parameter-serialization.js';
import { PARAMETERS_RULES } from './table/parameters.js';
import { POLICY_RULES } from './table/policy.js';
import { READ_WRITE_ONLY_RULES } from './table/read-write-only.js';
import { REQUEST_BODY_RULES } from './table/request-body.js';
import { RESPONSE_PART_ENCODING_RULES } from './table/response-part-encoding.js';
import { RESPONSES_RULES } from './table/responses.js';
import type { RuleRow } from './table/row.js';
import { SCHEMA_COMPOSITION_RULES } from './table/schema-composition.js';
import { SCHEMA_CONSTRAINTS_RULES } from './table/schema-constraints.js';
import { SCHEMA_KEYWORDS_RULES } from './table/schema-keywords.js';
import { SCHEMA_NOT_RULES } from './table/schema-not.js';
import { SCHEMA_NUMBERS_RULES } from './table/schema-numbers.js';
import { SCHEMA_PROPERTIES_RULES } from './table/schema-properties.js';
import { SCHEMA_SHAPE_REQUEST_RULES } from './table/schema-shape-request.js';
import { SCHEMA_SHAPE_RESPONSE_RULES } from './table/schema-shape-response.js';
import { SCHEMA_TYPES_RULES } from './table/schema-types.js';
import { SCHEMA_VALUES_RULES } from './table/schema-values.js';
import { SCHEMA_XML_RULES } from './table/schema-xml.js';
import { SECURITY_RULES } from './table/security.js';
import { SERVERS_RULES } from './table/servers.js';
import { STABILITY_RULES } from './table/stability.js';

export const RULE_TABLE = [
  ...STABILITY_RULES,
  ...OPERATIONS_RULES,
  ...OPERATION_META_RULES,
  ...DEPRECATION_RULES,
  ...PARAMETERS_RULES,
  ...PARAMETER_SERIALIZATION_RULES,
  ...HEADER_SERIALIZATION_RULES,
  ...REQUEST_BODY_RULES,
  ...BODY_ENCODING_RULES,
  ...RESPONSES_RULES,
  ...RESPONSE_PART_ENCODING_RULES,
  ...CALLBACKS_RULES,
  ...SECURITY_RULES,
  ...SERVERS_RULES,
  ...SCHEMA_TYPES_RULES,
  ...SCHEMA_CONSTRAINTS_RULES,
  ...SCHEMA_NUMBERS_RULES,
  ...SCHEMA_VALUES_RULES,
  ...SCHEMA_KEYWORDS_RULES,
  ...SCHEMA_PROPERTIES_RULES,
  ...SCHEMA_COMPOSITION_RULES,
  ...SCHEMA_SHAPE_REQUEST_RULES,
  ...SCHEMA_SHAPE_RESPONSE_RULES,
  ...SCHEMA_NOT_RULES,
  ...NOT_REQUIRED_RULES,
  ...SCHEMA_XML_RULES,
  ...DISCRIMINATOR_RULES,
  ...READ_WRITE_ONLY_RULES,
  ...COMPONENTS_RULES,
  ...DIALECTS_RULES,
  ...POLICY_RULES,
] as const;

type Row = (typeof RULE_TABLE)[number];
export type RuleId = Row['id'];
/** The change a schema rule names at every position it is declared for (`max-decreased`, `type-changed`). */
export type SchemaChange = Extract<Row, { at: unknown }>['at'][2];

export interface RuleDef extends Omit<RuleRow, 'id' | 'at'> {
  id: RuleId;
}

export const RULES: ReadonlyMap<string, RuleDef> = new Map(RULE_TABLE.map((r) => [r.id, r]));

const BY_PLACE = new Map<string, RuleId>();
for (const row of RULE_TABLE) if ('at' in row) BY_PLACE.set(placeKey(row.at[0], row.at[1], row.at[2]), row.id);
/** A header parameter's change that oasdiff does not name apart keeps the parameter's id: filled in once, not looked up twice. */
const PARAMETER_PLACE_OF = { 'header-parameter': 'parameter', 'header-parameter-property': 'parameter-property' } as const;
for (const row of RULE_TABLE) {
  if (!('at' in row)) continue;
  for (const [header, parameter] of Object.entries(PARAMETER_PLACE_OF)) {
    const key = placeKey(row.at[0], header as SchemaPosition, row.at[2]);
    if (row.at[1] === parameter && !BY_PLACE.has(key)) BY_PLACE.set(key, row.id);
  }
}

/** The id of a schema change at a position; undefined where the table declares none (the change is not judged there). */
export function ruleAt(direction: Direction, position: SchemaPosition, change: SchemaChange): RuleId | undefined {
  return BY_PLACE.get(placeKey(direction, position, change));
}

export function levelOf(id: RuleId): Level {
  return RULES.get(id)!.level;
}

function placeKey(direction: Direction, position: SchemaPosition, change: string): string {
  return `${direction} ${position} ${change}`;
}
