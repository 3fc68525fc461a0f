// docs/RULES.md from the rule table: every id with its level, version bump and meaning, family by family,
// and how it stands against oasdiff's id of the same name (same level, another level, ours only).
import { type Level, RULE_FAMILIES, RULE_TABLE, type RuleDef } from '../contracts/index.js';
import type { CorpusRule } from './conformance-corpus.js';
import { toOasdiffLevel } from './conformance-judge.js';

const LEVEL_WORD: Record<Level, string> = { breaking: 'breaking', warning: 'warning', info: 'info' };

interface RuleGroup {
  name?: string;
  rules: readonly RuleDef[];
}

/** The table by family, and the rows no family emits (the policy's findings) as one more group. */
export function groupRules(): RuleGroup[] {
  const inFamilies = new Set(RULE_FAMILIES.flatMap((f) => f.rules.map((r) => r.id)));
  return [...RULE_FAMILIES, { name: 'policy', rules: RULE_TABLE.filter((r) => !inFamilies.has(r.id)) }];
}

/** How the specifications' words are read where the rules below depend on it, with the words; docs/ENGINE.md says more. */
const READINGS = [
  '## How the specifications are read',
  '',
  '- **`nullable` (3.0)**: a schema with no `type`, `enum`, `const`, alternatives, `properties` or `items` admits every value, null included (3.0.3: `nullable` acts "only if type is explicitly defined within the same Schema Object"), so `nullable` added to or removed from it is no change, and typing it is judged as a type change. Beside `oneOf`/`anyOf` and no type, 3.0.3 would have it do nothing; it is read as 3.0.0 words it ("allows sending a null value for the defined schema"), since tooling may not tell 3.0 patch versions apart and the documents that write it (Stripe: `anyOf: [$ref], nullable: true`) mean null. Without it, such a schema admits null when one of its alternatives does; one with `properties` (or `items`) and no type is read as the object (array) its author wrote, null only with `nullable`. 3.1 has no such keyword: null is valid when `type` lists `"null"`.',
  '- **Keywords beside a `$ref`** apply in 3.1 (JSON Schema 2020-12: `$ref` is an applicator) and are ignored in 3.0 and 2.0 (JSON Reference: the object is replaced). So a `$ref` with a constraint or flag beside it, written the same in a 3.0 base and a 3.1 revision, is judged as the change it is: the constraint is added (3.0 to 3.1) or dropped (3.1 to 3.0).',
  '- **A boolean `exclusiveMaximum`/`exclusiveMinimum` (3.0)** qualifies `maximum`/`minimum` (JSON Schema draft 4: it requires the bound), so set without the bound it constrains nothing.',
  '- **A keyword aimed at one type on a schema of another type** (`maxItems` on string items, `maxLength` on an integer, `minimum` on an object) constrains nothing there: every value of another type meets it (JSON Schema 2020-12 Core 7.6.1). Its move is still reported, with the id below, but at info whatever the level below (and whatever a severity file sets: JSON marks it `"inert": true`), and its message says it constrains nothing where it is written (docs/ENGINE.md).',
  '- **One schema object at two places** (a YAML alias) is judged at each place, and each finding names the place of its own operation.',
  '- **Object keywords without a `type`** (`properties`, `required`, `additionalProperties`, `minProperties`...; `items` for arrays) bind only values of their type (JSON Schema 2020-12 Core 7.6.1; Validation 4.1 of the drafts 3.0 and 2.0 build on), so such a schema admits strings and numbers too: adding `type: object` narrows it and removing it widens it. Only values of types nobody meant are let in or turned away, so where that hurts a client it is a warning (`request-*-type-declared`; `response-*-type-undeclared`), where it does not it is info (`response-*-type-specialized`; `request-*-type-generalized`); writing another type than the keywords describe is a type change like any other. Its properties are compared with or without the type.',
  "- **Null on a parameter described by `schema`** is nothing on the wire: every style of path, query, header and cookie parameters (`simple`, `matrix`, `label`, `form`, `spaceDelimited`, `pipeDelimited`, `deepObject`) expands by RFC 6570, which treats null as undefined and expands it, or an undefined member of a list or an object, to nothing: a query, cookie or header parameter is left out, a path segment is empty; none writes a null. So `nullable`, or `\"null\"` in the list of types, written or dropped in such a parameter's `schema` is no change: on the schema, on the schema its `$ref` names, as a `oneOf`/`anyOf` alternative that admits only null, on an array's `items` or on an object's `properties`. On a parameter sent as `content` (where `null` is sent as JSON), or the same schema in a body, `became-nullable`/`became-not-nullable` are reported as elsewhere.",
  '- **`propertyNames`** admits names, which are strings: where only `enum`/`const`, `maxLength`, `minLength` or `pattern` moved between two versions, all one way, the revision admits fewer names (`property-names-narrowed`) or more (`property-names-widened`), judged as any narrowing or widening of its side; any other change to it is `property-names-changed`, a warning.',
  '- **A schema wrapped in `oneOf`/`anyOf` alternatives** of which it stays one (the same component, the same content, or the only alternative of its type) is compared with that alternative, and each other alternative is one finding: `*-any-of-added`/`*-one-of-added` when wrapping, `*-removed` when unwrapping, never a type change besides. An alternative that admits only null is read as the partner\'s "or null" (`became-nullable`). Under `oneOf` (and under `anyOf` unless the partner is unchanged) this holds only where the other alternatives admit none of the old schema\'s types: else a value may match two alternatives and be refused, and an object so wrapped is `wrapped-in-one-of`.',
  '',
];

