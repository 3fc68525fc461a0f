// Schema keywords written in a document of a version whose Schema Object lacks them: what the engine reads there. Each is
// read by the version of the document that holds it (schema/version-keywords.ts), so one keyword has a row per reading.
import { NOT_IN_30 } from '../../schema/version-keywords.js';
import type { CoverageCell, KeywordCoverage } from './types.js';

const NAMED: readonly CoverageCell[] = (['request', 'response'] as const).flatMap((side) =>
  (['added', 'changed'] as const).map((change) => ({ side, change, rules: ['schema-keyword-ignored'] as const })),
);

const NOT_READ =
  'no reader of this version applies it (OpenAPI 3.0.3: the Schema Object lists its JSON Schema keywords and allows no others but `x-` extensions; 2.0 likewise), so it is no part of the contract: written or changed it is named at info with a message saying whose keyword it is, dropped it changes nothing, and nothing inside it is compared. A document moved to 3.1 that keeps it is judged as having gained it, since 3.1 applies it (and one moved back, as having lost it)';

export const OTHER_VERSION_KEYWORDS: readonly KeywordCoverage[] = [
  ...[...NOT_IN_30].map((keyword) => ({
    keyword,
    versions: ['2.0', '3.0'] as const,
    cells: NAMED,
    reason: `JSON Schema 2020-12's word, read in 3.1: ${NOT_READ}`,
  })),
  {
    keyword: 'exclusiveMinimum, exclusiveMaximum (a number)',
    versions: ['2.0', '3.0'],
    cells: NAMED,
    reason: `3.1's form, the bound itself (JSON Schema 2020-12); 3.0 takes a boolean that qualifies \`minimum\`/\`maximum\`: ${NOT_READ}`,
  },
  {
    keyword: 'exclusiveMinimum, exclusiveMaximum (a boolean)',
    versions: ['3.1'],
    cells: NAMED,
    reason:
      "3.0's form; in 3.1 (JSON Schema 2020-12) the keyword is the bound itself, a number, so a boolean sets no bound: named at info where written, and a document moved from 3.0 that keeps `minimum: 0, exclusiveMinimum: true` is judged as the bound become inclusive (0 now valid)",
  },
  {
    keyword: 'patternProperties, dependencies',
    versions: ['2.0', '3.0'],
    reason:
      'left out of the 3.0 Schema Object but words of the JSON Schema drafts 3.0 builds on (Wright draft 00 and draft 4), which the validators 3.0 tools run apply: judged as written, as in 3.1 (`dependencies` as `dependentRequired`/`dependentSchemas`)',
  },
  {
    keyword: 'type (a list)',
    versions: ['2.0', '3.0'],
    reason:
      '3.0.3 says `type` is a string, but every draft since draft 3 reads a list as "one of these types", the only reading any validator has: judged as the list it says, as in 3.1',
  },
];
