// Every rule family, and every rule id with its level. Severity overrides and docs read from here.
import { bodyEncodingFamily } from './body-encoding.js';
import { callbacksFamily } from './callbacks.js';
import { componentsFamily } from './components.js';
import { deprecationFamily } from './deprecation.js';
import { dialectsFamily } from './dialects.js';
import { discriminatorFamily } from './discriminator.js';
import { headerSerializationFamily } from './header-serialization.js';
import { notRequiredFamily } from './not-required.js';
import { operationMetaFamily } from './operation-meta.js';
import { operationsFamily } from './operations.js';
import { parameterSerializationFamily } from './parameter-serialization.js';
import { parametersFamily } from './parameters.js';
import { readWriteOnlyFamily } from './read-write-only.js';
import { requestBodyFamily } from './request-body.js';
import { responsePartEncodingFamily } from './response-part-encoding.js';
import { responsesFamily } from './responses.js';
import { schemaCompositionFamily } from './schema-composition.js';
import { schemaConstraintsFamily } from './schema-constraints.js';
import { schemaKeywordsFamily } from './schema-keywords.js';
import { schemaNotFamily } from './schema-not.js';
import { schemaNumbersFamily } from './schema-numbers.js';
import { schemaPropertiesFamily } from './schema-properties.js';
import { schemaShapeFamily } from './schema-shape.js';
import { schemaTypesFamily } from './schema-types.js';
import { schemaValuesFamily } from './schema-values.js';
import { schemaXmlFamily } from './schema-xml.js';
import { securityFamily } from './security.js';
import { serversFamily } from './servers.js';
import { skipUnstable, stabilityFamily } from './stability.js';
import type { RuleFamily } from './types.js';

export const RULE_FAMILIES: RuleFamily[] = [
  stabilityFamily,
  ...[
    operationsFamily,
    operationMetaFamily,
    deprecationFamily,
    parametersFamily,
    parameterSerializationFamily,
    headerSerializationFamily,
    requestBodyFamily,
    bodyEncodingFamily,
    responsesFamily,
    responsePartEncodingFamily,
    callbacksFamily,
    securityFamily,
    serversFamily,
    schemaTypesFamily,
    schemaConstraintsFamily,
    schemaNumbersFamily,
    schemaValuesFamily,
    schemaKeywordsFamily,
    schemaPropertiesFamily,
    schemaCompositionFamily,
    schemaShapeFamily,
    schemaNotFamily,
    notRequiredFamily,
    schemaXmlFamily,
    discriminatorFamily,
    readWriteOnlyFamily,
    componentsFamily,
    dialectsFamily,
  ].map(skipUnstable),
];

export { levelOf, RULE_TABLE, RULES, type RuleDef } from './table.js';