export function renderRulesDoc(families: RuleGroup[], oasdiff: ReadonlyMap<string, CorpusRule>): string {
  const all = families.flatMap((f) => f.rules);
  const ids = new Set(all.map((r) => r.id));
  const shared = [...ids].filter((id) => oasdiff.has(id));
  const sameLevel = shared.filter((id) => toOasdiffLevel(all.find((r) => r.id === id)!.level) === oasdiff.get(id)!.level);
  const count = (level: Level) => all.filter((r) => r.level === level).length;
  const out: string[] = [
    '# Rules',
    '',
    '<!-- Generated from contracts/rules/table/ by `npm run docs:rules` (test/contracts/conformance.test.ts checks it is current). -->',
    '',
    `${ids.size} rule ids in ${families.length} families: ${count('breaking')} breaking, ${count('warning')} warning, ${count('info')} info.`,
    `${shared.length} of them are oasdiff's ids for the same change (${sameLevel.length} at oasdiff's default level); ` +
      `${oasdiff.size - shared.length} of oasdiff's ${oasdiff.size} ids have no counterpart here (see docs/CONFORMANCE.md).`,
    '',
    'Levels: **breaking** blocks by default (oasdiff ERR), **warning** may break a client that depends on the part (WARN), **info** is safe (INFO).',
    'Bump: what the change means for a semantic `info.version` (`--semver`): a change at level breaking (after severity files) needs a major bump, one marked minor here a minor bump, anything else a patch.',
    'A change can also be marked as breaking for consumers that use the part it touches (`breaksDependents`) or for every caller (`everyCaller`); see docs/ for impact.',
    'Schema rules exist at several places: `request-body-*` (the top-level request schema), `request-property-*`, `request-parameter-*`, `request-parameter-property-*` (with the three `request-header-property-*` ids of oasdiff for the properties of a header parameter), `response-body-*`, `response-property-*`, `response-header-*`.',
    '',
    ...READINGS,
  ];
  for (const family of families) {
    out.push(`## ${family.name ?? 'unnamed'}`, '', '| id | level | bump | what changed | oasdiff |', '| --- | --- | --- | --- | --- |');
    for (const r of family.rules) {
      const theirs = oasdiff.get(r.id);
      const note = !theirs ? 'ours only' : theirs.level === toOasdiffLevel(r.level) ? 'same' : `same id, oasdiff level ${theirs.level}`;
      out.push(`| \`${r.id}\` | ${LEVEL_WORD[r.level]} | ${r.bump} | ${r.description.replace(/\|/g, '\\|')} | ${note} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
