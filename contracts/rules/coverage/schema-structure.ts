// Coverage of the Schema Object's structure, composition, visibility and annotations, and of the 2020-12 core keywords.
import { bothSides, bySchema, judged, onlyOn, presenceCells } from './cells.js';
import { ALL_VERSIONS, type KeywordCoverage, V3 } from './types.js';

const V31 = ['3.1'] as const;
const DOCS = 'documentation for people and tools; never part of what is sent or returned';
/** contentMediaType and contentEncoding: the wire form of a string, with one reading for a change between two written values. */
const CONTENT_FORM =
  'OpenAPI 3.1 uses it to say how a string carries other content (an annotation in 2020-12: no validator asserts it). Changed from one written value to another, the wire form changed: a reader decodes the old way and a sender encodes it, breaking on both sides. Written where the other version said nothing, or dropped, the string may always have been sent that way (a description catching up) or may not: a warning on both sides for a reviewer who knows';
const NAMES = 'names a schema for references; what it names is compared where it is used';
const WRAPPED =
  'a schema wrapped in alternatives of which it stays one (the same component, the same content, or the only one of its type) is compared with that alternative, and each other one is added (removed when unwrapped); an alternative admitting only null is read as "or null" (`became-nullable`); a list written as itself or null (`anyOf: [{oneOf: [...]}, {type: "null"}]`) is compared with the other version\'s list, alternative by alternative, beside one nullability finding; a null alternative added to or dropped from a list is the list\'s nullability changing, said once (`became-nullable`), not an alternative added; a list none of whose alternatives is the other version\'s schema is compared whole, its type being what its alternatives admit together';
const SWAPPED =
  'oneOf written as anyOf (or back) pairs the two lists as one; where no value can match two alternatives (types, `const`/`enum` values or a required tag property apart, or a discriminator value each) both accept the same values and nothing is reported, else the change is judged once for the list, by the members kept from the base (a list traded for an unrelated one is its alternatives removed and added)';
/** readOnly, writeOnly and deprecated are read one way wherever they are written (schema/schema-flags.ts). */
const FLAG_FORMS =
  "the property's flag wherever its author writes it: on the property, in the schema its `$ref` names, beside a 3.1 `$ref` (3.0 and 2.0 ignore siblings of `$ref`), in any `allOf` member, or in every `oneOf`/`anyOf` alternative (one admitting only null set aside); in only some alternatives it is not the property's: values of the other alternatives are sent and returned as before";
const CONTAINER = 'holds schemas that are compared keyword by keyword where they apply (see the rows above)';

