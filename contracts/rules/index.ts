// Every rule family, and every rule id with its level. Severity overrides and docs read from here.
import type { Level } from '../model.js';
import { componentsFamily } from './components.js';
import { deprecationFamily } from './deprecation.js';
import { discriminatorFamily } from './discriminator.js';
import { operationMetaFamily } from './operation-meta.js';
import { operationsFamily } from './operations.js';
import { parametersFamily } from './parameters.js';
import { readWriteOnlyFamily } from './read-write-only.js';
import { requestBodyFamily } from './request-body.js';
import { responsesFamily } from './responses.js';
import { schemaCompositionFamily } from './schema-composition.js';
import { schemaConstraintsFamily } from './schema-constraints.js';
import { schemaKeywordsFamily } from './schema-keywords.js';
import { schemaPropertiesFamily } from './schema-properties.js';
import { schemaTypesFamily } from './schema-types.js';
import { schemaValuesFamily } from './schema-values.js';
import { securityFamily } from './security.js';
import { skipUnstable, stabilityFamily } from './stability.js';
import type { RuleDef, RuleFamily } from './types.js';

export const RULE_FAMILIES: RuleFamily[] = [
  stabilityFamily,
  ...[
    operationsFamily,
    operationMetaFamily,
    deprecationFamily,
    parametersFamily,
    requestBodyFamily,
    responsesFamily,
    securityFamily,
    schemaTypesFamily,
    schemaConstraintsFamily,
    schemaValuesFamily,
    schemaKeywordsFamily,
    schemaPropertiesFamily,
    schemaCompositionFamily,
    discriminatorFamily,
    readWriteOnlyFamily,
    componentsFamily,
  ].map(skipUnstable),
];

export const RULES: ReadonlyMap<string, RuleDef> = new Map(RULE_FAMILIES.flatMap((f) => f.rules).map((r) => [r.id, r]));

/** The default level of a rule id; an id no family declares is a programming error, reported as breaking so it is never hidden. */
export function levelOf(id: string): Level {
  return RULES.get(id)?.level ?? 'breaking';
}
