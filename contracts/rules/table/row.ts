// The shape of one row of the rule table, kept apart so the table files need nothing else.
import type { Level } from '../../model.js';
import type { Direction, SchemaPosition } from '../../schema/pairs.js';

/** What a change means for `info.version` under semantic versioning, at the rule's default level. */
type Bump = 'major' | 'minor' | 'patch';

export interface RuleRow {
  id: string;
  level: Level;
  bump: Bump;
  /** For schema rules: the direction, position and change this id names, so rules pick it by place instead of spelling it. */
  at?: readonly [Direction, SchemaPosition, string];
  description: string;
}
