// The coverage matrix: every keyword of the objects a change can hide in, with the rules that judge it or why none
// need to. docs/COVERAGE.md is printed from it; test/contracts/rules/coverage.test.ts holds it against the official schemas.
import { RULE_TABLE, type RuleId } from '../table.js';
import { MEDIA_TYPE_KEYWORDS, REQUEST_BODY_KEYWORDS, RESPONSE_KEYWORDS } from './bodies.js';
import { OPERATION_KEYWORDS } from './operation.js';
import { HEADER_KEYWORDS, PARAMETER_KEYWORDS } from './parameter.js';
import { SCHEMA_STRUCTURE_KEYWORDS } from './schema-structure.js';
import { SCHEMA_VALUE_KEYWORDS } from './schema-values.js';
import { OTHER_VERSION_KEYWORDS } from './schema-versions.js';
import { OAUTH_FLOW_KEYWORDS, OAUTH_FLOWS_KEYWORDS, SECURITY_SCHEME_KEYWORDS } from './security.js';
import { DISCRIMINATOR_KEYWORDS, SERVER_KEYWORDS } from './servers.js';
import type { CoverageCell, ObjectCoverage } from './types.js';

export type { CoverageCell, KeywordCoverage, ObjectCoverage } from './types.js';

export const COVERAGE: readonly ObjectCoverage[] = [
  {
    object: 'Schema',
    note: 'Schema rules run at every place a schema sits: the request body and its properties, parameters and their properties (the properties of a header parameter named apart where oasdiff does), the response body and its properties, response headers.',
    keywords: [...SCHEMA_VALUE_KEYWORDS, ...SCHEMA_STRUCTURE_KEYWORDS],
    otherVersions: OTHER_VERSION_KEYWORDS,
  },
  {
    object: 'Parameter',
    note: 'Parameters are matched by location and name (path parameters by position); 2.0 parameters are read as 3.0 ones.',
    keywords: PARAMETER_KEYWORDS,
  },
  { object: 'Header', note: 'Response headers, matched by name without regard to case.', keywords: HEADER_KEYWORDS },
  { object: 'MediaType', note: 'Each media type of a request body or response, matched by name.', keywords: MEDIA_TYPE_KEYWORDS },
  { object: 'RequestBody', note: "2.0's body and form parameters are read as a request body.", keywords: REQUEST_BODY_KEYWORDS },
  { object: 'Response', note: 'Responses are matched by status.', keywords: RESPONSE_KEYWORDS },
  { object: 'Operation', note: 'Operations are matched by method and path, whatever the path parameters are called.', keywords: OPERATION_KEYWORDS },
  { object: 'SecurityScheme', note: "components/securitySchemes (2.0's securityDefinitions), matched by name.", keywords: SECURITY_SCHEME_KEYWORDS },
  { object: 'OAuthFlows', note: 'The flows of an OAuth scheme (2.0: its one `flow`).', keywords: OAUTH_FLOWS_KEYWORDS },
  { object: 'OAuthFlow', note: 'One OAuth flow, matched by its kind.', keywords: OAUTH_FLOW_KEYWORDS },
  { object: 'Discriminator', note: 'The discriminator of a schema with alternatives.', keywords: DISCRIMINATOR_KEYWORDS },
  { object: 'Server', note: "The document's servers, and a path's or operation's own (2.0's host, basePath and schemes make one).", keywords: SERVER_KEYWORDS },
];

/** The ids that judge a cell: named ones, or every id the table places at the cell's side for its schema change. */
export function rulesOfCell(cell: CoverageCell): RuleId[] {
  if ('rules' in cell) return [...cell.rules];
  if ('gap' in cell) return [];
  return RULE_TABLE.filter((r) => 'at' in r && r.at[0] === cell.side && r.at[2] === cell.schema).map((r) => r.id);
}