export const SCHEMA_STRUCTURE_KEYWORDS: readonly KeywordCoverage[] = [
  {
    keyword: 'properties',
    versions: ALL_VERSIONS,
    cells: [
      judged(
        'request',
        'added',
        'new-required-request-property',
        'new-required-request-property-with-default',
        'new-optional-request-property',
        'new-required-request-parameter-property',
        'new-required-request-header-property',
      ),
      judged('request', 'removed', 'request-property-removed', 'request-parameter-property-removed'),
      judged('response', 'added', 'response-required-property-added', 'response-optional-property-added'),
      judged('response', 'removed', 'response-required-property-removed', 'response-optional-property-removed'),
    ],
    reason: onlyOn(
      'objects',
      'a property kept under the same name is compared keyword by keyword; below a schema whose `type` changed to or from one that holds no object, what changes in its properties is said at info, the type change being the finding',
    ),
  },
  {
    keyword: 'additionalProperties',
    versions: ALL_VERSIONS,
    cells: presenceCells('additional-properties-forbidden', 'additional-properties-allowed'),
    reason: onlyOn(
      'objects',
      'a schema for the extra values is compared keyword by keyword, like a property; left out or `true` in one version and a schema in the other, it is compared with a schema admitting any value (a type given to the extra values is a type change). `false` beside an `allOf` or a 3.1 `$ref` is read as closing over the members’ properties, as its authors mean it: by the letter (it sees only its own `properties`) any required member property would make the schema unsatisfiable and every change to the members’ properties would go unreported. In an object closed so in both versions, a property name dropped from a request is also `additional-properties-forbidden` (breaking: a request still sending it is refused) and one added to a response `additional-properties-allowed` (breaking: old readers were told it never comes), unless `patternProperties` still admits the name or the property is readOnly in a request (writeOnly in a response)',
    ),
  },
  {
    keyword: 'items',
    versions: ALL_VERSIONS,
    reason: `${CONTAINER}; in 3.1 (2020-12) beside \`prefixItems\` it governs the positions after the entries, and \`items: false\` there closes the tuple (see \`prefixItems\`); \`items: false\` bounds the length at the number of entries (none without \`prefixItems\`), judged with \`maxItems\` as one bound, the tighter of the two (\`maxItems: 0\` traded for \`items: false\` is no change). In 3.1 an array schema without \`items\` (or with \`items: true\`) admits any item, so one written or dropped is compared with "any value" (dropped widens: breaking in a response; written narrows: breaking in a request); 3.0 and 2.0 require \`items\` on an array, so there a schema without them is not compared`,
  },
  {
    keyword: 'prefixItems',
    versions: V31,
    cells: presenceCells('prefix-items-added', 'prefix-items-removed'),
    reason: onlyOn(
      'arrays',
      'an entry added constrains a position that took any value (one removed frees it); a tuple closed by `items: false` holds at most as many items as it has entries, so lengthening, shortening, closing or opening it is judged as that bound on the length (`max-items-*`); each entry kept is compared keyword by keyword. Where the other version has an `items` schema, that schema held the position, and the entry is also compared with it keyword by keyword (`items: string` -> `prefixItems: [string, integer]` is a type changed at the second position, breaking on both sides: a string sent there is refused, a reader gets an integer); an entry written as that very schema changes nothing and is not reported',
    ),
  },
  {
    keyword: 'contains',
    versions: V31,
    cells: presenceCells('contains-added', 'contains-removed'),
    reason: onlyOn(
      'arrays',
      'with `minContains: 0` and no `maxContains` (or beside `maxItems: 0`) every array meets it (JSON Schema 2020-12 Validation 6.4.5): written or dropped so it is no change, and its schema is not compared; beside `maxItems: 0` on a schema whose only type is array, it leaves no value at all (the empty array fails it): judged as the type admitting nothing (`type-changed` in a request, `type-specialized` in a response; dropped, `type-generalized`); beside a `contains` kept, a change of its bounds is judged (see minContains)',
    ),
  },
  {
    keyword: 'patternProperties',
    versions: V31,
    cells: presenceCells('pattern-property-added', 'pattern-property-removed'),
    reason: onlyOn(
      'objects',
      'in an object closed to undeclared names in both versions (`additionalProperties: false` or `unevaluatedProperties: false`) an entry admits names that were refused: added it is `additional-properties-allowed` (breaking in a response, info in a request), dropped `additional-properties-forbidden` (breaking in a request); an entry kept is compared keyword by keyword',
    ),
  },
  {
    keyword: 'dependentSchemas',
    versions: V31,
    cells: presenceCells('dependent-schema-added', 'dependent-schema-removed'),
    reason: onlyOn(
      'objects',
      'an entry kept is compared keyword by keyword; a name it requires without declaring it is judged as in `then`; an entry that only requires names, traded for `dependentRequired` or `dependencies`, is judged as `dependentRequired`. A schema entry of the older `dependencies` (3.0, 2.0) kept under the same name is compared keyword by keyword too',
    ),
  },
  {
    keyword: 'propertyNames',
    versions: V31,
    cells: [
      ...presenceCells('property-names-added', 'property-names-removed'),
      ...bothSides('changed', 'property-names-changed', 'property-names-narrowed', 'property-names-widened'),
    ],
    reason: onlyOn(
      'objects',
      '`true` or `{}` admits every name and reads as the keyword left out (a schema in place of one is added, not changed); a schema kept but changed is narrowed or widened where only `enum`/`const`, `maxLength`, `minLength` and `pattern` moved, all one way (names are strings), and otherwise judged whole, with no direction',
    ),
  },
  {
    keyword: 'if',
    versions: V31,
    cells: [...presenceCells('if-added', 'if-removed'), ...bothSides('changed', 'if-changed')],
    reason:
      'it constrains nothing itself, it picks which values `then` or `else` bind: narrowing it can widen what is valid, so a change inside it is judged whole, with no direction, not walked as a constraint on the value; with neither `then` nor `else` beside it (or a `then`/`else` with no `if`) it asserts nothing, and writing or dropping it there is no change',
  },
  {
    keyword: 'then',
    versions: V31,
    cells: [
      ...presenceCells('then-added', 'then-removed'),
      judged('request', 'changed', 'request-property-became-required'),
      judged('response', 'changed', 'response-property-became-optional'),
    ],
    reason:
      'a name required inside it that it does not declare (`then: {required: [vat]}`) is judged as the property became required (optional when dropped); its other keywords are compared where they apply',
  },
  {
    keyword: 'else',
    versions: V31,
    cells: [
      ...presenceCells('else-added', 'else-removed'),
      judged('request', 'changed', 'request-property-became-required'),
      judged('response', 'changed', 'response-property-became-optional'),
    ],
    reason: 'as `then`',
  },
  {
    keyword: 'unevaluatedItems',
    versions: V31,
    cells: presenceCells('unevaluated-items-added', 'unevaluated-items-removed'),
    reason: onlyOn(
      'arrays',
      '`true` constrains nothing and reads as not written, as does any value beside `items` (which evaluates every item left); a schema made `false` is judged as introduced (back: dropped); a schema kept is compared keyword by keyword',
    ),
  },
  {
    keyword: 'unevaluatedProperties',
    versions: V31,
    cells: presenceCells('unevaluated-properties-added', 'unevaluated-properties-removed'),
    reason: onlyOn(
      'objects',
      '`true` constrains nothing and reads as not written, as does any value beside `additionalProperties` (which evaluates every property left); a schema made `false` is judged as introduced (back: dropped); a schema kept is compared keyword by keyword; with no in-place applicator, `false` refuses the names `additionalProperties: false` does, so trading one for the other is no change',
    ),
  },
  {
    keyword: 'allOf',
    versions: ALL_VERSIONS,
    cells: [
      ...bothSides('added', 'all-of-added', 'all-of-added-annotation-only', 'became-all-of'),
      bySchema('request', 'added', 'all-of-added-optional-only'),
      ...bothSides('removed', 'all-of-removed', 'all-of-removed-annotation-only', 'no-longer-all-of'),
    ],
  },
  {
    keyword: 'oneOf',
    versions: V3,
    cells: [
      ...bothSides('added', 'one-of-added', 'wrapped-in-one-of'),
      ...bothSides('removed', 'one-of-removed'),
      ...bothSides('changed', 'one-of-became-any-of'),
    ],
    reason: `${WRAPPED}; ${SWAPPED}; under oneOf the other alternatives must admit none of its types (a value matching two is refused); an object wrapped otherwise is \`wrapped-in-one-of\``,
  },
  {
    keyword: 'anyOf',
    versions: V3,
    cells: [...presenceCells('any-of-added', 'any-of-removed'), ...bothSides('changed', 'any-of-became-one-of')],
    reason: `${WRAPPED}; ${SWAPPED}`,
  },
  {
    keyword: 'not',
    versions: V3,
    cells: [
      ...presenceCells('not-added', 'not-removed'),
      ...bothSides('changed', 'not-excludes-more', 'not-excludes-fewer', 'not-changed'),
      judged('request', 'added', 'request-property-became-forbidden'),
      judged('request', 'removed', 'request-property-became-allowed'),
      judged('response', 'added', 'response-property-became-forbidden'),
      judged('response', 'removed', 'response-property-became-allowed'),
    ],
    reason:
      'judged by content, its `$ref`s followed (a target changed under the same name is a change); a changed `not` has a direction where both exclude a list of values (`enum`, `const`) or of types, or an `anyOf` of such (their lists joined), any other change is `not-changed`; one too large to write out (over 2,000 nodes) is `not-changed` unless it and every `$ref` it reaches are written alike in both versions. A `not` that only forbids property names on an object body or property (`not: {required: [x]}`: x must not be sent; `not: {required: [a, b]}`: not both; `not: {anyOf: [{required: [a]}, {required: [b]}]}`: neither) is judged name by name, written, dropped or changed: a name newly forbidden is `request-property-became-forbidden` (breaking, on that field, so only consumers that send it are blocked) or `response-property-became-forbidden` (info: no longer returned), one no longer forbidden `*-property-became-allowed` (info); `required` holds for every value that is no object, so on a schema that admits other types too such a `not` refuses them all and stays a `not` finding',
  },
  {
    keyword: 'discriminator',
    versions: ALL_VERSIONS,
    cells: [...presenceCells('discriminator-added', 'discriminator-removed'), ...bothSides('changed', 'discriminator-property-name-changed')],
    reason: "in 3.x its fields are rows of the Discriminator object; 2.0's is the property name alone",
  },
  {
    keyword: 'readOnly',
    versions: ALL_VERSIONS,
    cells: [
      judged('request', 'added', 'request-optional-property-became-read-only', 'request-required-property-became-read-only'),
      judged('request', 'removed', 'request-optional-property-became-not-read-only', 'request-required-property-became-not-read-only'),
      judged('response', 'added', 'response-optional-property-became-read-only', 'response-required-property-became-read-only'),
      judged('response', 'removed', 'response-optional-property-became-not-read-only', 'response-required-property-became-not-read-only'),
    ],
    reason: FLAG_FORMS,
  },
  {
    keyword: 'writeOnly',
    versions: V3,
    cells: [
      judged('request', 'added', 'request-optional-property-became-write-only', 'request-required-property-became-write-only'),
      judged('request', 'removed', 'request-optional-property-became-not-write-only', 'request-required-property-became-not-write-only'),
      judged('response', 'added', 'response-optional-property-became-write-only', 'response-required-property-became-write-only'),
      judged('response', 'removed', 'response-optional-property-became-not-write-only', 'response-required-property-became-not-write-only'),
    ],
    reason: FLAG_FORMS,
  },
  {
    keyword: 'deprecated',
    versions: V3,
    cells: [...bothSides('added', 'deprecated', 'deprecated-with-sunset', 'deprecated-sunset-invalid'), ...bothSides('removed', 'reactivated')],
    reason: FLAG_FORMS,
  },
  {
    keyword: 'x-deprecated',
    versions: V3,
    cells: bothSides('added', 'x-deprecated-unread'),
    reason: 'a vendor spelling no specification defines: not read as deprecated, said so when a property gains it',
  },
  {
    keyword: 'contentMediaType',
    versions: V31,
    cells: [...bothSides('changed', 'content-media-type-changed'), ...presenceCells('content-media-type-added', 'content-media-type-removed')],
    reason: onlyOn('strings', CONTENT_FORM),
  },
  {
    keyword: 'contentEncoding',
    versions: V31,
    cells: [...bothSides('changed', 'content-encoding-changed'), ...presenceCells('content-encoding-added', 'content-encoding-removed')],
    reason: onlyOn('strings', CONTENT_FORM),
  },
  {
    keyword: 'contentSchema',
    versions: V31,
    cells: presenceCells('content-schema-added', 'content-schema-removed'),
    reason: onlyOn(
      'strings',
      'what the decoded content must be, judged as a constraint by direction (added narrows a request, dropped widens a response), and a kept one compared as a schema at the same place: an annotation in 2020-12, but it is the only word the contract gives on that content, and a reader or a validating server relies on it',
    ),
  },
  {
    keyword: 'xml',
    versions: ALL_VERSIONS,
    cells: bothSides('changed', 'xml-changed'),
    reason: 'judged in XML bodies only (JSON clients never read it); a namespace prefix alone is not a change, readers match the namespace',
  },
  {
    keyword: '$ref',
    versions: ['2.0', '3.1'],
    reason:
      "followed: the schema it points to is compared, so moving a schema into components changes nothing (3.0 has it too, as a Reference object in a schema's place). In 3.1 the keywords beside it apply as well (JSON Schema 2020-12): they are joined to its target (bounds keep the tighter, `enum` and `type` intersect, `required` unions) and judged like the same keywords written without it; 3.0 and 2.0 ignore them, as their specifications say",
  },
  {
    keyword: '$dynamicRef',
    versions: V31,
    reason:
      "followed through the dynamic scope (JSON Schema 2020-12): where its anchor's static target is a `$dynamicAnchor` of that name, to the outermost schema on the way in that declares the anchor (itself or in its `$defs`; a generic list's `items` overridden by the schema using the list), else like `$ref`: that schema is compared keyword by keyword. The keywords beside it apply as well, joined to what it resolves to as beside a `$ref`",
  },
  { keyword: '$defs', versions: V31, reason: CONTAINER },
  {
    keyword: '$id',
    versions: V31,
    reason:
      "names a schema by URI and starts a resource of its own: every `$ref` inside it resolves against it, a fragment too (`#/$defs/Pet` or `#pet` written inside it names that resource's place, not the document's), and a `$ref` that resolves to a schema of the same document (by its `$id`, a pointer inside it, or an `$anchor` in it) is followed like a pointer, and the schema compared where it is used; the document itself has no base URI we know",
  },
  { keyword: '$anchor', versions: V31, reason: NAMES },
  {
    keyword: '$dynamicAnchor',
    versions: V31,
    reason: 'names a schema a `$dynamicRef` may resolve to; the schema it names is what is compared (see `$dynamicRef`)',
  },
  {
    keyword: '$schema',
    versions: V31,
    cells: (['request', 'response'] as const).flatMap((side) =>
      (['added', 'removed', 'changed'] as const).map((change) => judged(side, change, 'schema-dialect-changed')),
    ),
    reason:
      "names the dialect the schema is read in (absent: the document's `jsonSchemaDialect`, whose change is `json-schema-dialect-changed`); the rules are written for 2020-12 with OpenAPI's vocabulary, so a schema read in another dialect is named for a reviewer, not judged keyword by keyword. Written or dropped while naming the dialect it was read in anyway, it changes nothing",
  },
  { keyword: '$vocabulary', versions: V31, reason: 'only in meta-schemas, which declare dialects; never in an API schema' },
  { keyword: '$comment', versions: V31, reason: DOCS },
  { keyword: 'title', versions: ALL_VERSIONS, reason: DOCS },
  { keyword: 'description', versions: ALL_VERSIONS, reason: DOCS },
  { keyword: 'example', versions: ALL_VERSIONS, reason: DOCS },
  { keyword: 'examples', versions: V31, reason: DOCS },
  { keyword: 'externalDocs', versions: ALL_VERSIONS, reason: DOCS },
];
