// What formats say about a rule id: the engine's rules, plus the findings policy adds (the version bump).

import type { Level } from '../model.js';
import { VERSION_BUMP_RULE } from '../policy/semver.js';
import { RULES } from '../rules/index.js';
import type { RuleDef } from '../rules/types.js';

const EXTRA_RULES: ReadonlyMap<string, RuleDef> = new Map([[VERSION_BUMP_RULE.id, VERSION_BUMP_RULE]]);

/** The rule's definition; an id nobody declares still gets one, so a format never drops a change. */
export function describeRule(id: string, fallbackLevel: Level): RuleDef {
  return RULES.get(id) ?? EXTRA_RULES.get(id) ?? { id, level: fallbackLevel, description: id.replace(/-/g, ' ') };
}

/** Whether a rule id is one the engine or its policy can emit (severity files naming others get a notice). */
export function isKnownRule(id: string): boolean {
  return RULES.has(id) || EXTRA_RULES.has(id);
}
