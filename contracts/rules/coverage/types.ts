// The shape of the coverage matrix: for each keyword of an OpenAPI object, which rules judge which change
// on which side, or why no change of it can hurt an existing client. docs/COVERAGE.md is printed from it.
import type { RuleId, SchemaChange } from '../table.js';

export type CoverageVersion = '2.0' | '3.0' | '3.1';
export type CoverageSide = 'request' | 'response';
/** raised/lowered for numbers (and booleans turned on/off where a direction exists); changed for anything else. */
export type CoverageChange = 'added' | 'removed' | 'raised' | 'lowered' | 'changed';

interface CellBase {
  side: CoverageSide;
  change: CoverageChange;
}

/** A change judged by named rules. */
export interface RuleCell extends CellBase {
  rules: readonly RuleId[];
}

/** A change judged by the schema rules: every id the table places at this side for the change, whatever the position. */
export interface SchemaCell extends CellBase {
  schema: SchemaChange;
}

/** A change that can hurt a client and that no rule judges yet: said openly, not hidden. */
interface GapCell extends CellBase {
  gap: string;
}

export type CoverageCell = RuleCell | SchemaCell | GapCell;

export interface KeywordCoverage {
  keyword: string;
  versions: readonly CoverageVersion[];
  cells?: readonly CoverageCell[];
  /** Why the changes without a cell (all of them when there are none) cannot break an existing client. */
  reason?: string;
}

export interface ObjectCoverage {
  /** The object's name in the specification (Schema, Parameter, ...). */
  object: string;
  /** Where the rules look for it, for readers of docs/COVERAGE.md. */
  note: string;
  keywords: readonly KeywordCoverage[];
  /** Keywords of another version's object, written in a document of this one: what the engine reads there. */
  otherVersions?: readonly KeywordCoverage[];
}

export const ALL_VERSIONS: readonly CoverageVersion[] = ['2.0', '3.0', '3.1'];
export const V3: readonly CoverageVersion[] = ['3.0', '3.1'];
