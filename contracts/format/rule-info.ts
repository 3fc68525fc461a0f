// What formats say about a rule id: its row in the rule table, or a plain description for an id the table
// does not declare (a report stored by an older version), at the level the change itself carries.
import type { Level } from '../model.js';
import { RULES } from '../rules/table.js';

interface RuleInfo {
  id: string;
  level: Level;
  description: string;
}

/** The rule's definition; an undeclared id keeps the change's own level, never a guessed one. */
export function describeRule(id: string, changeLevel: Level): RuleInfo {
  return RULES.get(id) ?? { id, level: changeLevel, description: id.replace(/-/g, ' ') };
}

/** Whether a rule id is one the engine or its policy can emit (severity files naming others get a notice). */
export function isKnownRule(id: string): boolean {
  return RULES.has(id);
}
